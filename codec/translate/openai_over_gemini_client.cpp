// OpenAI client -> Gemini core: the client's intents as Gemini client messages, and the answers
// Gemini has no counterpart for (acks, item store) synthesised here.
#include <variant>

#include "codec/audio/base64.h"
#include "codec/gemini/canonical.h"
#include "codec/gemini/encoder.h"
#include "codec/translate/history.h"
#include "codec/translate/openai_over_gemini.h"
#include "codec/translate/thread_codecs.h"
#include "codec/translate/voices.h"

namespace sy::codec::translate {

namespace {

constexpr std::string_view kGeminiInputMime = "audio/pcm;rate=16000";

audio::AudioFormat to_audio_format(const events::AudioFormat& f) {
  switch (f.encoding) {
    case events::AudioEncoding::g711_ulaw:
      return audio::kOpenAiUlaw;
    case events::AudioEncoding::g711_alaw:
      return audio::kOpenAiAlaw;
    case events::AudioEncoding::pcm16:
      break;
  }
  return audio::AudioFormat{audio::AudioEncoding::kPcm16, static_cast<int>(f.sample_rate)};
}

// What an OpenAI session reports before the client has said anything.
events::SessionConfig default_config(std::string_view model) {
  events::SessionConfig c;
  c.model = model;
  c.instructions = "";
  c.voice = "alloy";
  c.modalities = events::Modalities{false, true};
  c.input_format = events::AudioFormat{};
  c.output_format = events::AudioFormat{};
  events::TurnDetection td;
  td.threshold = 0.5;
  td.prefix_padding_ms = 300;
  td.silence_duration_ms = 500;
  td.create_response = true;
  td.interrupt_response = true;
  c.turn_detection = td;
  c.transcription = events::Transcription{false};
  c.tools = std::span<const events::Tool>{};
  c.tool_choice = "auto";
  c.max_output_tokens = events::MaxTokens{};
  return c;
}

// Empty struct: reading into it validates that a text is one JSON object.
struct AnyObject {};
BOOST_DESCRIBE_STRUCT(AnyObject, (), ())

}  // namespace

OpenAiOverGemini::OpenAiOverGemini(const TranslatorOptions& options)
    : options_(options),
      ids_(options.id_seed),
      client_encoder_(options.openai_beta ? openai::Shape::beta : openai::Shape::ga) {
  config_.apply(default_config(options_.reported_model));
  ids_.next("sess_", session_id_);
  // Transcripts reserve their room when a turn first uses them (append_turn_text) and keep it
  // while the session is active; trim() gives it back once the session is quiet.
}

void OpenAiOverGemini::on_client_open(Clock::time_point now, Outputs& out) {
  emit(events::SessionReady{session_id_, config_.get()}, out);
  if (!setup_sent_) deadline_ = now + options_.setup_delay;
}

void OpenAiOverGemini::on_timer(Clock::time_point now, Outputs& out) {
  if (deadline_ && now >= *deadline_) ensure_setup(out);
}

void OpenAiOverGemini::on_upstream_reopened(Clock::time_point, Outputs& out) {
  // The previous connection's setup is gone with it; resume with the same configuration.
  if (setup_sent_) {
    setup_sent_ = false;
    send_setup(out);
  }
}

void OpenAiOverGemini::on_upstream_restore(const Restore& r, Clock::time_point, Outputs& out) {
  if (r.config) {
    config_.apply(*r.config);
    (void)rebuild_converters();
  }
  // retrieve, delete and truncate know the conversation as before.
  for (const events::Item& item : r.history)
    if (!item.id.empty() && !items_.find(item.id)) items_.add(item, item.id);
  handle_.assign(r.upstream_handle);
  answer_update_on_setup_ = false;
  setup_sent_ = false;
  send_setup(out);
  if (handle_.empty()) gemini_history(r.history, out.upstream);
  // A conversation that ends with the user's words awaits an answer: the client's next
  // response.create asks Gemini for it, as after a text item.
  pending_text_ = !r.history.empty() && r.history.back().role != events::Role::assistant;
  core_answering_ = false;
}

void OpenAiOverGemini::on_client_resume(const Resume& r, Clock::time_point now, Outputs& out) {
  if (!r.session_id.empty()) session_id_.assign(r.session_id);
  emit(events::SessionReady{session_id_, config_.get()}, out);
  if (!setup_sent_) deadline_ = now + options_.setup_delay;
}

void OpenAiOverGemini::end_answer(const InFlightAnswer&, std::string_view reason, Outputs& out) {
  if (!resp_.active) return;
  finish_response(events::ResponseStatus::cancelled, reason, out);
  resp_.drop_rest_of_turn = false;
}

void OpenAiOverGemini::request_answer(Outputs& out) {
  ensure_setup(out);
  upstream_msg_ = {};
  upstream_msg_.client_content.emplace().turn_complete = true;
  send_upstream(upstream_msg_, out);
  pending_text_ = false;
  core_answering_ = true;
}

void OpenAiOverGemini::trim(Clock::time_point now) {
  // Two seconds without audio: the turn it belonged to is long over (its tail was flushed at the
  // commit, or Gemini's own detection ended the turn).
  constexpr auto kIdle = std::chrono::seconds(2);
  if (input_converter_ && now - input_audio_at_ > kIdle) input_converter_.reset();
  if (output_converter_ && now - output_audio_at_ > kIdle) output_converter_.reset();
  if (now - now_ <= kIdle) return;  // frames are flowing: keep the warm buffers
  // Scratch is only used within one call; what accumulates is kept while it is in use.
  std::string().swap(audio_scratch_);
  std::string().swap(text_scratch_);
  std::vector<events::ContentPart>().swap(parts_scratch_);
  std::vector<events::Item>().swap(done_items_);
  std::vector<std::vector<events::ContentPart>>().swap(done_parts_);
  upstream_msg_ = {};
  if (!input_transcript_open_) std::string().swap(input_transcript_);
  if (!resp_.active) {
    std::string().swap(resp_.transcript);
    std::string().swap(resp_.text);
  }
}

std::size_t OpenAiOverGemini::retained_bytes() const {
  std::size_t n = heap_bytes(audio_scratch_) + heap_bytes(text_scratch_) +
                  heap_bytes(parts_scratch_) + heap_bytes(done_items_) + heap_bytes(done_parts_) +
                  heap_bytes(input_transcript_) + heap_bytes(resp_.transcript) +
                  heap_bytes(resp_.text);
  if (input_converter_) n += input_converter_->scratch_bytes();
  if (output_converter_) n += output_converter_->scratch_bytes();
  return n;
}

void OpenAiOverGemini::on_client_frame(std::string_view bytes, std::size_t capacity, Opcode,
                                       Clock::time_point now, Outputs& out) {
  now_ = now;
  openai::ClientDecoder& decoder =
      options_.openai_beta ? thread_codecs().openai_beta : thread_codecs().openai_ga;
  auto decoded = decoder.decode(bytes, capacity);
  if (!decoded) {
    emit(events::ProviderError{decoder.error_info()}, out);
    out.fault = decoder.error_code() == openai::OpenAiErrc::unknown_event
                    ? TranslationFault::unknown
                    : TranslationFault::malformed;
    return;
  }
  const events::Intent& intent = *decoded;
  std::string_view eid = intent.event_id;
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, events::ConfigureSession>) {
          configure(body.config, eid, out);
        } else if constexpr (std::is_same_v<T, events::AppendAudio>) {
          append(body.audio_base64, eid, out);
        } else if constexpr (std::is_same_v<T, events::CommitAudio>) {
          commit(eid, out);
        } else if constexpr (std::is_same_v<T, events::ClearAudio>) {
          clear_input(out);
        } else if constexpr (std::is_same_v<T, events::AddItem>) {
          add_item(body, eid, out);
        } else if constexpr (std::is_same_v<T, events::CreateResponse>) {
          create_response(out);
        } else if constexpr (std::is_same_v<T, events::CancelResponse>) {
          cancel_response(body.response_id, eid, out);
        } else if constexpr (std::is_same_v<T, events::TruncateItem>) {
          truncate(body, eid, out);
        } else if constexpr (std::is_same_v<T, events::RetrieveItem>) {
          retrieve(body.item_id, eid, out);
        } else if constexpr (std::is_same_v<T, events::DeleteItem>) {
          remove(body.item_id, eid, out);
        } else if constexpr (std::is_same_v<T, events::ClearOutputAudio>) {
          emit(events::OutputAudioBuffer{events::OutputAudioBuffer::Phase::cleared, resp_.id},
               out);
        }
      },
      intent.body);
}

