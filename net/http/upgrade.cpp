#include "net/http/upgrade.h"

#include "net/http/ascii.h"
#include "net/http/handshake_key.h"

namespace sy::net::http {
namespace {

// True when any header line with this name lists `token`; a field may be split over lines.
bool any_header_has_token(const Request& r, std::string_view name, std::string_view token) {
  bool found = false;
  r.for_each_header(name, [&](std::string_view v) { found = found || list_has_token(v, token); });
  return found;
}

}  // namespace

bool wants_upgrade(const Request& request) noexcept {
  return request.header("Upgrade").has_value();
}

Result<UpgradeRequest> validate_upgrade(const Request& request) {
  if (request.method != "GET") {
    return make_error(HandshakeError::method_not_get, "WebSocket upgrade requires GET");
  }
  if (request.version < 11) {
    return make_error(HandshakeError::http_version, "WebSocket upgrade requires HTTP/1.1");
  }
  const auto host = request.header("Host");
  if (!host || host->empty() || request.header_count("Host") != 1) {
    return make_error(HandshakeError::missing_host, "exactly one Host header is required");
  }
  if (!any_header_has_token(request, "Upgrade", "websocket")) {
    return make_error(HandshakeError::not_websocket_upgrade, "Upgrade header must be websocket");
  }
  if (!any_header_has_token(request, "Connection", "upgrade")) {
    return make_error(HandshakeError::connection_not_upgrade,
                      "Connection header must contain upgrade");
  }

  const auto key = request.header("Sec-WebSocket-Key");
  if (!key) return make_error(HandshakeError::missing_key, "missing Sec-WebSocket-Key");
  if (request.header_count("Sec-WebSocket-Key") != 1 || !is_valid_websocket_key(*key)) {
    return make_error(HandshakeError::bad_key,
                      "Sec-WebSocket-Key must be one base64 value of 16 bytes");
  }

  const auto version = request.header("Sec-WebSocket-Version");
  if (!version) {
    return make_error(HandshakeError::missing_version, "missing Sec-WebSocket-Version");
  }
  if (request.header_count("Sec-WebSocket-Version") != 1 || *version != kWebSocketVersion) {
    return make_error(HandshakeError::unsupported_version,
                      "unsupported Sec-WebSocket-Version (13 is supported)");
  }

  UpgradeRequest out;
  bool tokens_ok = true;
  request.for_each_header("Sec-WebSocket-Protocol", [&](std::string_view v) {
    for_each_list_item(v, [&](std::string_view item) {
      tokens_ok = tokens_ok && is_token(item);
      if (tokens_ok) out.subprotocols.emplace_back(item);
      return tokens_ok;
    });
  });
  if (!tokens_ok) {
    return make_error(HandshakeError::bad_subprotocol,
                      "Sec-WebSocket-Protocol must be a list of tokens");
  }

  out.key = std::string(*key);
  out.host = std::string(*host);
  if (auto origin = request.header("Origin")) out.origin = std::string(*origin);
  if (auto auth = request.header("Authorization")) out.authorization = std::string(*auth);
  return out;
}

}  // namespace sy::net::http
