// Gemini core -> OpenAI client: Gemini's server messages as the OpenAI event lifecycle. Gemini
// has no ids, items or speech events, so they are synthesised here and kept consistent across a
// response: one resp_ id, an item_ id per output item, output indexes counted per response.
#include "codec/gemini/canonical.h"
#include "codec/translate/openai_over_gemini.h"
#include "codec/translate/thread_codecs.h"

namespace sy::codec::translate {

namespace {

std::optional<std::string_view> maybe(std::string_view s) {
  return s.empty() ? std::nullopt : std::optional<std::string_view>(s);
}

}  // namespace

void OpenAiOverGemini::on_upstream_frame(std::string_view bytes, std::size_t capacity, Opcode,
                                         Clock::time_point now, Outputs& out) {
  now_ = now;
  gemini::Decoder& decoder = thread_codecs().gemini;
  auto kind = decoder.decode_server(bytes, capacity);
  if (!kind) {
    emit_error("server_error", "upstream_protocol_error",
               "The core sent a message the gateway could not read.", "", "", out);
    return;
  }
  const gemini::wire::ServerMessage& m = decoder.server();
  // Usage first: it may ride along with the turnComplete that ends the response.
  if (m.usage_metadata) take_usage(*m.usage_metadata);
  switch (*kind) {
    case gemini::ServerKind::setup_complete:
      setup_complete_ = true;
      if (answer_update_on_setup_) {
        answer_update_on_setup_ = false;
        emit(events::SessionUpdated{config_.get()}, out);
      }
      break;
    case gemini::ServerKind::server_content:
      on_server_content(*m.server_content, out);
      break;
    case gemini::ServerKind::tool_call:
      on_tool_call(*m.tool_call, out);
      break;
    case gemini::ServerKind::tool_call_cancellation:
      break;  // OpenAI has no way to withdraw a call; the client's output is simply not asked for
    case gemini::ServerKind::go_away:
      out.upstream_going_away_ms = m.go_away->time_left ? m.go_away->time_left->ms : 0;
      break;
    case gemini::ServerKind::session_resumption_update: {
      const auto& u = *m.session_resumption_update;
      if (u.resumable.value_or(false) && u.new_handle && !u.new_handle->empty()) {
        handle_.assign(*u.new_handle);
      }
      break;
    }
    case gemini::ServerKind::usage_metadata:
      break;  // held back for the response.done it belongs to
  }
}

void OpenAiOverGemini::take_usage(const gemini::wire::UsageMetadata& u) {
  pending_usage_ = gemini::to_usage(u);
}

void OpenAiOverGemini::on_server_content(const gemini::wire::ServerContent& sc, Outputs& out) {
  if (sc.input_transcription && sc.input_transcription->text) {
    input_transcript(*sc.input_transcription->text,
                     sc.input_transcription->finished.value_or(false), out);
  }
  if (!resp_.drop_rest_of_turn) {
    if (sc.model_turn) {
      const gemini::wire::PartList& parts = sc.model_turn->parts;
      for (std::size_t i = 0; i < parts.size(); ++i) {
        const gemini::wire::Part& p = parts[i];
        if (p.thought.value_or(false)) continue;
        if (p.inline_data && p.inline_data->data && p.inline_data->mime_type) {
          model_audio(*p.inline_data->mime_type, *p.inline_data->data, out);
        } else if (p.text && !p.text->empty()) {
          if (!begin_message(events::PartKind::text, out)) continue;
          emit(events::TextDelta{ref(), *p.text}, out);
          append_turn_text(resp_.text, *p.text);
        }
      }
    }
    if (sc.output_transcription && sc.output_transcription->text &&
        !sc.output_transcription->text->empty() && begin_message(events::PartKind::audio, out)) {
      emit(events::OutputTranscriptDelta{ref(), *sc.output_transcription->text}, out);
      append_turn_text(resp_.transcript, *sc.output_transcription->text);
    }
    if (sc.generation_complete.value_or(false)) {
      finish_message(events::ItemStatus::completed, out);
    }
  }
  if (sc.interrupted.value_or(false)) {
    // The user spoke over the answer: Gemini stopped it.
    if (resp_.active) finish_response(events::ResponseStatus::cancelled, "turn_detected", out);
    resp_.drop_rest_of_turn = true;
    if (!manual_turns()) begin_user_turn(out);
  }
  if (sc.turn_complete.value_or(false)) {
    if (resp_.active) finish_response(events::ResponseStatus::completed, "", out);
    resp_.drop_rest_of_turn = false;
    if (!user_speaking_) finish_input_transcript(out);
  }
}

void OpenAiOverGemini::model_audio(std::string_view mime, std::string_view base64, Outputs& out) {
  if (!begin_message(events::PartKind::audio, out)) return;
  std::string_view delta = base64;
  output_audio_at_ = now_;
  if (audio::AudioConverter* converter = output_converter()) {
    audio_scratch_.clear();
    if (!converter->convert_base64(base64, audio_scratch_).ok()) return;
    delta = audio_scratch_;
  }
  (void)mime;  // Gemini Live always answers PCM16 at 24 kHz (audio/pcm;rate=24000)
  resp_.audio_bytes += audio::base64_decoded_size(base64);
  if (!delta.empty()) emit(events::AudioDelta{ref(), delta}, out);
}

void OpenAiOverGemini::on_tool_call(const gemini::wire::ToolCall& tc, Outputs& out) {
  if (resp_.drop_rest_of_turn || !tc.function_calls) return;
  if (!manual_turns() && !user_committed_ && (user_speaking_ || buffer_has_audio_)) {
    end_user_turn(out);
  }
  finish_message(events::ItemStatus::completed, out);
  begin_response(out);
  const auto& calls = *tc.function_calls;
  std::string item_id;
  std::string call_id;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const gemini::wire::FunctionCall& call = calls[i];
    ids_.next("item_", item_id);
    if (call.id && !call.id->empty()) {
      call_id.assign(*call.id);
    } else {
      ids_.next("call_", call_id);
    }
    std::string_view args = call.args ? call.args->json : std::string_view("{}");
    std::uint32_t index = resp_.next_output_index++;
    events::Item item;
    item.id = item_id;
    item.type = events::ItemType::function_call;
    item.role = events::Role::assistant;
    item.status = events::ItemStatus::in_progress;
    item.call_id = call_id;
    item.name = call.name.value_or("");
    std::string prev(items_.last_id());
    emit(events::OutputItemAdded{resp_.id, index, item}, out);
    emit(events::ItemAdded{maybe(prev), item}, out);
    events::ResponseRef r{resp_.id, item_id, index, 0};
    emit(events::FunctionCallArgumentsDelta{r, call_id, args}, out);
    emit(events::FunctionCall{r, call_id, item.name, args}, out);
    item.status = events::ItemStatus::completed;
    item.arguments = args;
    emit(events::OutputItemDone{resp_.id, index, item}, out);
    emit(events::ItemDone{maybe(prev), item}, out);
    items_.add(item, item_id);
    resp_.output_ids.push_back(item_id);
  }
  // Gemini now waits for the tool response; the OpenAI client expects the response to end here.
  finish_response(events::ResponseStatus::completed, "", out);
}

