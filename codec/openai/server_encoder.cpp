#include "codec/openai/server_encoder.h"

#include <charconv>
#include <cstring>

namespace sy::codec::openai {

namespace ev = events;
using json::Nullable;
using json::OpenAiOptions;

std::string_view ServerEncoder::event_id(std::string_view given) {
  if (!given.empty()) return given;
  std::memcpy(id_buf_.data(), "event_", 6);
  auto r = std::to_chars(id_buf_.data() + 6, id_buf_.data() + id_buf_.size(), next_id_++);
  return {id_buf_.data(), static_cast<std::size_t>(r.ptr - id_buf_.data())};
}

namespace {

Nullable<std::string_view> nullable(const std::optional<std::string_view>& s) {
  return s ? Nullable<std::string_view>::of(*s) : Nullable<std::string_view>::null_value();
}

wire::ContentEvent content_event(std::string_view type, std::string_view id,
                                 const ev::ResponseRef& ref) {
  wire::ContentEvent e;
  e.type = type;
  e.event_id = id;
  e.response_id = ref.response_id;
  e.item_id = ref.item_id;
  e.output_index = ref.output_index;
  e.content_index = ref.content_index;
  return e;
}

}  // namespace

struct ServerEncoder::Visitor {
  ServerEncoder& self;
  json::Writer& out;
  std::string_view id;

  std::string_view name(ServerType t) const { return server_type_name(t, self.shape_); }

  template <class T>
  bool put(const T& wire_event) {
    json::write<OpenAiOptions>(out, wire_event);
    return true;
  }

  bool session(ServerType t, std::string_view session_id, const ev::SessionConfig& c) {
    auto& e = self.session_;
    e.type = name(t);
    e.event_id = id;
    from_config(c, self.shape_, e.session, self.storage_);
    e.session.object = "realtime.session";
    if (!session_id.empty()) e.session.id = session_id;
    return put(e);
  }
  bool item(ServerType t, const std::optional<std::string_view>& prev, const ev::Item& it,
            bool with_previous) {
    auto n = name(t);
    if (n.empty()) return false;
    auto& e = self.item_;
    e.type = n;
    e.event_id = id;
    e.previous_item_id = with_previous ? nullable(prev) : Nullable<std::string_view>{};
    from_item(it, self.shape_, e.item);
    return put(e);
  }
  bool output_item(ServerType t, std::string_view response_id, std::uint32_t index,
                   const ev::Item& it) {
    auto& e = self.output_item_;
    e.type = name(t);
    e.event_id = id;
    e.response_id = response_id;
    e.output_index = index;
    from_item(it, self.shape_, e.item);
    return put(e);
  }
  bool part(ServerType t, const ev::ResponseRef& ref, const ev::ContentPart& p) {
    wire::ContentPartEvent e{name(t), id, ref.response_id, ref.item_id, ref.output_index,
                             ref.content_index, from_part(p, ev::Role::assistant, self.shape_)};
    return put(e);
  }

