// Converts one audio stream from one AudioFormat to another, chunk by chunk: G.711 expansion,
// resampling (state kept across chunks), G.711 compression, with base64 on both ends for the
// translators (e.g. an OpenAI client's µ-law 8 kHz appends -> Gemini's PCM16 16 kHz input, or
// Gemini's PCM16 24 kHz output -> µ-law 8 kHz deltas). One converter per stream and direction.
//
// Scratch buffers grow to the largest chunk seen and are then reused: once warm, a chunk costs no
// allocation here (and none in libsoxr, see resampler.h). Views returned by convert() and flush()
// stay valid until the next call on the same converter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codec/audio/audio_format.h"
#include "codec/audio/base64.h"
#include "codec/audio/resampler.h"
#include "core/base/result.h"

namespace sy::codec::audio {

class AudioConverter {
 public:
  static Result<AudioConverter> create(AudioFormat from, AudioFormat to) noexcept;

  [[nodiscard]] AudioFormat from() const noexcept { return from_; }
  [[nodiscard]] AudioFormat to() const noexcept { return to_; }
  [[nodiscard]] bool resamples() const noexcept { return resampler_.has_value(); }

  // Raw bytes in `from` -> raw bytes in `to`. PCM16 input with an odd byte count fails with
  // kOddPcmBytes (offset: the byte count) and leaves the stream state untouched.
  Result<std::span<const std::uint8_t>> convert(std::span<const std::uint8_t> in);

  // Base64 in `from` -> base64 in `to`, appended to `out` (nothing is appended on error). Errors:
  // those of base64_decode (offsets into `in`), then kOddPcmBytes.
  Status convert_base64(std::string_view in, std::string& out,
                        Base64Padding padding = Base64Padding::kRequired);

  // End of stream: the audio the resampler still holds, then ready for a new stream. Empty when
  // the rates match.
  Result<std::span<const std::uint8_t>> flush();
  Status flush_base64(std::string& out);

  // Drops held-back audio (the client cleared its buffer, or the response was cancelled).
  void reset() noexcept;

  // Bytes of the scratch buffers (libsoxr's own state, when resampling, comes on top).
  [[nodiscard]] std::size_t scratch_bytes() const noexcept {
    return pcm_in_.capacity() * sizeof(std::int16_t) + codes_.capacity() +
           pcm_out_.capacity() * sizeof(std::int16_t);
  }

  // Audio consumed but not yet emitted, in milliseconds (0 without resampling).
  [[nodiscard]] double delay_ms() const noexcept;

 private:
  AudioConverter(AudioFormat from, AudioFormat to, std::optional<Resampler> resampler) noexcept;
  // Runs the stage after decoding: `samples` PCM16 samples sit at the start of pcm_in_.
  Result<std::span<const std::uint8_t>> finish(std::size_t samples);
  std::span<const std::uint8_t> encode(std::span<const std::int16_t> pcm);

  AudioFormat from_;
  AudioFormat to_;
  std::optional<Resampler> resampler_;
  // Sized to the largest chunk so far; only the leading part of each is in use per call.
  std::vector<std::int16_t> pcm_in_;   // input as PCM16 (decoded base64 lands here directly)
  std::vector<std::uint8_t> codes_;    // G.711 input codes, or G.711 output codes
  std::vector<std::int16_t> pcm_out_;  // resampled PCM16
};

}  // namespace sy::codec::audio
