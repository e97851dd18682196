// Encodes canonical intents as the client events an OpenAI core receives, always in the GA shape
// (the hosted API no longer accepts beta). An intent without an event id is sent without one.
//
//   openai::ClientEncoder enc;
//   writer.clear();
//   enc.encode(intent, writer);   // e.g. {"type":"input_audio_buffer.append","audio":"..."}
#pragma once

#include "codec/events/intents.h"
#include "codec/json/writer.h"
#include "codec/openai/convert.h"
#include "codec/openai/wire_events.h"

namespace sy::codec::openai {

class ClientEncoder {
 public:
  // Appends one event to `out`.
  void encode(const events::Intent& intent, json::Writer& out);

 private:
  struct Visitor;
  EncodeStorage storage_;
  wire::SessionUpdate session_update_;
  wire::ItemCreate item_create_;
  wire::ResponseCreate response_create_;
};

}  // namespace sy::codec::openai