  bool operator()(const ev::SessionReady& h) {
    return session(ServerType::session_created, h.session_id, h.config);
  }
  bool operator()(const ev::SessionUpdated& h) {
    return session(ServerType::session_updated, {}, h.config);
  }
  bool operator()(const ev::SpeechStarted& h) {
    return put(wire::SpeechStarted{name(ServerType::speech_started), id, h.audio_start_ms, h.item_id});
  }
  bool operator()(const ev::SpeechStopped& h) {
    return put(wire::SpeechStopped{name(ServerType::speech_stopped), id, h.audio_end_ms, h.item_id});
  }
  bool operator()(const ev::AudioCommitted& h) {
    return put(wire::Committed{name(ServerType::audio_committed), id, nullable(h.previous_item_id),
                               h.item_id});
  }
  bool operator()(const ev::AudioCleared&) {
    return put(wire::ServerBare{name(ServerType::audio_cleared), id});
  }
  bool operator()(const ev::InputTranscriptDelta& h) {
    return put(wire::TranscriptionDelta{name(ServerType::transcription_delta), id, h.item_id,
                                        h.content_index, h.delta});
  }
  bool operator()(const ev::InputTranscriptDone& h) {
    wire::TranscriptionCompleted e{name(ServerType::transcription_completed), id, h.item_id,
                                   h.content_index, h.transcript, std::nullopt};
    if (h.usage) e.usage = from_usage(*h.usage);
    return put(e);
  }
  bool operator()(const ev::InputTranscriptFailed& h) {
    wire::TranscriptionFailed e{name(ServerType::transcription_failed), id, h.item_id,
                                h.content_index, {}};
    e.error = wire::Error{h.error.type, Nullable<std::string_view>::of(h.error.code),
                          h.error.message, Nullable<std::string_view>::null_value(), {}};
    return put(e);
  }
  bool operator()(const ev::ItemAdded& h) {
    return item(ServerType::item_added, h.previous_item_id, h.item, true);
  }
  bool operator()(const ev::ItemDone& h) {
    return item(ServerType::item_done, h.previous_item_id, h.item, true);
  }
  bool operator()(const ev::ItemRetrieved& h) {
    return item(ServerType::item_retrieved, std::nullopt, h.item, false);
  }
  bool operator()(const ev::ItemDeleted& h) {
    return put(wire::ItemIdEvent{name(ServerType::item_deleted), id, h.item_id});
  }
  bool operator()(const ev::ItemTruncated& h) {
    return put(wire::TruncatedEvent{name(ServerType::item_truncated), id, h.item_id,
                                    h.content_index, h.audio_end_ms});
  }
  bool operator()(const ev::ResponseStarted& h) {
    auto& e = self.response_;
    e.type = name(ServerType::response_created);
    e.event_id = id;
    e.response = {};
    e.response.object = "realtime.response";
    e.response.id = h.response_id;
    e.response.status = "in_progress";
    e.response.status_details = Nullable<wire::StatusDetails>::null_value();
    e.response.output.emplace();
    if (h.modalities) {
      std::vector<std::string_view> m;
      if (h.modalities->text) m.push_back("text");
      if (h.modalities->audio) m.push_back("audio");
      if (self.shape_ == Shape::ga) {
        e.response.output_modalities = std::move(m);
      } else {
        e.response.modalities = std::move(m);
      }
    }
    if (h.voice) {
      if (self.shape_ == Shape::ga) {
        e.response.audio.emplace().output.emplace().voice = h.voice;
      } else {
        e.response.voice = h.voice;
      }
    }
    e.response.usage = Nullable<wire::Usage>::null_value();
    return put(e);
  }
  bool operator()(const ev::OutputItemAdded& h) {
    return output_item(ServerType::output_item_added, h.response_id, h.output_index, h.item);
  }
  bool operator()(const ev::OutputItemDone& h) {
    return output_item(ServerType::output_item_done, h.response_id, h.output_index, h.item);
  }
  bool operator()(const ev::ContentPartAdded& h) {
    return part(ServerType::content_part_added, h.ref, h.part);
  }
  bool operator()(const ev::ContentPartDone& h) {
    return part(ServerType::content_part_done, h.ref, h.part);
  }
  bool operator()(const ev::AudioDelta& h) {
    auto e = content_event(name(ServerType::audio_delta), id, h.ref);
    e.delta = h.audio_base64;
    return put(e);
  }
  bool operator()(const ev::AudioDone& h) {
    return put(content_event(name(ServerType::audio_done), id, h.ref));
  }
  bool operator()(const ev::TextDelta& h) {
    auto e = content_event(name(ServerType::text_delta), id, h.ref);
    e.delta = h.delta;
    return put(e);
  }
  bool operator()(const ev::TextDone& h) {
    auto e = content_event(name(ServerType::text_done), id, h.ref);
    e.text = h.text;
    return put(e);
  }
  bool operator()(const ev::OutputTranscriptDelta& h) {
    auto e = content_event(name(ServerType::transcript_delta), id, h.ref);
    e.delta = h.delta;
    return put(e);
  }
  bool operator()(const ev::OutputTranscriptDone& h) {
    auto e = content_event(name(ServerType::transcript_done), id, h.ref);
    e.transcript = h.transcript;
    return put(e);
  }
  bool operator()(const ev::FunctionCallArgumentsDelta& h) {
    wire::FunctionArguments e{name(ServerType::function_arguments_delta), id, h.ref.response_id,
                              h.ref.item_id, h.ref.output_index, h.call_id, h.delta, {}, {}};
    return put(e);
  }
  bool operator()(const ev::FunctionCall& h) {
    wire::FunctionArguments e{name(ServerType::function_arguments_done), id, h.ref.response_id,
                              h.ref.item_id, h.ref.output_index, h.call_id, {}, h.name,
                              h.arguments};
    return put(e);
  }
  bool operator()(const ev::FunctionCallsCancelled&) { return false; }
  bool operator()(const ev::ResponseDone& h) {
    auto& e = self.response_;
    e.type = name(ServerType::response_done);
    e.event_id = id;
    auto output = std::move(e.response.output);
    e.response = {};
    e.response.object = "realtime.response";
    e.response.id = h.response_id;
    e.response.status = status_name(h.status);
    if (h.status_type.empty() && h.status_reason.empty()) {
      e.response.status_details = Nullable<wire::StatusDetails>::null_value();
    } else {
      wire::StatusDetails d;
      d.type = h.status_type.empty() ? status_name(h.status) : h.status_type;
      if (!h.status_reason.empty()) d.reason = h.status_reason;
      e.response.status_details = Nullable<wire::StatusDetails>::of(d);
    }
    auto& items = output ? *output : output.emplace();
    items.resize(h.output.size());
    for (std::size_t i = 0; i < h.output.size(); ++i) from_item(h.output[i], self.shape_, items[i]);
    e.response.output = std::move(output);
    e.response.usage = h.usage ? Nullable<wire::Usage>::of(from_usage(*h.usage))
                               : Nullable<wire::Usage>::null_value();
    return put(e);
  }
  bool operator()(const ev::RateLimitsUpdated& h) {
    auto& e = self.limits_;
    e.type = name(ServerType::rate_limits_updated);
    e.event_id = id;
    e.rate_limits.clear();
    for (const auto& l : h.limits) {
      e.rate_limits.push_back(wire::RateLimit{l.name, l.limit, l.remaining, l.reset_seconds});
    }
    return put(e);
  }
  bool operator()(const ev::OutputAudioBuffer& h) {
    ServerType t = h.phase == ev::OutputAudioBuffer::Phase::started ? ServerType::output_audio_started
                   : h.phase == ev::OutputAudioBuffer::Phase::stopped
                       ? ServerType::output_audio_stopped
                       : ServerType::output_audio_cleared;
    return put(wire::OutputAudioBufferEvent{name(t), id, h.response_id});
  }
  bool operator()(const ev::ProviderError& h) {
    auto opt = [](std::string_view s) {
      return s.empty() ? Nullable<std::string_view>::null_value() : Nullable<std::string_view>::of(s);
    };
    wire::ErrorEvent e{name(ServerType::error), id,
                       wire::Error{h.error.type.empty() ? "server_error" : h.error.type,
                                   opt(h.error.code), h.error.message, opt(h.error.param),
                                   opt(h.error.event_id)}};
    return put(e);
  }
  bool operator()(const ev::GoAway&) { return false; }
  bool operator()(const ev::ResumptionHandle&) { return false; }
  bool operator()(const ev::Unhandled& h) {
    if (h.raw_json.empty()) return false;
    out.raw(h.raw_json);
    return true;
  }
};

bool ServerEncoder::encode(const ev::Happening& h, json::Writer& out) {
  // Only generate an id (and spend a counter value) for events that are written.
  if (std::holds_alternative<ev::GoAway>(h.body) ||
      std::holds_alternative<ev::ResumptionHandle>(h.body) ||
      std::holds_alternative<ev::FunctionCallsCancelled>(h.body)) {
    return false;
  }
  if (shape_ == Shape::beta && std::holds_alternative<ev::ItemDone>(h.body)) return false;
  Visitor v{*this, out, event_id(h.event_id)};
  return std::visit(v, h.body);
}

}  // namespace sy::codec::openai
