#include "codec/gemini/events.h"

namespace sy::codec::gemini {

namespace {

bool is_audio(std::string_view mime) {
  return mime.size() >= 6 && (mime.substr(0, 6) == "audio/" || mime.substr(0, 6) == "AUDIO/");
}

void add(std::vector<events::Intent>& out, events::IntentBody body) {
  out.push_back(events::Intent{"", body});
}

void add(std::vector<events::Happening>& out, events::HappeningBody body) {
  out.push_back(events::Happening{"", body});
}

std::size_t count_text_parts(const wire::ClientMessage& m) {
  std::size_t n = 0;
  if (m.client_content && m.client_content->turns) {
    for (const auto& turn : *m.client_content->turns) n += turn.parts.size();
  }
  if (m.tool_response && m.tool_response->function_responses) {
    n += m.tool_response->function_responses->size();
  }
  return n + 1;  // realtimeInput.text
}

}  // namespace

void to_intents(const wire::ClientMessage& m, EventStorage& storage,
                std::vector<events::Intent>& out) {
  storage.clear();
  // Items point at parts: reserve once so the spans stay valid.
  storage.parts.reserve(count_text_parts(m));
  storage.items.reserve(count_text_parts(m));
  auto user_text = [&](std::string_view text, events::Role role) {
    events::ContentPart& part = storage.parts.emplace_back();
    part.text = text;
    events::Item item;
    item.role = role;
    item.content = std::span<const events::ContentPart>(&part, 1);
    add(out, events::AddItem{std::nullopt, item});
  };

  if (m.setup) {
    events::ConfigureSession cs;
    to_config(*m.setup, cs.config, storage.config);
    add(out, cs);
  }
  if (m.realtime_input) {
    const wire::RealtimeInput& ri = *m.realtime_input;
    if (ri.activity_start) add(out, events::ClearAudio{});
    if (ri.audio && ri.audio->data) add(out, events::AppendAudio{*ri.audio->data});
    if (ri.media_chunks) {
      for (std::size_t i = 0; i < ri.media_chunks->size(); ++i) {
        const wire::Blob& b = (*ri.media_chunks)[i];
        if (b.data && b.mime_type && is_audio(*b.mime_type)) {
          add(out, events::AppendAudio{*b.data});
        }
      }
    }
    if (ri.text && !ri.text->empty()) {
      user_text(*ri.text, events::Role::user);
      add(out, events::CreateResponse{});
    }
    if (ri.activity_end) {
      add(out, events::CommitAudio{});
      add(out, events::CreateResponse{});
    }
    if (ri.audio_stream_end.value_or(false)) add(out, events::CommitAudio{});
  }
  if (m.client_content) {
    if (m.client_content->turns) {
      for (const auto& turn : *m.client_content->turns) {
        events::Role role = turn.role == "model" ? events::Role::assistant : events::Role::user;
        for (std::size_t i = 0; i < turn.parts.size(); ++i) {
          if (turn.parts[i].text) user_text(*turn.parts[i].text, role);
        }
      }
    }
    if (m.client_content->turn_complete.value_or(false)) add(out, events::CreateResponse{});
  }
  if (m.tool_response && m.tool_response->function_responses) {
    for (const auto& fr : *m.tool_response->function_responses) {
      events::Item item;
      item.type = events::ItemType::function_call_output;
      item.call_id = fr.id.value_or("");
      item.name = fr.name.value_or("");
      item.output = fr.response ? fr.response->json : std::string_view("{}");
      add(out, events::AddItem{std::nullopt, item});
    }
    add(out, events::CreateResponse{});
  }
}

void to_happenings(const wire::ServerMessage& m, EventStorage& storage,
                   std::vector<events::Happening>& out) {
  storage.clear();
  if (m.setup_complete) {
    add(out, events::SessionReady{m.setup_complete->session_id.value_or(""), {}});
  }
  if (m.server_content) {
    const wire::ServerContent& sc = *m.server_content;
    if (sc.input_transcription && sc.input_transcription->text) {
      add(out, events::InputTranscriptDelta{"", 0, *sc.input_transcription->text});
    }
    if (sc.model_turn) {
      for (std::size_t i = 0; i < sc.model_turn->parts.size(); ++i) {
        const wire::Part& p = sc.model_turn->parts[i];
        if (p.thought.value_or(false)) continue;
        if (p.inline_data && p.inline_data->data) {
          add(out, events::AudioDelta{{}, *p.inline_data->data});
        } else if (p.text) {
          add(out, events::TextDelta{{}, *p.text});
        }
      }
    }
    if (sc.output_transcription && sc.output_transcription->text) {
      add(out, events::OutputTranscriptDelta{{}, *sc.output_transcription->text});
    }
    if (sc.generation_complete.value_or(false)) {
      add(out, events::Unhandled{"generationComplete", {}});
    }
    if (sc.interrupted.value_or(false)) {
      events::ResponseDone done;
      done.status = events::ResponseStatus::cancelled;
      done.status_type = "cancelled";
      done.status_reason = "turn_detected";
      add(out, done);
    }
    if (sc.turn_complete.value_or(false)) {
      events::ResponseDone done;
      if (m.usage_metadata) done.usage = to_usage(*m.usage_metadata);
      add(out, done);
    }
  }
  if (m.tool_call && m.tool_call->function_calls) {
    const auto& calls = *m.tool_call->function_calls;
    for (std::size_t i = 0; i < calls.size(); ++i) {
      std::string_view args = calls[i].args ? calls[i].args->json : std::string_view("{}");
      add(out, events::FunctionCall{{}, calls[i].id.value_or(""), calls[i].name.value_or(""),
                                    args});
    }
  }
  if (m.tool_call_cancellation && m.tool_call_cancellation->ids) {
    storage.ids.assign(m.tool_call_cancellation->ids->begin(),
                       m.tool_call_cancellation->ids->end());
    add(out, events::FunctionCallsCancelled{std::span<const std::string_view>(storage.ids)});
  }
  if (m.go_away) {
    add(out, events::GoAway{m.go_away->time_left ? m.go_away->time_left->ms : 0});
  }
  if (m.session_resumption_update) {
    const auto& u = *m.session_resumption_update;
    add(out, events::ResumptionHandle{u.new_handle.value_or(""), u.resumable.value_or(false)});
  }
  bool alone = m.usage_metadata && !(m.server_content && m.server_content->turn_complete);
  if (alone) add(out, events::Unhandled{"usageMetadata", {}});
}

}  // namespace sy::codec::gemini
