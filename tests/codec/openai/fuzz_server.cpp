// Fuzz target: any bytes as a frame from an OpenAI core. Decoding must never crash; whatever
// decodes must encode for both client shapes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codec/openai/server_decoder.h"
#include "codec/openai/server_encoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sy::codec;
  static openai::ServerDecoder decoder;
  static openai::ServerEncoder ga(openai::Shape::ga);
  static openai::ServerEncoder beta(openai::Shape::beta);
  static json::Writer writer;
  // Unpadded on purpose: exercises the decoder's copying path.
  auto h = decoder.decode(std::string_view(reinterpret_cast<const char*>(data), size));
  if (h.ok()) {
    writer.clear();
    ga.encode(*h, writer);
    writer.clear();
    beta.encode(*h, writer);
  }
  return 0;
}
