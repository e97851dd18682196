// Error codes of the HTTP layer. Each enum owns a distinct range of values, so a single sy::Error
// from anywhere in net/http maps to one metrics label and one HTTP status without knowing which
// function produced it.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/base/result.h"

namespace sy::net::http {

// Parsing a request (server role).
enum class RequestError : std::uint16_t {
  malformed = 100,   // not valid HTTP/1.x
  bad_target,        // request target is not a valid origin- or absolute-form URL
  header_too_large,  // request line + headers exceed the header limit
  body_too_large,    // body exceeds the body limit
  parser_finished,   // fed again after completion without reset()
};

// Validating a WebSocket upgrade request (RFC 6455 section 4.2.1), one code per rule.
enum class HandshakeError : std::uint16_t {
  method_not_get = 200,
  http_version,  // not HTTP/1.1 or later
  missing_host,
  not_websocket_upgrade,   // Upgrade header absent or not "websocket"
  connection_not_upgrade,  // Connection header lacks the "upgrade" token
  missing_key,
  bad_key,  // not base64 of 16 bytes, or sent twice
  missing_version,
  unsupported_version,  // answer 426 with Sec-WebSocket-Version: 13
  bad_subprotocol,      // Sec-WebSocket-Protocol is not a list of tokens
};

// Reading the server's answer to our upgrade request (client role).
enum class UpgradeResponseError : std::uint16_t {
  malformed = 300,
  header_too_large,
  body_too_large,
  not_websocket_upgrade,   // 101 without Upgrade: websocket
  connection_not_upgrade,  // 101 without Connection: upgrade
  bad_accept,              // Sec-WebSocket-Accept does not match our key
  unexpected_subprotocol,  // server chose a subprotocol we did not offer
  unexpected_extension,    // server enabled an extension we did not offer
  truncated,               // the connection ended before the response did
  parser_finished,
};

// Parsing a provider base URL from configuration.
enum class UrlError : std::uint16_t {
  malformed = 400,
  unsupported_scheme,
  missing_host,
  unsupported_host,  // IPvFuture
  userinfo,          // credentials belong in headers, not in the URL
  query_or_fragment,
  bad_port,
};

// Short snake_case label for metrics ("handshake failures by reason"); "unknown" outside net/http.
[[nodiscard]] std::string_view error_label(const Error& e) noexcept;

// The status a server answers with for a request or handshake error: 400, 413, 426 or 431.
[[nodiscard]] int error_status(const Error& e) noexcept;

}  // namespace sy::net::http
