#include "net/ws/frame_writer.h"

#include <cassert>
#include <cstring>

namespace sy::net::ws {

std::size_t write_header(std::uint8_t* out, Opcode op, std::uint64_t payload_len, bool fin,
                         const std::uint32_t* mask_key) noexcept {
  assert(!is_control(op) || (fin && payload_len <= 125));
  out[0] = static_cast<std::uint8_t>((fin ? 0x80 : 0x00) | static_cast<std::uint8_t>(op));
  const std::uint8_t mask_bit = mask_key ? 0x80 : 0x00;
  std::size_t n;
  if (payload_len < 126) {
    out[1] = static_cast<std::uint8_t>(mask_bit | payload_len);
    n = 2;
  } else if (payload_len <= 0xFFFF) {
    out[1] = mask_bit | 126;
    out[2] = static_cast<std::uint8_t>(payload_len >> 8);
    out[3] = static_cast<std::uint8_t>(payload_len);
    n = 4;
  } else {
    out[1] = mask_bit | 127;
    for (int i = 0; i < 8; ++i) out[2 + i] = static_cast<std::uint8_t>(payload_len >> (56 - 8 * i));
    n = 10;
  }
  if (mask_key) {
    std::memcpy(out + n, mask_key, 4);
    n += 4;
  }
  return n;
}

}  // namespace sy::net::ws
