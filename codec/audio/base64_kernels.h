// Internal kernels behind base64.h, exposed so tests can check every kernel against the others
// and benchmarks can compare them. Callers outside codec/audio use base64.h.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sy::codec::audio::base64_detail {

// Decoding kernels work on whole 4-character quanta that contain no padding. They decode up to
// `quanta` quanta and return how many decoded cleanly; a smaller count means the quantum at that
// index holds a byte outside the alphabet (its bytes in `out` are then unspecified).
std::size_t decode_quanta_scalar(const char* in, std::size_t quanta, std::uint8_t* out) noexcept;
std::size_t decode_quanta_avx2(const char* in, std::size_t quanta, std::uint8_t* out) noexcept;

// Encoding kernels write base64_encoded_size(n) characters, padding included.
void encode_scalar(const std::uint8_t* in, std::size_t n, char* out) noexcept;
void encode_avx2(const std::uint8_t* in, std::size_t n, char* out) noexcept;

// True when the CPU (and OS) support AVX2, so the *_avx2 kernels may run.
[[nodiscard]] bool cpu_has_avx2() noexcept;

// Value of one alphabet character, or -1 (shared with the tail handling in base64.cpp).
[[nodiscard]] int decode_char(char c) noexcept;

}  // namespace sy::codec::audio::base64_detail