bool OpenAiOverGemini::manual_turns() const {
  const auto& td = config_.get().turn_detection;
  return td && td->mode == events::TurnDetectionMode::manual;
}

Status OpenAiOverGemini::rebuild_converters() {
  // Only the formats are settled here; a resampler (tens of KiB of filter state) is made when
  // the first audio needs it, so a session that has not spoken yet holds none.
  const events::SessionConfig& c = config_.get();
  audio::AudioFormat in = c.input_format ? to_audio_format(*c.input_format) : audio::kOpenAiPcm16;
  audio::AudioFormat out =
      c.output_format ? to_audio_format(*c.output_format) : audio::kOpenAiPcm16;
  if (in != client_in_) {
    input_converter_.reset();
    client_in_ = in;
  }
  if (out != client_out_) {
    output_converter_.reset();
    client_out_ = out;
  }
  return {};
}

audio::AudioConverter* OpenAiOverGemini::input_converter() {
  if (!input_converter_) {
    auto conv = audio::AudioConverter::create(client_in_, audio::kGeminiInput);
    if (!conv) return nullptr;
    input_converter_.emplace(std::move(*conv));
  }
  return &*input_converter_;
}

audio::AudioConverter* OpenAiOverGemini::output_converter() {
  if (client_out_ == audio::kGeminiOutput) return nullptr;  // the base64 goes through as it is
  if (!output_converter_) {
    auto conv = audio::AudioConverter::create(audio::kGeminiOutput, client_out_);
    if (!conv) return nullptr;
    output_converter_.emplace(std::move(*conv));
  }
  return &*output_converter_;
}

