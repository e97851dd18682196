// Error codes of the audio room (base64, PCM, G.711, resampling, format names). They travel in
// sy::Error::code; a translator maps any of them to an `invalid_request_error` (OpenAI dialect) or
// a close 1007 (Gemini dialect).
#pragma once

#include <cstdint>

namespace sy::codec::audio {

enum class AudioErrc : std::uint16_t {
  kInvalidBase64Char = 1,  // a byte outside the standard alphabet (offset: that byte)
  kBadBase64Padding,   // '=' misplaced, missing, or non-zero trailing bits (offset: the quantum)
  kBadBase64Length,    // length not a multiple of 4 where padding is required
  kOutputTooSmall,     // caller buffer below the documented bound; nothing was written
  kOddPcmBytes,        // PCM16 payload with an odd byte count (offset: the byte count)
  kUnsupportedFormat,  // an audio format name, mime type or rate this gateway does not handle
  kBadRate,            // rate missing, non-numeric or out of range in a mime type or name
  kResamplerFailure,   // libsoxr refused to create or run (should not happen with valid rates)
};

}  // namespace sy::codec::audio
