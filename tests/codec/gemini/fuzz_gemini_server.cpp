// Gemini server messages from untrusted bytes (an upstream is not trusted either): decoding never
// crashes, and a decoded message encodes to JSON that decodes again to the same kind.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "codec/gemini/canonical.h"
#include "codec/gemini/decoder.h"
#include "codec/gemini/encoder.h"
#include "codec/gemini/events.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sy::codec;
  static gemini::Decoder decoder(1 << 20);
  static gemini::Decoder second(1 << 20);
  static std::string out;
  std::string_view frame(reinterpret_cast<const char*>(data), size);
  auto kind = decoder.decode_server(frame);
  if (!kind) {
    if (decoder.close_reason().size() > gemini::kMaxCloseReason) std::abort();
    return 0;
  }
  if (decoder.server().usage_metadata) (void)gemini::to_usage(*decoder.server().usage_metadata);
  static gemini::EventStorage event_storage;
  static std::vector<events::Happening> converted;
  converted.clear();
  gemini::to_happenings(decoder.server(), event_storage, converted);
  out.clear();
  gemini::encode_server(decoder.server(), out);
  auto again = second.decode_server(out);
  if (!again || *again != *kind) std::abort();
  return 0;
}