void OpenAiOverGemini::configure(const events::SessionConfig& update, std::string_view event_id,
                                 Outputs& out) {
  if (setup_sent_) {
    std::string_view param = config_.setup_change(update);
    if (!param.empty()) {
      emit_error("invalid_request_error", "session_update_requires_setup",
                 "This session's core (Gemini Live) fixes this setting when the session starts "
                 "(first session.update, first audio or 500 ms); the update was not applied.",
                 param, event_id, out);
      out.fault = TranslationFault::unsupported;
      return;
    }
  }
  // Refused before anything is applied, so the effective configuration stays usable.
  const std::optional<events::AudioFormat>* formats[] = {&update.input_format,
                                                         &update.output_format};
  const std::string_view params[] = {"session.audio.input.format", "session.audio.output.format"};
  for (int i = 0; i < 2; ++i) {
    const auto& f = *formats[i];
    if (f && f->encoding == events::AudioEncoding::pcm16 &&
        !audio::is_supported_rate(static_cast<int>(f->sample_rate))) {
      emit_error("invalid_request_error", "invalid_value", "Unsupported audio format.", params[i],
                 event_id, out);
      out.fault = TranslationFault::audio;
      return;
    }
  }
  config_.apply(update);
  (void)rebuild_converters();  // cannot fail: every rate left is supported
  if (!setup_sent_) {
    answer_update_on_setup_ = true;
    send_setup(out);
    return;
  }
  emit(events::SessionUpdated{config_.get()}, out);
}

void OpenAiOverGemini::send_setup(Outputs& out) {
  (void)rebuild_converters();
  events::SessionConfig c = config_.get();
  if (c.voice) c.voice = gemini_voice_for(*c.voice);
  // Its own message: callers may be half-way through filling upstream_msg_.
  gemini::wire::ClientMessage message;
  gemini::wire::Setup& setup = message.setup.emplace();
  gemini::from_config(c, options_.gemini_model, setup);
  auto& resumption = setup.session_resumption.emplace();
  if (!handle_.empty()) resumption.handle = handle_;
  send_upstream(message, out);
  setup_sent_ = true;
  setup_complete_ = false;
  deadline_.reset();
}

void OpenAiOverGemini::send_upstream(const gemini::wire::ClientMessage& m, Outputs& out) {
  gemini::encode_client(m, out.upstream.begin(Opcode::text).buffer());
  out.upstream.end();
}

