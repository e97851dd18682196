// The audio formats the two dialects name, and parsing of their names: Gemini mime types
// (`audio/pcm;rate=16000`), OpenAI beta names (`pcm16`, `g711_ulaw`, `g711_alaw`) and OpenAI GA
// format objects (`{type: "audio/pcm", rate: 24000}`, `audio/pcmu`, `audio/pcma`), of which only
// the string and the number reach this code. All PCM is 16-bit little-endian mono.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/base/result.h"

namespace sy::codec::audio {

enum class AudioEncoding : std::uint8_t { kPcm16, kG711Ulaw, kG711Alaw };

struct AudioFormat {
  AudioEncoding encoding = AudioEncoding::kPcm16;
  int rate = 24000;  // samples per second

  [[nodiscard]] constexpr std::size_t bytes_per_sample() const noexcept {
    return encoding == AudioEncoding::kPcm16 ? 2 : 1;
  }
  friend constexpr bool operator==(const AudioFormat&, const AudioFormat&) = default;
};

// The formats the dialects use, named once so that translators agree on them.
inline constexpr AudioFormat kOpenAiPcm16{AudioEncoding::kPcm16, 24000};
inline constexpr AudioFormat kOpenAiUlaw{AudioEncoding::kG711Ulaw, 8000};
inline constexpr AudioFormat kOpenAiAlaw{AudioEncoding::kG711Alaw, 8000};
inline constexpr AudioFormat kGeminiInput{AudioEncoding::kPcm16, 16000};
inline constexpr AudioFormat kGeminiOutput{AudioEncoding::kPcm16, 24000};

// Rates accepted in a format: the three the dialects use (8, 16, 24 kHz) and the other common
// capture rates a Gemini-dialect client may declare (Gemini itself resamples them). Anything else
// is refused at parse time rather than handed to the resampler.
[[nodiscard]] constexpr bool is_supported_rate(int rate) noexcept {
  switch (rate) {
    case 8000:
    case 11025:
    case 12000:
    case 16000:
    case 22050:
    case 24000:
    case 32000:
    case 44100:
    case 48000:
      return true;
    default:
      return false;
  }
}

// `audio/pcm;rate=16000` (also `audio/pcm` alone, taken at `default_rate`), `audio/pcmu` and
// `audio/pcma` (8 kHz). Type and parameter names are case-insensitive, blanks around ';' and
// '=' are allowed, unknown parameters are ignored. Error offsets point into `mime`.
Result<AudioFormat> parse_mime_audio_format(std::string_view mime,
                                            int default_rate = 16000) noexcept;

// OpenAI beta names: `pcm16` (24 kHz), `g711_ulaw`, `g711_alaw` (8 kHz).
Result<AudioFormat> parse_openai_format_name(std::string_view name) noexcept;

// OpenAI GA `format` object: `type` is `audio/pcm` (rate from `rate`, 24000 when absent),
// `audio/pcmu` or `audio/pcma` (8 kHz; a `rate` other than 8000 is refused).
Result<AudioFormat> parse_openai_ga_format(std::string_view type, std::optional<int> rate) noexcept;

// Gemini mime type for a PCM16 format, e.g. "audio/pcm;rate=24000". Writes into `buf` (at least
// kMimeBufferSize bytes) and returns a view of it; G.711 formats give "audio/pcmu"/"audio/pcma".
inline constexpr std::size_t kMimeBufferSize = 32;
std::string_view format_mime(AudioFormat format, char* buf) noexcept;

// OpenAI beta name ("pcm16", "g711_ulaw", "g711_alaw") and GA type ("audio/pcm", "audio/pcmu",
// "audio/pcma") of a format; the rate of a GA PCM format goes in its own `rate` field.
[[nodiscard]] std::string_view openai_format_name(AudioFormat format) noexcept;
[[nodiscard]] std::string_view openai_ga_format_type(AudioFormat format) noexcept;

}  // namespace sy::codec::audio
