// Decoders a translator needs only while it handles one frame: one set per thread, shared by the
// sessions of a shard, which take turns and use up what is decoded before the call returns. An
// idle session then holds none of their memory (parsers, reused wire structs), which is most of
// what a translator would otherwise weigh.
#pragma once

#include "codec/gemini/decoder.h"
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
};

ThreadCodecs& thread_codecs();

}  // namespace sy::codec::translate
