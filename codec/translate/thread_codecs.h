// Decoders a translator (or the conversation tap) needs only while it handles one frame: one set
// per thread, shared by the sessions of a shard, which take turns and use up what is decoded
// before the call returns (the tap before the translator runs, the translator before its output
// is tapped). An
// idle session then holds none of their memory (parsers, reused wire structs), which is most of
// what a translator would otherwise weigh.
#pragma once

#include <vector>

#include "codec/events/happenings.h"
#include "codec/events/intents.h"
#include "codec/gemini/decoder.h"
#include "codec/gemini/events.h"
#include "codec/json/reader.h"
#include "codec/openai/client_decoder.h"
#include "codec/openai/client_encoder.h"
#include "codec/openai/server_decoder.h"

namespace sy::codec::translate {

struct ThreadCodecs {
  openai::ClientDecoder openai_ga{openai::Shape::ga};
  openai::ClientDecoder openai_beta{openai::Shape::beta};
  openai::ServerDecoder openai_server;
  openai::ClientEncoder openai_client_encoder;
  gemini::Decoder gemini;
  json::Reader object_check{std::size_t{1} << 20};  // is this text one JSON object?
  // The conversation tap's canonical view of a Gemini message.
  gemini::EventStorage gemini_storage;
  std::vector<events::Intent> intents;
  std::vector<events::Happening> happenings;
};

ThreadCodecs& thread_codecs();

}  // namespace sy::codec::translate
