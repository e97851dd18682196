// Encoding of Gemini Live messages, both directions: server messages for Gemini-dialect clients and
// client messages for upstream Gemini connections. The reflected writer emits lowerCamelCase keys,
// int64 values as strings and durations as "Ns", as proto3 JSON does; absent members are left out.
// The server sends JSON in binary frames (the SDKs decode bytes), so sessions send the output of
// encode_server() with the binary opcode.
//
// Output is appended to a caller-owned string (its capacity is reused: no allocation once warm).
#pragma once

#include <string>
#include <string_view>

#include "codec/gemini/wire.h"

namespace sy::codec::gemini {

void encode_client(const wire::ClientMessage& message, std::string& out);
void encode_server(const wire::ServerMessage& message, std::string& out);

// The hot messages, without building a wire struct: one audio chunk of a model turn
// ({"serverContent":{"modelTurn":{"parts":[{"inlineData":{...}}]}}}) and one realtime audio input.
void encode_model_audio(std::string_view mime_type, std::string_view base64, std::string& out);
void encode_realtime_audio(std::string_view mime_type, std::string_view base64, std::string& out);

}  // namespace sy::codec::gemini