void OpenAiOverGemini::append(std::string_view audio_base64, std::string_view event_id,
                              Outputs& out) {
  ensure_setup(out);
  input_audio_at_ = now_;
  audio::AudioConverter* converter = input_converter();
  if (!converter) return;
  audio_scratch_.clear();
  if (auto st = converter->convert_base64(audio_base64, audio_scratch_); !st) {
    emit_error("invalid_request_error", "invalid_value",
               "Invalid 'audio': expected base64-encoded audio in the session's input format.",
               "audio", event_id, out);
    out.fault = TranslationFault::audio;
    return;
  }
  std::size_t bytes = audio::base64_decoded_size(audio_base64);
  input_ms_ += static_cast<double>(bytes) * 1000.0 /
               (static_cast<double>(client_in_.rate) * static_cast<double>(client_in_.bytes_per_sample()));
  if (bytes != 0) buffer_has_audio_ = true;
  if (manual_turns() && !activity_open_) {
    upstream_msg_ = {};
    upstream_msg_.realtime_input.emplace().activity_start.emplace();
    send_upstream(upstream_msg_, out);
    activity_open_ = true;
  }
  if (audio_scratch_.empty()) return;  // the resampler holds the first few milliseconds back
  gemini::encode_realtime_audio(kGeminiInputMime, audio_scratch_,
                                out.upstream.begin(Opcode::text).buffer());
  out.upstream.end();
}

void OpenAiOverGemini::commit(std::string_view event_id, Outputs& out) {
  if (!buffer_has_audio_) {
    emit_error("invalid_request_error", "input_audio_buffer_commit_empty",
               "Error committing input audio buffer: the buffer is empty.", "", event_id, out);
    return;
  }
  ensure_setup(out);
  // The resampler's held-back tail belongs to this turn.
  audio_scratch_.clear();
  if (input_converter_ && input_converter_->flush_base64(audio_scratch_).ok() &&
      !audio_scratch_.empty()) {
    gemini::encode_realtime_audio(kGeminiInputMime, audio_scratch_,
                                  out.upstream.begin(Opcode::text).buffer());
    out.upstream.end();
  }
  upstream_msg_ = {};
  if (manual_turns()) {
    upstream_msg_.realtime_input.emplace().activity_end.emplace();
    activity_open_ = false;
  } else {
    upstream_msg_.realtime_input.emplace().audio_stream_end = true;
  }
  send_upstream(upstream_msg_, out);
  core_answering_ = true;
  if (user_speaking_) {
    end_user_turn(out);
  } else {
    commit_user_item(out);
  }
}

void OpenAiOverGemini::clear_input(Outputs& out) {
  // Gemini cannot take back audio it has heard; the gateway drops what it still holds.
  if (input_converter_) input_converter_->reset();
  buffer_has_audio_ = false;
  emit(events::AudioCleared{}, out);
}

void OpenAiOverGemini::add_item(const events::AddItem& add, std::string_view event_id,
                                Outputs& out) {
  std::string id;
  if (add.item.id.empty()) {
    ids_.next("item_", id);
  } else {
    id.assign(add.item.id);
  }
  std::string prev(add.previous_item_id.value_or(items_.last_id()));
  StoredItem& stored = items_.add(add.item, id);
  events::Item view = ItemStore::view(stored, parts_scratch_);
  emit(events::ItemAdded{prev.empty() ? std::nullopt : std::optional<std::string_view>(prev), view},
       out);
  emit(events::ItemDone{prev.empty() ? std::nullopt : std::optional<std::string_view>(prev), view},
       out);
  (void)event_id;

  if (add.item.type == events::ItemType::function_call_output) {
    ensure_setup(out);
    send_function_output(add.item, out);
    return;
  }
  if (add.item.type != events::ItemType::message) return;  // function_call items are kept only
  ensure_setup(out);
  upstream_msg_ = {};
  auto& cc = upstream_msg_.client_content.emplace();
  auto& turn = cc.turns.emplace().emplace_back();
  // Gemini knows only user and model turns; system text is given as the user's.
  turn.role = add.item.role == events::Role::assistant ? "model" : "user";
  for (const events::ContentPart& p : add.item.content) {
    std::string_view text = p.kind == events::PartKind::text ? p.text : p.transcript;
    if (!text.empty()) turn.parts.emplace_back().text = text;
  }
  if (turn.parts.empty()) return;  // audio-only items: Gemini takes audio as realtime input only
  cc.turn_complete = false;
  send_upstream(upstream_msg_, out);
  pending_text_ = true;
}

