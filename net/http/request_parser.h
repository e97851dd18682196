// Incremental HTTP/1.1 request parser for the WebSocket upgrade and the REST routes, built on
// Beast's parser with bounded header and body. Feed each received chunk once; when the request is
// complete, the bytes of the chunk after it (a client's first WebSocket frame, or a pipelined
// request) are the caller's to keep.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "net/http/error.h"
#include "net/http/request.h"

namespace sy::net::http {

struct RequestLimits {
  // Browsers send well under 8 KiB; a long Authorization JWT plus cookies still fits in 16 KiB,
  // and anything larger during an unauthenticated handshake is abuse.
  // Capped at 65535 (Beast's per-field bound).
  std::size_t header_bytes = 16 * 1024;
  // REST bodies here are small JSON (the client_secrets request); this bounds per-connection memory
  // before authentication.
  std::size_t body_bytes = 64 * 1024;
};

enum class ParseState : std::uint8_t { need_more, complete, error };

struct ParseProgress {
  ParseState state = ParseState::need_more;
  // complete: bytes of the chunk just fed that belong to the request (the rest follows it);
  // need_more: the whole chunk (it is held by the parser); error: 0.
  std::size_t consumed = 0;
  Error error{};   // when state == error
  int status = 0;  // when state == error: the status to answer with (400, 413 or 431)
};

class RequestParser {
 public:
  explicit RequestParser(RequestLimits limits = {});
  ~RequestParser();
  RequestParser(RequestParser&&) noexcept;
  RequestParser& operator=(RequestParser&&) noexcept;

  [[nodiscard]] ParseProgress feed(std::string_view chunk);
  [[nodiscard]] ParseProgress feed(std::span<const std::uint8_t> chunk) {
    return feed(std::string_view(reinterpret_cast<const char*>(chunk.data()), chunk.size()));
  }

  // The parsed request; valid once feed() returned complete.
  [[nodiscard]] const Request& request() const noexcept { return request_; }
  [[nodiscard]] Request& request() noexcept { return request_; }

  // Bytes held while waiting for the rest of the request (an incomplete header or body).
  [[nodiscard]] std::size_t buffered() const noexcept { return pending_.size(); }
  // True once any byte was fed: a handshake timeout may treat an idle connection differently.
  [[nodiscard]] bool started() const noexcept { return started_; }

  // Prepares for the next request on the same connection (keep-alive).
  void reset();

 private:
  struct Impl;
  [[nodiscard]] ParseProgress fail(Error e);

  RequestLimits limits_;
  std::unique_ptr<Impl> impl_;
  std::string pending_;
  Request request_;
  ParseState state_ = ParseState::need_more;
  bool started_ = false;
};

}  // namespace sy::net::http
