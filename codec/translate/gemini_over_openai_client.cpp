// Gemini client -> OpenAI core: setup, realtime input, client content and tool responses as
// OpenAI client events.
#include <string>

#include "codec/audio/audio_format.h"
#include "codec/gemini/encoder.h"
#include "codec/translate/gemini_over_openai.h"
#include "codec/translate/history.h"
#include "codec/translate/thread_codecs.h"
#include "codec/translate/voices.h"

namespace sy::codec::translate {

namespace {

bool is_audio(std::string_view mime) {
  return mime.size() >= 6 && (mime.substr(0, 6) == "audio/" || mime.substr(0, 6) == "AUDIO/");
}

}  // namespace

GeminiOverOpenAi::GeminiOverOpenAi(const TranslatorOptions& options)
    : options_(options) {}

void GeminiOverOpenAi::close(std::uint16_t code, std::string_view reason, Outputs& out) {
  if (!out.close_client) out.close_client = CloseInstruction{code, close_reason(reason)};
}

void GeminiOverOpenAi::send(const events::IntentBody& body, Outputs& out) {
  thread_codecs().openai_client_encoder.encode(events::Intent{"", body},
                                               out.upstream.begin(Opcode::text));
  out.upstream.end();
}

void GeminiOverOpenAi::on_client_frame(std::string_view bytes, std::size_t capacity, Opcode,
                                       Clock::time_point now, Outputs& out) {
  now_ = now;
  gemini::Decoder& decoder = thread_codecs().gemini;
  auto kind = decoder.decode_client(bytes, capacity);
  if (!kind) {
    close(gemini::kCloseInvalidArgument, decoder.close_reason(), out);
    out.fault = TranslationFault::malformed;
    return;
  }
  const gemini::wire::ClientMessage& m = decoder.client();
  if (expect_resume_setup_) {
    expect_resume_setup_ = false;
    if (*kind != gemini::ClientKind::setup) {
      close(gemini::kCloseInvalidArgument, "setup must be the first message", out);
      return;
    }
    if (setup_seen_) {
      // The session goes on upstream: the client is told it is set up, as on a new connection.
      wants_handles_ = m.setup->session_resumption.has_value();
      server_msg_ = {};
      server_msg_.setup_complete.emplace();
      send_client(server_msg_, out);
      send_client_handle(true, out);
      return;
    }
  }
  if (*kind == gemini::ClientKind::setup) {
    if (setup_seen_) {
      close(gemini::kCloseInvalidArgument, "setup must be sent once, as the first message", out);
      return;
    }
    setup(*m.setup, out);
    return;
  }
  if (!setup_seen_) {
    close(gemini::kCloseInvalidArgument, "setup must be the first message", out);
    return;
  }
  switch (*kind) {
    case gemini::ClientKind::realtime_input:
      realtime_input(*m.realtime_input, out);
      break;
    case gemini::ClientKind::client_content:
      client_content(*m.client_content, out);
      break;
    case gemini::ClientKind::tool_response:
      tool_response(*m.tool_response, out);
      break;
    case gemini::ClientKind::setup:
      break;
  }
}

void GeminiOverOpenAi::setup(const gemini::wire::Setup& s, Outputs& out) {
  setup_seen_ = true;
  wants_handles_ = s.session_resumption.has_value();
  // Kept (copied): the frame is gone after this call, and a reconnect sends it again.
  events::SessionConfig c;
  gemini::to_config(s, c, config_storage_);
  restored_config_.apply(c);
  configure(restored_config_.get());
  send_session_update(out);
}

void GeminiOverOpenAi::configure(const events::SessionConfig& client_config) {
  config_ = client_config;
  // A setup always says both; a configuration restored from elsewhere may not.
  if (!config_.turn_detection) config_.turn_detection = events::TurnDetection{};
  if (!config_.transcription) config_.transcription = events::Transcription{false};
  // The model is chosen by the upstream URL; Gemini's resource name means nothing to OpenAI.
  config_.model.reset();
  config_.voice = openai_voice_for(config_.voice.value_or("Puck"));
  config_.input_format = events::AudioFormat{};   // PCM16 24 kHz, after resampling
  config_.output_format = events::AudioFormat{};  // Gemini clients play PCM16 24 kHz
  text_output_ = config_.modalities && config_.modalities->text && !config_.modalities->audio;
  // OpenAI realtime answers in one modality: audio (with its transcript) or text.
  config_.modalities = text_output_ ? events::Modalities{true, false} : events::Modalities{false, true};
  manual_ = config_.turn_detection->mode == events::TurnDetectionMode::manual;
  interrupts_ = config_.turn_detection->interrupt_response.value_or(true);
  input_transcription_ = config_.transcription->enabled;
  if (input_transcription_) {
    config_.transcription->model = options_.openai_transcription_model;
  } else {
    config_.transcription.reset();  // OpenAI: leave transcription off (null), not "disabled"
  }
  output_transcription_ = client_config.output_transcription.value_or(true);
}

void GeminiOverOpenAi::on_upstream_restore(const Restore& r, Clock::time_point, Outputs& out) {
  if (!r.config) return;  // no setup yet: the client's will configure the core as it comes
  restored_config_.apply(*r.config);
  configure(restored_config_.get());
  setup_seen_ = true;
  setup_completed_ = true;  // the client has had its setupComplete, or gets it from on_client_resume
  send_session_update(out);
  openai_history(r.history, thread_codecs().openai_client_encoder, out.upstream);
}

void GeminiOverOpenAi::on_client_resume(const Resume&, Clock::time_point, Outputs&) {
  expect_resume_setup_ = true;
}

void GeminiOverOpenAi::send_client_handle(bool resumable, Outputs& out) {
  if (!wants_handles_ || options_.client_handle.empty()) return;
  server_msg_ = {};
  auto& u = server_msg_.session_resumption_update.emplace();
  u.new_handle = std::string_view(options_.client_handle);
  u.resumable = resumable;
  send_client(server_msg_, out);
}

void GeminiOverOpenAi::end_answer(const InFlightAnswer&, std::string_view, Outputs& out) {
  if (!response_active_) return;
  response_active_ = false;
  if (!interrupted_sent_) {
    server_msg_ = {};
    server_msg_.server_content.emplace().interrupted = true;
    send_client(server_msg_, out);
    interrupted_sent_ = true;
  }
  server_msg_ = {};
  server_msg_.server_content.emplace().turn_complete = true;
  send_client(server_msg_, out);
}

void GeminiOverOpenAi::send_session_update(Outputs& out) {
  events::SessionConfig c = config_;
  if (!input_transcription_) c.transcription.reset();
  send(events::ConfigureSession{c}, out);
  awaiting_update_ = true;
}

void GeminiOverOpenAi::on_upstream_reopened(Clock::time_point, Outputs& out) {
  if (setup_seen_) send_session_update(out);
}

void GeminiOverOpenAi::realtime_input(const gemini::wire::RealtimeInput& ri, Outputs& out) {
  if (ri.activity_start && manual_) {
    if (response_active_ && interrupts_) send(events::CancelResponse{}, out);
    send(events::ClearAudio{}, out);
    if (input_converter_) input_converter_->reset();
    buffer_has_audio_ = false;
  }
  if (ri.audio) append_audio(*ri.audio->mime_type, *ri.audio->data, out);
  if (ri.media_chunks) {
    for (std::size_t i = 0; i < ri.media_chunks->size(); ++i) {
      const gemini::wire::Blob& b = (*ri.media_chunks)[i];
      if (is_audio(*b.mime_type)) append_audio(*b.mime_type, *b.data, out);
    }
  }
  if (out.close_client) return;
  if (ri.text && !ri.text->empty()) {
    events::ContentPart part;
    part.text = *ri.text;
    events::Item item;
    item.role = events::Role::user;
    item.content = std::span<const events::ContentPart>(&part, 1);
    send(events::AddItem{std::nullopt, item}, out);
    send(events::CreateResponse{}, out);
  }
  if (ri.activity_end && manual_) manual_turn_end(out);
  if (ri.audio_stream_end.value_or(false)) {
    if (manual_) {
      manual_turn_end(out);
    } else {
      flush_audio(out);
    }
  }
}

void GeminiOverOpenAi::manual_turn_end(Outputs& out) {
  flush_audio(out);
  if (!buffer_has_audio_) return;  // nothing was said: OpenAI refuses an empty commit
  send(events::CommitAudio{}, out);
  send(events::CreateResponse{}, out);
  buffer_has_audio_ = false;
}

void GeminiOverOpenAi::append_audio(std::string_view mime, std::string_view base64,
                                    Outputs& out) {
  input_audio_at_ = now_;
  auto format = audio::parse_mime_audio_format(mime);
  if (!format) {
    close(gemini::kCloseInvalidArgument, "unsupported audio mime type", out);
    out.fault = TranslationFault::audio;
    return;
  }
  if (!input_converter_ || input_converter_->from() != *format) {
    auto conv = audio::AudioConverter::create(*format, audio::kOpenAiPcm16);
    if (!conv) {
      close(gemini::kCloseInvalidArgument, "unsupported audio mime type", out);
      return;
    }
    input_converter_.emplace(std::move(*conv));
  }
  // Same rate: the client's base64 goes upstream as it came (no decode).
  std::string_view data = base64;
  if (input_converter_->resamples()) {
    audio_scratch_.clear();
    if (!input_converter_->convert_base64(base64, audio_scratch_, audio::Base64Padding::kOptional)
             .ok()) {
      close(gemini::kCloseInvalidArgument, "Invalid audio data: expected base64 PCM16", out);
      out.fault = TranslationFault::audio;
      return;
    }
    data = audio_scratch_;
  } else if (base64.size() % 4 != 0) {
    close(gemini::kCloseInvalidArgument, "Invalid audio data: expected padded base64", out);
    out.fault = TranslationFault::audio;
    return;
  }
  if (!base64.empty()) buffer_has_audio_ = true;
  if (!data.empty()) send(events::AppendAudio{data}, out);
}

void GeminiOverOpenAi::flush_audio(Outputs& out) {
  if (!input_converter_ || !input_converter_->resamples()) return;
  audio_scratch_.clear();
  if (input_converter_->flush_base64(audio_scratch_).ok() && !audio_scratch_.empty()) {
    send(events::AppendAudio{audio_scratch_}, out);
  }
}

void GeminiOverOpenAi::client_content(const gemini::wire::ClientContent& cc, Outputs& out) {
  // As in Gemini, new content interrupts a generation in progress.
  if (response_active_) send(events::CancelResponse{}, out);
  if (cc.turns) {
    for (const gemini::wire::Content& turn : *cc.turns) {
      for (std::size_t i = 0; i < turn.parts.size(); ++i) {
        if (!turn.parts[i].text) continue;
        events::ContentPart part;
        part.text = *turn.parts[i].text;
        events::Item item;
        item.role = turn.role == "model" ? events::Role::assistant : events::Role::user;
        item.content = std::span<const events::ContentPart>(&part, 1);
        send(events::AddItem{std::nullopt, item}, out);
      }
    }
  }
  if (cc.turn_complete.value_or(false)) send(events::CreateResponse{}, out);
}

void GeminiOverOpenAi::tool_response(const gemini::wire::ToolResponse& tr, Outputs& out) {
  if (!tr.function_responses || tr.function_responses->empty()) return;
  for (const gemini::wire::FunctionResponse& fr : *tr.function_responses) {
    std::string_view call_id = fr.id.value_or("");
    if (call_id.empty()) {
      // Kept by call id: find the newest call of that name.
      for (auto it = calls_.rbegin(); it != calls_.rend(); ++it) {
        if (it->second == fr.name.value_or("")) {
          call_id = it->first;
          break;
        }
      }
    }
    events::Item item;
    item.type = events::ItemType::function_call_output;
    item.call_id = call_id;
    item.output = fr.response->json;
    send(events::AddItem{std::nullopt, item}, out);
  }
  send(events::CreateResponse{}, out);
}

}  // namespace sy::codec::translate
