// The close handshake's payload (RFC 6455 5.5.1, 7.4): a 2-byte status code and a UTF-8 reason,
// 125 bytes at most in all. Validation of what a peer sent, writing what we send, and the status
// code a parse error closes the connection with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/base/result.h"

namespace sy::net::ws {

namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t unsupported_data = 1003;
inline constexpr std::uint16_t no_status = 1005;  // never on the wire: "the payload was empty"
inline constexpr std::uint16_t abnormal = 1006;   // never on the wire: "no close frame at all"
inline constexpr std::uint16_t invalid_payload = 1007;
inline constexpr std::uint16_t policy_violation = 1008;
inline constexpr std::uint16_t message_too_big = 1009;
inline constexpr std::uint16_t internal_error = 1011;
inline constexpr std::uint16_t try_again_later = 1013;
inline constexpr std::uint16_t bad_gateway = 1014;
}  // namespace close_code

inline constexpr std::size_t kMaxControlPayload = 125;
inline constexpr std::size_t kMaxCloseReason = kMaxControlPayload - 2;

// Codes a close frame may carry: 1000-1003, 1007-1014 (RFC 6455 plus the IANA registry), and
// 3000-4999 (libraries and applications). 1004-1006, 1015 and the rest are reserved.
[[nodiscard]] bool is_valid_close_code(std::uint16_t code) noexcept;

// Writes code (big-endian) and reason into out (room for kMaxControlPayload bytes), truncating the
// reason to 123 bytes at a UTF-8 character boundary. Code 1005 writes nothing (an empty payload).
// Returns the payload length.
std::size_t write_close_payload(std::uint8_t* out, std::uint16_t code,
                                std::string_view reason) noexcept;

struct ClosePayload {
  std::uint16_t code = close_code::no_status;  // 1005 when the payload was empty
  std::string_view reason;                     // a view into the parsed bytes
};

// Errors: ParseErrc::invalid_close (length 1, over 125 bytes, code not valid on the wire) and
// ParseErrc::invalid_utf8 (reason), with the offset into `payload`.
[[nodiscard]] sy::Result<ClosePayload> parse_close_payload(std::span<const std::uint8_t> payload);

// The close code that answers a frame-parser error: 1007 for bad UTF-8, 1009 for a message over
// the limit, 1002 for every other protocol violation.
[[nodiscard]] std::uint16_t close_code_for(const sy::Error& error) noexcept;

}  // namespace sy::net::ws
