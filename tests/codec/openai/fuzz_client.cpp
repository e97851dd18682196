// Fuzz target: any bytes as a frame from an OpenAI-dialect client. Decoding must never crash,
// and a failure must always yield an encodable error event.
#include <cstddef>
#include <cstdint>
#include <string>

#include "codec/openai/client_decoder.h"
#include "codec/openai/client_encoder.h"
#include "codec/openai/server_encoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sy::codec;
  static openai::ClientDecoder decoder;
  static openai::ClientEncoder upstream;
  static openai::ServerEncoder errors;
  static json::Writer writer;
  std::string frame(reinterpret_cast<const char*>(data), size);
  std::size_t n = frame.size();
  frame.resize(n + json::kPadding);  // parse in place, as from the receive buffer
  frame.resize(n);
  writer.clear();
  auto intent = decoder.decode(frame, frame.capacity());
  if (intent.ok()) {
    upstream.encode(*intent, writer);
  } else {
    errors.encode(events::Happening{"", events::ProviderError{decoder.error_info()}}, writer);
  }
  return 0;
}
