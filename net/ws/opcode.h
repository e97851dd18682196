// RFC 6455 vocabulary shared by the frame parser, the frame writer and the connection: opcodes,
// endpoint roles and the parser's error codes.
#pragma once

#include <cstdint>

namespace sy::net::ws {

enum class Opcode : std::uint8_t {
  continuation = 0,
  text = 1,
  binary = 2,
  close = 8,
  ping = 9,
  pong = 10,
};

[[nodiscard]] constexpr bool is_control(Opcode op) noexcept {
  return (static_cast<std::uint8_t>(op) & 0x8) != 0;
}

// The opcodes RFC 6455 defines; 3-7 and 11-15 are reserved and fail the connection.
[[nodiscard]] constexpr bool is_known_opcode(std::uint8_t op) noexcept {
  return op <= 2 || (op >= 8 && op <= 10);
}

// server: frames from the peer (a client) MUST be masked; client: they MUST NOT be (RFC 6455 5.1).
enum class Role : std::uint8_t { server, client };

// Why parsing failed. The first four are what the connection maps to close codes; the rest refine
// protocol_error so metrics and logs can tell the violations apart (all of them close with 1002).
enum class ParseErrc : std::uint16_t {
  protocol_error = 0,     // catch-all; also "parse() called again after an error"
  invalid_utf8 = 1,       // text message or close reason is not UTF-8 (1007)
  message_too_big = 2,    // over ParserConfig::max_message_bytes (1009)
  invalid_close = 3,      // close payload of length 1 or with a code not allowed on the wire
  reserved_bits = 4,      // RSV1-3 set without a negotiated extension
  reserved_opcode = 5,    // opcode 3-7 or 11-15
  bad_mask = 6,           // unmasked frame to a server or masked frame to a client
  bad_control_frame = 7,  // fragmented control frame or control payload over 125 bytes
  bad_continuation = 8,   // continuation without a start, or a new data frame inside a message
  bad_length = 9,         // non-minimal length encoding or 64-bit length with the MSB set
};

}  // namespace sy::net::ws
