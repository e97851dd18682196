// Frame headers for what we send, in both roles (RFC 6455 5.2). The payload is written by the
// caller next to the header (one gather write); the client role masks it with apply_mask().
#pragma once

#include <cstddef>
#include <cstdint>

#include "net/ws/mask.h"
#include "net/ws/opcode.h"

namespace sy::net::ws {

// 2 bytes + 8-byte extended length + 4-byte masking key.
inline constexpr std::size_t kMaxHeaderBytes = 14;

// Writes the header of a frame into out (room for kMaxHeaderBytes) using the shortest length
// encoding, as a receiver requires. With mask_key the MASK bit is set and the key (wire order, see
// apply_mask) follows. Returns the header length. Control frames must have fin and <= 125 bytes;
// that is the caller's contract (checked in debug builds).
std::size_t write_header(std::uint8_t* out, Opcode op, std::uint64_t payload_len, bool fin = true,
                         const std::uint32_t* mask_key = nullptr) noexcept;

// Header length for a payload length, without writing it.
[[nodiscard]] constexpr std::size_t header_size(std::uint64_t payload_len, bool masked) noexcept {
  return (payload_len < 126 ? 2 : payload_len <= 0xFFFF ? 4 : 10) + (masked ? 4 : 0);
}

}  // namespace sy::net::ws
