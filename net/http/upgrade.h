// Server side of the WebSocket opening handshake: checks a parsed request against RFC 6455
// section 4.2.1 and collects what authentication and routing need.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "net/http/error.h"
#include "net/http/request.h"

namespace sy::net::http {

struct UpgradeRequest {
  std::string key;                        // Sec-WebSocket-Key, validated
  std::vector<std::string> subprotocols;  // Sec-WebSocket-Protocol entries, in offered order
  std::string host;
  std::optional<std::string> origin;         // browsers send it; native clients usually do not
  std::optional<std::string> authorization;  // raw header value, e.g. "Bearer ..."; never log it
};

// True when the request asks for a protocol switch at all (has an Upgrade header); such a request
// goes to validate_upgrade, any other to the REST routes.
[[nodiscard]] bool wants_upgrade(const Request& request) noexcept;

// Checks every rule of the opening handshake. On failure the error's code (HandshakeError) names
// the rule; error_status() gives the answer: 426 for unsupported_version (the reply must carry
// Sec-WebSocket-Version: 13), 400 otherwise.
[[nodiscard]] Result<UpgradeRequest> validate_upgrade(const Request& request);

// The version this server speaks, for the 426 reply.
inline constexpr std::string_view kWebSocketVersion = "13";

}  // namespace sy::net::http