void OpenAiOverGemini::send_function_output(const events::Item& item, Outputs& out) {
  // Gemini wants the function's name and an object; OpenAI gives a call id and a string.
  // The name is kept by call id: the function_call item the gateway synthesised from toolCall.
  std::string_view name = "function";
  if (const StoredItem* call = items_.find_call(item.call_id)) name = call->name;
  upstream_msg_ = {};
  auto& fr = upstream_msg_.tool_response.emplace().function_responses.emplace().emplace_back();
  fr.id = item.call_id;
  fr.name = name;
  AnyObject probe;
  if (!item.output.empty() && thread_codecs().object_check.read<json::OpenAiOptions>(item.output, probe).ok()) {
    fr.response = json::RawJson{item.output};
  } else {
    json::Writer w;
    w.buffer().swap(text_scratch_);
    w.clear();
    w.begin_object();
    w.key("output");
    w.string(item.output);
    w.end_object();
    w.buffer().swap(text_scratch_);
    fr.response = json::RawJson{text_scratch_};
  }
  send_upstream(upstream_msg_, out);
  core_answering_ = true;
}

void OpenAiOverGemini::create_response(Outputs& out) {
  ensure_setup(out);
  bool send_turn_complete = pending_text_ || (manual_turns() && !core_answering_);
  pending_text_ = false;
  core_answering_ = false;
  if (!send_turn_complete) return;
  upstream_msg_ = {};
  upstream_msg_.client_content.emplace().turn_complete = true;
  send_upstream(upstream_msg_, out);
}

void OpenAiOverGemini::cancel_response(std::string_view response_id, std::string_view event_id,
                                       Outputs& out) {
  if (!resp_.active || (!response_id.empty() && response_id != resp_.id)) {
    emit_error("invalid_request_error", "response_cancel_not_active",
               "Cancellation failed: no active response found.", "response_id", event_id, out);
    return;
  }
  finish_response(events::ResponseStatus::cancelled, "client_cancelled", out);
  resp_.drop_rest_of_turn = true;
}

void OpenAiOverGemini::truncate(const events::TruncateItem& t, std::string_view event_id,
                                Outputs& out) {
  StoredItem* item = items_.find(t.item_id);
  if (item == nullptr) {
    emit_error("invalid_request_error", "item_truncate_invalid_item_id",
               "Item to truncate was not found.", "item_id", event_id, out);
    return;
  }
  if (item->role != events::Role::assistant || t.content_index >= item->parts.size() ||
      item->parts[t.content_index].kind != events::PartKind::audio) {
    emit_error("invalid_request_error", "invalid_value",
               "Only the audio content of an assistant message can be truncated.",
               "content_index", event_id, out);
    return;
  }
  if (t.audio_end_ms > item->audio_ms) {
    emit_error("invalid_request_error", "invalid_value",
               "audio_end_ms is beyond the end of the item's audio.", "audio_end_ms", event_id,
               out);
    return;
  }
  // As the OpenAI service does: the transcript of truncated audio is dropped.
  item->parts[t.content_index].transcript.clear();
  item->audio_ms = t.audio_end_ms;
  emit(events::ItemTruncated{item->id, t.content_index, t.audio_end_ms}, out);
}

void OpenAiOverGemini::retrieve(std::string_view item_id, std::string_view event_id,
                                Outputs& out) {
  StoredItem* item = items_.find(item_id);
  if (item == nullptr) {
    emit_error("invalid_request_error", "item_retrieve_invalid_item_id",
               "Item to retrieve was not found.", "item_id", event_id, out);
    return;
  }
  emit(events::ItemRetrieved{ItemStore::view(*item, parts_scratch_)}, out);
}

void OpenAiOverGemini::remove(std::string_view item_id, std::string_view event_id,
                              Outputs& out) {
  std::string id(item_id);
  if (!items_.erase(id)) {
    emit_error("invalid_request_error", "item_delete_invalid_item_id",
               "Item to delete was not found.", "item_id", event_id, out);
    return;
  }
  emit(events::ItemDeleted{id}, out);
}

void OpenAiOverGemini::emit(const events::HappeningBody& body, Outputs& out) {
  json::Writer& w = out.client.begin(Opcode::text);
  if (client_encoder_.encode(events::Happening{"", body}, w)) out.client.end();
}

void OpenAiOverGemini::emit_error(std::string_view type, std::string_view code,
                                  std::string_view message, std::string_view param,
                                  std::string_view event_id, Outputs& out) {
  emit(events::ProviderError{events::ErrorInfo{type, code, message, param, event_id}}, out);
}

}  // namespace sy::codec::translate
