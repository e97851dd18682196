// The WebSocket handshake nonce (Sec-WebSocket-Key) and its proof (Sec-WebSocket-Accept),
// RFC 6455 sections 4.1 and 4.2.2.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace sy::net::http {

using WebSocketKey = std::array<char, 24>;  // base64 of 16 bytes
using AcceptKey = std::array<char, 28>;     // base64 of a 20-byte SHA-1 digest

// base64(SHA-1(key + the RFC 6455 GUID)); `key` is the header value exactly as received.
[[nodiscard]] AcceptKey websocket_accept_key(std::string_view key) noexcept;

// True when `key` is base64 (with padding) of exactly 16 bytes.
[[nodiscard]] bool is_valid_websocket_key(std::string_view key) noexcept;

// A key for the client role from a given nonce (tests) or from the kernel's random source.
[[nodiscard]] WebSocketKey make_websocket_key(std::span<const std::uint8_t, 16> nonce) noexcept;
[[nodiscard]] WebSocketKey random_websocket_key() noexcept;

[[nodiscard]] inline std::string_view as_view(const WebSocketKey& k) noexcept {
  return {k.data(), k.size()};
}
[[nodiscard]] inline std::string_view as_view(const AcceptKey& k) noexcept {
  return {k.data(), k.size()};
}

}  // namespace sy::net::http
