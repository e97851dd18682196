// Base64 (RFC 4648, standard alphabet) for audio payloads: the hot path of every audio event.
// Encoding and decoding run 32 characters per step with AVX2 when the CPU has it (chosen once at
// run time) and fall back to a table-driven scalar loop; both give identical results.
//
// Decoding is strict: any byte outside the alphabet (including whitespace and the URL-safe '-'
// and '_'), '=' anywhere but the last one or two positions, and non-zero bits left over in the
// last character are errors carrying the offending offset. Padding is required by default, as
// OpenAI clients always pad. `Base64Padding::kOptional` also accepts unpadded input, because the
// proto3 JSON mapping that Gemini Live speaks obliges parsers to accept it, so a Gemini-dialect
// client may legally send it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace sy::codec::audio {

enum class Base64Padding : std::uint8_t { kRequired, kOptional };

// Characters produced for `bytes` input bytes (always padded).
[[nodiscard]] constexpr std::size_t base64_encoded_size(std::size_t bytes) noexcept {
  return (bytes + 2) / 3 * 4;
}

// Bytes produced by decoding `text`: exact for well-formed input (padded or not), and for any
// other input still a bound on what base64_decode writes, so it is always a safe buffer size.
[[nodiscard]] std::size_t base64_decoded_size(std::string_view text) noexcept;

// Bound that needs only the length (for sizing buffers before the text is known).
[[nodiscard]] constexpr std::size_t base64_decoded_max_size(std::size_t chars) noexcept {
  return (chars + 3) / 4 * 3;
}

// Writes exactly base64_encoded_size(in.size()) characters to `out`; returns that count.
std::size_t base64_encode(std::span<const std::uint8_t> in, char* out) noexcept;

// Appends the encoding of `in` to `out` (grows it only when its capacity is short).
void base64_encode_append(std::span<const std::uint8_t> in, std::string& out);

// Decodes `in` into `out`, which must hold base64_decoded_size(in) bytes (else kOutputTooSmall
// and nothing is written). Returns the number of bytes written. On an error the contents of
// `out` are unspecified; the error offset points at the first offending character.
Result<std::size_t> base64_decode(std::string_view in, std::span<std::uint8_t> out,
                                  Base64Padding padding = Base64Padding::kRequired) noexcept;

// Name of the kernel base64_encode/base64_decode use on this CPU ("avx2" or "scalar").
[[nodiscard]] const char* base64_kernel_name() noexcept;

}  // namespace sy::codec::audio
