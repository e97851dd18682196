// Client side of the WebSocket opening handshake: reads the server's answer to our upgrade request
// (RFC 6455 section 4.1). A 101 is checked (Upgrade, Connection, Sec-WebSocket-Accept, the chosen
// subprotocol, no extensions); any other status is a refusal whose status and a short, printable
// excerpt of the body are kept, so a client can be told why a provider said no.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/result.h"
#include "net/http/error.h"
#include "net/http/handshake_key.h"

namespace sy::net::http {

struct ResponseLimits {
  // Same reasoning as a request header: providers answer with a few hundred bytes.
  std::size_t header_bytes = 16 * 1024;
  // A refusal body is a JSON error of a few hundred bytes; more is read no further.
  std::size_t body_bytes = 64 * 1024;
};

// Longest body excerpt kept from a refusal: enough for a provider's JSON error message, short
// enough for a client error event and a log line.
inline constexpr std::size_t kRefusalExcerptBytes = 512;

struct Refusal {
  int status = 0;
  std::string reason;        // reason phrase, printable ASCII
  std::string content_type;  // as sent, printable ASCII
  // First kRefusalExcerptBytes of the body with every byte outside printable ASCII replaced
  // ('?', or ' ' for whitespace controls), so it is safe to show and to log.
  std::string body_excerpt;
  bool body_truncated = false;  // the body was longer than the excerpt or was not read fully
};

enum class UpgradeState : std::uint8_t { need_more, upgraded, refused, error };

struct UpgradeProgress {
  UpgradeState state = UpgradeState::need_more;
  // upgraded: bytes of the chunk just fed that belong to the response; the rest are WebSocket
  // frames already sent by the server. need_more: the whole chunk. refused / error: 0.
  std::size_t consumed = 0;
  Error error{};  // when state == error
};

class UpgradeResponseParser {
 public:
  // `key` is the Sec-WebSocket-Key we sent; `offered` the subprotocols we offered.
  UpgradeResponseParser(std::string_view key, std::vector<std::string> offered,
                        ResponseLimits limits = {});
  ~UpgradeResponseParser();
  UpgradeResponseParser(UpgradeResponseParser&&) noexcept;
  UpgradeResponseParser& operator=(UpgradeResponseParser&&) noexcept;

  [[nodiscard]] UpgradeProgress feed(std::string_view chunk);
  [[nodiscard]] UpgradeProgress feed(std::span<const std::uint8_t> chunk) {
    return feed(std::string_view(reinterpret_cast<const char*>(chunk.data()), chunk.size()));
  }
  // The server closed the connection: a refusal body delimited by the close ends here.
  [[nodiscard]] UpgradeProgress finish();

  // After upgraded: the subprotocol the server chose, if any (one of those offered).
  [[nodiscard]] const std::optional<std::string>& subprotocol() const noexcept {
    return subprotocol_;
  }
  // After refused.
  [[nodiscard]] const Refusal& refusal() const noexcept { return refusal_; }
  // After upgraded or refused: the response headers (names as sent), e.g. a request id to log.
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& headers() const noexcept {
    return headers_;
  }

 private:
  struct Impl;
  UpgradeProgress fail(Error e);
  UpgradeProgress complete(std::size_t consumed, bool body_cut_short);

  AcceptKey expected_accept_;
  std::vector<std::string> offered_;
  std::unique_ptr<Impl> impl_;
  std::string pending_;
  std::optional<std::string> subprotocol_;
  Refusal refusal_;
  std::vector<std::pair<std::string, std::string>> headers_;
  UpgradeState state_ = UpgradeState::need_more;
};

}  // namespace sy::net::http