events::ResponseRef OpenAiOverGemini::ref() const {
  return events::ResponseRef{resp_.id, resp_.item_id, resp_.output_index, 0};
}

void OpenAiOverGemini::begin_response(Outputs& out) {
  if (resp_.active) return;
  resp_.active = true;
  ids_.next("resp_", resp_.id);
  resp_.next_output_index = 0;
  resp_.output_ids.clear();
  const events::SessionConfig& c = config_.get();
  emit(events::ResponseStarted{resp_.id, c.modalities, c.voice}, out);
}

bool OpenAiOverGemini::begin_message(events::PartKind kind, Outputs& out) {
  if (resp_.item_open) return resp_.kind == kind;
  // The model answering means the user's turn is over (automatic detection).
  if (!manual_turns() && !user_committed_ && (user_speaking_ || buffer_has_audio_)) {
    end_user_turn(out);
  }
  begin_response(out);
  resp_.item_open = true;
  resp_.kind = kind;
  ids_.next("item_", resp_.item_id);
  resp_.output_index = resp_.next_output_index++;
  resp_.transcript.clear();
  resp_.text.clear();
  resp_.audio_bytes = 0;
  events::Item item;
  item.id = resp_.item_id;
  item.type = events::ItemType::message;
  item.role = events::Role::assistant;
  item.status = events::ItemStatus::in_progress;
  std::string prev(items_.last_id());
  emit(events::OutputItemAdded{resp_.id, resp_.output_index, item}, out);
  emit(events::ItemAdded{maybe(prev), item}, out);
  events::ContentPart part;
  part.kind = kind;
  emit(events::ContentPartAdded{ref(), part}, out);
  StoredItem& stored = items_.add(item, resp_.item_id);
  stored.status = events::ItemStatus::in_progress;
  stored.parts.push_back({kind, {}, {}});
  return true;
}

void OpenAiOverGemini::finish_message(events::ItemStatus status, Outputs& out) {
  if (!resp_.item_open) return;
  resp_.item_open = false;
  events::ResponseRef r = ref();
  events::ContentPart part;
  part.kind = resp_.kind;
  if (resp_.kind == events::PartKind::audio) {
    emit(events::AudioDone{r}, out);
    emit(events::OutputTranscriptDone{r, resp_.transcript}, out);
    part.transcript = resp_.transcript;
  } else {
    emit(events::TextDone{r, resp_.text}, out);
    part.text = resp_.text;
  }
  emit(events::ContentPartDone{r, part}, out);
  if (StoredItem* stored = items_.find(resp_.item_id)) {
    stored->status = status;
    stored->parts.assign(1, {part.kind, resp_.text, resp_.transcript});
    stored->audio_ms = static_cast<std::uint32_t>(resp_.audio_bytes / 48);  // 24 kHz PCM16
    events::Item item = ItemStore::view(*stored, parts_scratch_);
    emit(events::OutputItemDone{resp_.id, resp_.output_index, item}, out);
    emit(events::ItemDone{std::nullopt, item}, out);
  }
  resp_.output_ids.push_back(resp_.item_id);
}

