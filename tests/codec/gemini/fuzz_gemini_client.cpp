// Gemini client messages from untrusted bytes: decoding never crashes, a decoded message encodes
// to JSON that decodes again to the same kind, and the canonical conversion accepts any setup.
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
  static gemini::ConfigStorage storage;
  static std::string out;
  std::string_view frame(reinterpret_cast<const char*>(data), size);
  auto kind = decoder.decode_client(frame);
  if (!kind) {
    if (decoder.close_reason().size() > gemini::kMaxCloseReason) std::abort();
    return 0;
  }
  if (*kind == gemini::ClientKind::setup) {
    events::SessionConfig config;
    gemini::to_config(*decoder.client().setup, config, storage);
  }
  static gemini::EventStorage event_storage;
  static std::vector<events::Intent> converted;
  converted.clear();
  gemini::to_intents(decoder.client(), event_storage, converted);
  out.clear();
  gemini::encode_client(decoder.client(), out);
  auto again = second.decode_client(out);
  if (!again || *again != *kind) std::abort();
  return 0;
}
