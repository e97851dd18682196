#include "codec/openai/server_decoder.h"

namespace sy::codec::openai {

namespace ev = events;
using json::OpenAiOptions;

namespace {

Error json_error(const Error& e) {
  using json::JsonErrc;
  switch (static_cast<JsonErrc>(e.code)) {
    case JsonErrc::missing_field: return make_error(OpenAiErrc::missing_field, e.message, e.offset);
    case JsonErrc::wrong_type:
    case JsonErrc::not_object: return make_error(OpenAiErrc::wrong_type, e.message, e.offset);
    case JsonErrc::number_out_of_range:
      return make_error(OpenAiErrc::out_of_range, e.message, e.offset);
    case JsonErrc::unknown_enum: return make_error(OpenAiErrc::invalid_value, e.message, e.offset);
    case JsonErrc::too_large: return make_error(OpenAiErrc::too_large, e.message, e.offset);
    default: return make_error(OpenAiErrc::invalid_json, e.message, e.offset);
  }
}

ev::ResponseRef ref_of(const wire::ContentEvent& e) {
  return ev::ResponseRef{e.response_id, e.item_id, e.output_index, e.content_index};
}

std::optional<std::string_view> opt(const json::Nullable<std::string_view>& n) {
  return n.has_value() ? std::optional<std::string_view>(n.value) : std::nullopt;
}

ev::ResponseStatus to_status(std::string_view s) {
  if (s == "in_progress") return ev::ResponseStatus::in_progress;
  if (s == "cancelled") return ev::ResponseStatus::cancelled;
  if (s == "failed") return ev::ResponseStatus::failed;
  if (s == "incomplete") return ev::ResponseStatus::incomplete;
  return ev::ResponseStatus::completed;
}

}  // namespace

Result<ev::Happening> ServerDecoder::decode(std::string_view frame, std::size_t capacity) {
  if (auto st = reader_.open(frame, capacity); !st) return json_error(st.error());
  return decode_open();
}

Result<ev::Happening> ServerDecoder::decode(std::string_view frame) {
  if (auto st = reader_.open(frame); !st) return json_error(st.error());
  return decode_open();
}

Result<ev::Happening> ServerDecoder::decode_open() {
  frame_ = reader_.input();
  storage_.clear();
  if (auto st = reader_.read_open<OpenAiOptions>(envelope_); !st) return json_error(st.error());
  if (!envelope_.type) return make_error(OpenAiErrc::missing_type, "event has no type");
  auto type = server_type(*envelope_.type);
  if (!type) return make_error(OpenAiErrc::unknown_event, "unknown event type");
  return decode_type(*type);
}

#define SY_READ(member)                                                             \
  if (auto st_ = reader_.read_open<OpenAiOptions>(member); !st_) {                  \
    return json_error(st_.error());                                                 \
  }

Result<ev::Happening> ServerDecoder::decode_type(ServerType type) {
  auto fail = [&]() -> Error { return problem_.error; };
  switch (type) {
    case ServerType::audio_delta:
    case ServerType::transcript_delta:
    case ServerType::text_delta: {
      SY_READ(content_);
      if (!content_.delta) return make_error(OpenAiErrc::missing_field, "delta is missing");
      if (type == ServerType::audio_delta) {
        return ev::Happening{content_.event_id, ev::AudioDelta{ref_of(content_), *content_.delta}};
      }
      if (type == ServerType::text_delta) {
        return ev::Happening{content_.event_id, ev::TextDelta{ref_of(content_), *content_.delta}};
      }
      return ev::Happening{content_.event_id,
                           ev::OutputTranscriptDelta{ref_of(content_), *content_.delta}};
    }
    case ServerType::audio_done:
      SY_READ(content_);
      return ev::Happening{content_.event_id, ev::AudioDone{ref_of(content_)}};
    case ServerType::text_done:
      SY_READ(content_);
      return ev::Happening{content_.event_id,
                           ev::TextDone{ref_of(content_), content_.text.value_or("")}};
    case ServerType::transcript_done:
      SY_READ(content_);
      return ev::Happening{content_.event_id, ev::OutputTranscriptDone{
                                                  ref_of(content_), content_.transcript.value_or("")}};
    case ServerType::session_created:
    case ServerType::session_updated: {
      SY_READ(session_);
      ev::SessionConfig config;
      if (!to_config(session_.session, config, storage_, evidence_, problem_)) return fail();
      if (type == ServerType::session_created) {
        return ev::Happening{session_.event_id,
                             ev::SessionReady{session_.session.id.value_or(""), config}};
      }
      return ev::Happening{session_.event_id, ev::SessionUpdated{config}};
    }
    case ServerType::item_added:
    case ServerType::item_created:
    case ServerType::item_done:
    case ServerType::item_retrieved: {
      SY_READ(item_);
      ev::Item it;
      if (!to_item(item_.item, it, storage_, problem_)) return fail();
      auto prev = opt(item_.previous_item_id);
      if (type == ServerType::item_done) return ev::Happening{item_.event_id, ev::ItemDone{prev, it}};
      if (type == ServerType::item_retrieved) {
        return ev::Happening{item_.event_id, ev::ItemRetrieved{it}};
      }
      return ev::Happening{item_.event_id, ev::ItemAdded{prev, it}};
    }
    case ServerType::item_deleted:
      SY_READ(item_id_);
      return ev::Happening{item_id_.event_id, ev::ItemDeleted{item_id_.item_id}};
    case ServerType::item_truncated:
      SY_READ(truncated_);
      return ev::Happening{truncated_.event_id,
                           ev::ItemTruncated{truncated_.item_id, truncated_.content_index,
                                             truncated_.audio_end_ms}};
    case ServerType::transcription_delta:
      SY_READ(transcription_delta_);
      return ev::Happening{transcription_delta_.event_id,
                           ev::InputTranscriptDelta{transcription_delta_.item_id,
                                                    transcription_delta_.content_index,
                                                    transcription_delta_.delta}};
    case ServerType::transcription_completed: {
      SY_READ(transcription_completed_);
      const auto& t = transcription_completed_;
      ev::InputTranscriptDone done{t.item_id, t.content_index, t.transcript, std::nullopt};
      if (t.usage) done.usage = to_usage(*t.usage);
      return ev::Happening{t.event_id, done};
    }
    case ServerType::transcription_failed:
      SY_READ(transcription_failed_);
      return ev::Happening{transcription_failed_.event_id,
                           ev::InputTranscriptFailed{transcription_failed_.item_id,
                                                     transcription_failed_.content_index,
                                                     to_error(transcription_failed_.error)}};
    case ServerType::audio_committed:
      SY_READ(committed_);
      return ev::Happening{committed_.event_id,
                           ev::AudioCommitted{committed_.item_id, opt(committed_.previous_item_id)}};
    case ServerType::audio_cleared:
      SY_READ(bare_);
      return ev::Happening{bare_.event_id, ev::AudioCleared{}};
    case ServerType::speech_started:
      SY_READ(speech_started_);
      return ev::Happening{speech_started_.event_id,
                           ev::SpeechStarted{speech_started_.audio_start_ms, speech_started_.item_id}};
    case ServerType::speech_stopped:
      SY_READ(speech_stopped_);
      return ev::Happening{speech_stopped_.event_id,
                           ev::SpeechStopped{speech_stopped_.audio_end_ms, speech_stopped_.item_id}};
    case ServerType::response_created: {
      SY_READ(response_);
      const auto& r = response_.response;
      ev::ResponseStarted started{r.id.value_or(""), std::nullopt, r.voice};
      if (r.audio && r.audio->output && r.audio->output->voice) started.voice = r.audio->output->voice;
      return ev::Happening{response_.event_id, started};
    }
    case ServerType::response_done: {
      SY_READ(response_);
      const auto& r = response_.response;
      ev::ResponseDone done;
      done.response_id = r.id.value_or("");
      done.status = to_status(r.status.value_or("completed"));
      if (r.status_details.has_value()) {
        done.status_type = r.status_details.value.type.value_or("");
        done.status_reason = r.status_details.value.reason.value_or("");
      }
      if (r.usage.has_value()) done.usage = to_usage(r.usage.value);
      if (r.output) {
        if (!to_items(*r.output, storage_, problem_)) return fail();
        done.output = storage_.items;
      }
      return ev::Happening{response_.event_id, done};
    }
    case ServerType::output_item_added:
    case ServerType::output_item_done: {
      SY_READ(output_item_);
      ev::Item it;
      if (!to_item(output_item_.item, it, storage_, problem_)) return fail();
      if (type == ServerType::output_item_added) {
        return ev::Happening{output_item_.event_id,
                             ev::OutputItemAdded{output_item_.response_id, output_item_.output_index, it}};
      }
      return ev::Happening{output_item_.event_id,
                           ev::OutputItemDone{output_item_.response_id, output_item_.output_index, it}};
    }
    case ServerType::content_part_added:
    case ServerType::content_part_done: {
      SY_READ(part_);
      ev::ResponseRef ref{part_.response_id, part_.item_id, part_.output_index, part_.content_index};
      ev::ContentPart p;
      if (!to_part(part_.part, p, problem_)) return fail();
      if (type == ServerType::content_part_added) {
        return ev::Happening{part_.event_id, ev::ContentPartAdded{ref, p}};
      }
      return ev::Happening{part_.event_id, ev::ContentPartDone{ref, p}};
    }
    case ServerType::function_arguments_delta:
    case ServerType::function_arguments_done: {
      SY_READ(arguments_);
      const auto& a = arguments_;
      ev::ResponseRef ref{a.response_id, a.item_id, a.output_index, 0};
      if (type == ServerType::function_arguments_delta) {
        return ev::Happening{a.event_id,
                             ev::FunctionCallArgumentsDelta{ref, a.call_id, a.delta.value_or("")}};
      }
      return ev::Happening{a.event_id, ev::FunctionCall{ref, a.call_id, a.name.value_or(""),
                                                        a.arguments.value_or("")}};
    }
    case ServerType::rate_limits_updated:
      SY_READ(limits_);
      for (const auto& l : limits_.rate_limits) {
        storage_.limits.push_back(ev::RateLimit{l.name, l.limit, l.remaining, l.reset_seconds});
      }
      return ev::Happening{limits_.event_id, ev::RateLimitsUpdated{storage_.limits}};
    case ServerType::error:
      SY_READ(error_);
      return ev::Happening{error_.event_id, ev::ProviderError{to_error(error_.error)}};
    case ServerType::output_audio_started:
    case ServerType::output_audio_stopped:
    case ServerType::output_audio_cleared: {
      SY_READ(output_audio_);
      auto phase = type == ServerType::output_audio_started   ? ev::OutputAudioBuffer::Phase::started
                   : type == ServerType::output_audio_stopped ? ev::OutputAudioBuffer::Phase::stopped
                                                              : ev::OutputAudioBuffer::Phase::cleared;
      return ev::Happening{output_audio_.event_id,
                           ev::OutputAudioBuffer{phase, output_audio_.response_id}};
    }
    case ServerType::conversation_created:
    case ServerType::other:
      break;
  }
  return ev::Happening{envelope_.event_id.value_or(""), ev::Unhandled{*envelope_.type, frame_}};
}

#undef SY_READ

}  // namespace sy::codec::openai