void OpenAiOverGemini::finish_response(events::ResponseStatus status, std::string_view reason,
                                       Outputs& out) {
  if (!resp_.active) return;
  finish_message(status == events::ResponseStatus::completed ? events::ItemStatus::completed
                                                             : events::ItemStatus::incomplete,
                 out);
  done_items_.clear();
  done_parts_.resize(resp_.output_ids.size());
  for (std::size_t i = 0; i < resp_.output_ids.size(); ++i) {
    if (const StoredItem* s = items_.find(resp_.output_ids[i])) {
      done_items_.push_back(ItemStore::view(*s, done_parts_[i]));
    }
  }
  events::ResponseDone done;
  done.response_id = resp_.id;
  done.status = status;
  if (status == events::ResponseStatus::cancelled) done.status_type = "cancelled";
  if (status == events::ResponseStatus::failed) done.status_type = "failed";
  done.status_reason = reason;
  done.usage = pending_usage_;
  done.output = done_items_;
  emit(done, out);
  pending_usage_.reset();
  resp_.active = false;
}

void OpenAiOverGemini::begin_user_turn(Outputs& out) {
  if (user_speaking_) return;
  finish_input_transcript(out);
  user_speaking_ = true;
  user_committed_ = false;
  user_item_open_ = true;
  ids_.next("item_", user_item_id_);
  // Gemini reports no speech onset: the turn is taken to start where the previous one ended, the
  // first audio the client appended after it.
  emit(events::SpeechStarted{static_cast<std::uint32_t>(turn_audio_start_ms_), user_item_id_}, out);
}

void OpenAiOverGemini::end_user_turn(Outputs& out) {
  if (!user_speaking_) begin_user_turn(out);
  emit(events::SpeechStopped{static_cast<std::uint32_t>(input_ms_), user_item_id_}, out);
  turn_audio_start_ms_ = input_ms_;
  user_speaking_ = false;
  commit_user_item(out);
}

void OpenAiOverGemini::commit_user_item(Outputs& out) {
  if (!user_item_open_ || user_committed_) {
    finish_input_transcript(out);
    ids_.next("item_", user_item_id_);
    user_item_open_ = true;
  }
  std::string prev(items_.last_id());
  emit(events::AudioCommitted{user_item_id_, maybe(prev)}, out);
  events::ContentPart part;
  part.kind = events::PartKind::audio;
  part.transcript = input_transcript_;
  events::Item item;
  item.id = user_item_id_;
  item.type = events::ItemType::message;
  item.role = events::Role::user;
  item.status = events::ItemStatus::completed;
  item.content = std::span<const events::ContentPart>(&part, 1);
  emit(events::ItemAdded{maybe(prev), item}, out);
  emit(events::ItemDone{maybe(prev), item}, out);
  items_.add(item, user_item_id_);
  user_committed_ = true;
  buffer_has_audio_ = false;
}

void OpenAiOverGemini::input_transcript(std::string_view text, bool finished, Outputs& out) {
  if (!user_item_open_) {
    if (manual_turns()) {
      ids_.next("item_", user_item_id_);
      user_item_open_ = true;
    } else {
      begin_user_turn(out);
    }
  }
  if (!text.empty()) {
    emit(events::InputTranscriptDelta{user_item_id_, 0, text}, out);
    append_turn_text(input_transcript_, text);
    input_transcript_open_ = true;
  }
  if (finished) finish_input_transcript(out);
}

void OpenAiOverGemini::finish_input_transcript(Outputs& out) {
  if (!input_transcript_open_) return;
  input_transcript_open_ = false;
  emit(events::InputTranscriptDone{user_item_id_, 0, input_transcript_, std::nullopt}, out);
  if (StoredItem* stored = items_.find(user_item_id_)) {
    if (!stored->parts.empty()) stored->parts[0].transcript = input_transcript_;
  }
  input_transcript_.clear();
}

void OpenAiOverGemini::on_upstream_closed(std::uint16_t code, std::string_view reason,
                                          Outputs& out) {
  if (resp_.active) finish_response(events::ResponseStatus::failed, "upstream_closed", out);
  std::string message = "The core closed the connection (";
  message += std::to_string(code);
  message += ")";
  if (!reason.empty()) {
    message += ": ";
    message.append(reason);
  }
  std::string_view type = code == gemini::kCloseInvalidArgument || code == 1008
                              ? "invalid_request_error"
                              : "server_error";
  emit_error(type, "upstream_closed", message, "", "", out);
  setup_complete_ = false;
  activity_open_ = false;
}

}  // namespace sy::codec::translate
