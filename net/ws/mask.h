// Masking (RFC 6455 5.3): XOR with a 4-byte key, a vector at a time. The parser unmasks received
// payloads in place and the client role masks what it sends; both go through these two functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sy::net::ws {

// `key` holds the 4 key bytes in wire order as loaded by memcpy (so the same value works on any
// host byte order). `phase` (0-3) is the key offset of data[0], for a payload masked in pieces.
void apply_mask(std::span<std::uint8_t> data, std::uint32_t key, std::size_t phase = 0) noexcept;

// dst[i] = src[i] ^ key byte (i + phase) % 4 for i < n, in one forward pass. dst may overlap src
// when dst <= src: the parser unmasks fragments while compacting them towards the message start.
void unmask_move(std::uint8_t* dst, const std::uint8_t* src, std::size_t n, std::uint32_t key,
                 std::size_t phase) noexcept;

}  // namespace sy::net::ws
