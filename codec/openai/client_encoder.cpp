#include "codec/openai/client_encoder.h"

namespace sy::codec::openai {

namespace ev = events;
using json::OpenAiOptions;

struct ClientEncoder::Visitor {
  ClientEncoder& self;
  json::Writer& out;
  wire::Str id;

  template <class T>
  void put(const T& e) {
    json::write<OpenAiOptions>(out, e);
  }
  void bare(ClientType t) { put(wire::Bare{client_type_name(t), id}); }

  void operator()(const ev::ConfigureSession& i) {
    auto& e = self.session_update_;
    e.type = client_type_name(ClientType::session_update);
    e.event_id = id;
    from_config(i.config, Shape::ga, e.session, self.storage_);
    e.session.model.reset();  // fixed by the connection URL; not updatable
    put(e);
  }
  void operator()(const ev::AppendAudio& i) {
    put(wire::AudioAppend{client_type_name(ClientType::audio_append), id, i.audio_base64});
  }
  void operator()(const ev::CommitAudio&) { bare(ClientType::audio_commit); }
  void operator()(const ev::ClearAudio&) { bare(ClientType::audio_clear); }
  void operator()(const ev::ClearOutputAudio&) { bare(ClientType::output_audio_clear); }
  void operator()(const ev::AddItem& i) {
    auto& e = self.item_create_;
    e.type = client_type_name(ClientType::item_create);
    e.event_id = id;
    e.previous_item_id = i.previous_item_id
                             ? json::Nullable<std::string_view>::of(*i.previous_item_id)
                             : json::Nullable<std::string_view>{};
    from_item(i.item, Shape::ga, e.item);
    e.item.object.reset();
    e.item.status.reset();
    put(e);
  }
  void operator()(const ev::CreateResponse& i) {
    auto& e = self.response_create_;
    e.type = client_type_name(ClientType::response_create);
    e.event_id = id;
    const auto& o = i.options;
    bool any = o.instructions || o.modalities || o.voice || o.tools || o.tool_choice ||
               o.temperature || o.max_output_tokens || o.conversation || o.metadata_json || o.input;
    if (any) {
      from_response_options(o, e.response.emplace(), self.storage_);
      if (e.response->input) {
        for (auto& item : *e.response->input) {
          item.object.reset();
          item.status.reset();
        }
      }
    } else {
      e.response.reset();
    }
    put(e);
  }
  void operator()(const ev::CancelResponse& i) {
    wire::ResponseCancel e{client_type_name(ClientType::response_cancel), id, std::nullopt};
    if (!i.response_id.empty()) e.response_id = i.response_id;
    put(e);
  }
  void operator()(const ev::TruncateItem& i) {
    put(wire::Truncate{client_type_name(ClientType::item_truncate), id, i.item_id, i.content_index,
                       i.audio_end_ms});
  }
  void operator()(const ev::RetrieveItem& i) {
    put(wire::ItemRef{client_type_name(ClientType::item_retrieve), id, i.item_id});
  }
  void operator()(const ev::DeleteItem& i) {
    put(wire::ItemRef{client_type_name(ClientType::item_delete), id, i.item_id});
  }
};

void ClientEncoder::encode(const ev::Intent& intent, json::Writer& out) {
  wire::Str id;
  if (!intent.event_id.empty()) id = intent.event_id;
  Visitor v{*this, out, id};
  std::visit(v, intent.body);
}

}  // namespace sy::codec::openai
