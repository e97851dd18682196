#include "codec/gemini/encoder.h"

#include <utility>

#include "codec/json/naming.h"
#include "codec/json/writer.h"

namespace sy::codec::gemini {

namespace {

// Writes into `out` by lending its storage to a Writer (a swap: no copy, no allocation).
template <class F>
void with_writer(std::string& out, F&& fill) {
  json::Writer w;
  w.buffer().swap(out);
  std::forward<F>(fill)(w);
  w.buffer().swap(out);
}

void blob(json::Writer& w, std::string_view mime_type, std::string_view base64) {
  w.begin_object();
  w.key("mimeType");
  w.string(mime_type);
  w.key("data");
  w.string(base64);
  w.end_object();
}

}  // namespace

void encode_client(const wire::ClientMessage& message, std::string& out) {
  with_writer(out, [&](json::Writer& w) { json::write<json::ProtoOptions>(w, message); });
}

void encode_server(const wire::ServerMessage& message, std::string& out) {
  with_writer(out, [&](json::Writer& w) { json::write<json::ProtoOptions>(w, message); });
}

void encode_model_audio(std::string_view mime_type, std::string_view base64, std::string& out) {
  with_writer(out, [&](json::Writer& w) {
    w.begin_object();
    w.key("serverContent");
    w.begin_object();
    w.key("modelTurn");
    w.begin_object();
    w.key("parts");
    w.begin_array();
    w.begin_object();
    w.key("inlineData");
    blob(w, mime_type, base64);
    w.end_object();
    w.end_array();
    w.end_object();
    w.end_object();
    w.end_object();
  });
}

void encode_realtime_audio(std::string_view mime_type, std::string_view base64, std::string& out) {
  with_writer(out, [&](json::Writer& w) {
    w.begin_object();
    w.key("realtimeInput");
    w.begin_object();
    w.key("audio");
    blob(w, mime_type, base64);
    w.end_object();
    w.end_object();
  });
}

}  // namespace sy::codec::gemini
