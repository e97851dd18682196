// Fuzz target for the audio parsers of untrusted input: base64 decoding (both padding modes, with
// a re-encoding check), mime type parsing, and a full conversion of the bytes as a chunk.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "codec/audio/audio_converter.h"
#include "codec/audio/audio_format.h"
#include "codec/audio/base64.h"

using namespace sy::codec::audio;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  std::vector<std::uint8_t> buf(base64_decoded_size(text));
  const auto padding = (selector & 1) ? Base64Padding::kOptional : Base64Padding::kRequired;
  auto decoded = base64_decode(text, buf, padding);
  if (decoded) {
    // Strict decoding accepts only canonical text: re-encoding gives it back (modulo padding).
    std::string again;
    base64_encode_append({buf.data(), *decoded}, again);
    if (again.compare(0, text.size(), text) != 0) std::abort();
  } else if (decoded.error().offset > text.size()) {
    std::abort();
  }

  auto mime = parse_mime_audio_format(text, 16000);
  if (!mime && mime.error().offset > text.size()) std::abort();

  static const AudioFormat kFormats[] = {kOpenAiPcm16, kOpenAiUlaw, kOpenAiAlaw, kGeminiInput};
  auto conv = AudioConverter::create(kFormats[selector % 4], kFormats[(selector >> 2) % 4]);
  if (!conv) std::abort();
  std::string out;
  (void)conv->convert_base64(text, out, padding);
  (void)conv->convert({data + 1, size - 1});
  (void)conv->flush_base64(out);
  return 0;
}
