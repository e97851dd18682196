// G.711 µ-law and A-law <-> PCM16, table-driven, following the ITU-T G.191 reference coder
// (one's-complement rounding of negative samples, so encode(decode(code)) == code for every code
// except µ-law negative zero 0x7F, which re-encodes as positive zero 0xFF).
// Decoded values use the full 16-bit scale: µ-law spans ±32124, A-law ±32256.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sy::codec::audio {

[[nodiscard]] std::int16_t ulaw_to_pcm16(std::uint8_t code) noexcept;
[[nodiscard]] std::int16_t alaw_to_pcm16(std::uint8_t code) noexcept;
[[nodiscard]] std::uint8_t pcm16_to_ulaw(std::int16_t sample) noexcept;
[[nodiscard]] std::uint8_t pcm16_to_alaw(std::int16_t sample) noexcept;

// Bulk forms: `out` must be at least as long as `in` (one sample per code and back); they return
// the count converted, which is in.size().
std::size_t ulaw_decode(std::span<const std::uint8_t> in, std::span<std::int16_t> out) noexcept;
std::size_t alaw_decode(std::span<const std::uint8_t> in, std::span<std::int16_t> out) noexcept;
std::size_t ulaw_encode(std::span<const std::int16_t> in, std::span<std::uint8_t> out) noexcept;
std::size_t alaw_encode(std::span<const std::int16_t> in, std::span<std::uint8_t> out) noexcept;

}  // namespace sy::codec::audio
