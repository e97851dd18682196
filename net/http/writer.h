// HTTP/1.1 message writers, appending to the caller's buffer: the server's responses (101 and any
// other status) and the client's upgrade request. Field values are written as given except that
// control characters are replaced by spaces, so a value can never start a new header line.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sy::net::http {

struct HeaderField {
  std::string_view name;
  std::string_view value;
};

// Where a writer appends: a std::string or a byte vector owned by the caller.
class OutBuffer {
 public:
  OutBuffer(std::string& s) noexcept  // NOLINT: implicit on purpose
      : target_(&s),
        append_([](void* t, std::string_view v) { static_cast<std::string*>(t)->append(v); }) {}
  OutBuffer(std::vector<char>& v) noexcept  // NOLINT
      : target_(&v), append_([](void* t, std::string_view s) {
          auto* vec = static_cast<std::vector<char>*>(t);
          vec->insert(vec->end(), s.begin(), s.end());
        }) {}
  OutBuffer(std::vector<std::uint8_t>& v) noexcept  // NOLINT
      : target_(&v), append_([](void* t, std::string_view s) {
          auto* vec = static_cast<std::vector<std::uint8_t>*>(t);
          const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
          vec->insert(vec->end(), p, p + s.size());
        }) {}

  void append(std::string_view s) const { append_(target_, s); }

 private:
  void* target_;
  void (*append_)(void*, std::string_view);
};

struct Response {
  int status = 200;
  std::string_view reason = {};               // empty: the standard phrase for `status`
  std::string_view content_type = {};         // omitted when empty
  std::string_view body = {};                 // Content-Length is always written
  std::span<const HeaderField> headers = {};  // e.g. Sec-WebSocket-Version, Retry-After,
                                              // Connection: close
};

// The standard reason phrase, or "Unknown" for a status without one.
[[nodiscard]] std::string_view reason_phrase(int status) noexcept;

void write_response(OutBuffer out, const Response& response);

// 101 Switching Protocols. A credential-carrying subprotocol is never written, whatever is passed.
void write_switching_protocols(OutBuffer out, std::string_view accept_key,
                               std::optional<std::string_view> subprotocol,
                               std::span<const HeaderField> extra_headers = {});

// The client's upgrade request. `host_header` is BaseUrl::host_header() for an outbound leg;
// `target` the origin-form path and query; `key` from random_websocket_key().
void write_client_handshake(OutBuffer out, std::string_view host_header, std::string_view target,
                            std::string_view key, std::span<const HeaderField> extra_headers = {},
                            std::span<const std::string_view> subprotocols = {});

}  // namespace sy::net::http
