// OpenAI core -> Gemini client: OpenAI server events as Gemini server messages (binary frames).
#include <variant>

#include "codec/gemini/encoder.h"
#include "codec/translate/gemini_over_openai.h"
#include "codec/translate/thread_codecs.h"

namespace sy::codec::translate {

namespace {

constexpr std::string_view kOutputMime = "audio/pcm;rate=24000";
constexpr std::size_t kMaxRememberedCalls = 64;

// Empty struct: reading into it validates that a text is one JSON object.
struct AnyObject {};
BOOST_DESCRIBE_STRUCT(AnyObject, (), ())

// Errors that answer the gateway's own bookkeeping requests rather than anything the client did.
bool is_bookkeeping_error(std::string_view code) {
  return code == "input_audio_buffer_commit_empty" || code == "response_cancel_not_active" ||
         code == "conversation_already_has_active_response";
}

}  // namespace

void GeminiOverOpenAi::send_client(const gemini::wire::ServerMessage& m, Outputs& out) {
  gemini::encode_server(m, out.client.begin(Opcode::binary).buffer());
  out.client.end();
}

void GeminiOverOpenAi::on_upstream_frame(std::string_view bytes, std::size_t capacity, Opcode,
                                         Clock::time_point now, Outputs& out) {
  now_ = now;
  auto h = thread_codecs().openai_server.decode(bytes, capacity);
  if (!h) {
    close(gemini::kCloseInternal, "the core sent a message the gateway could not read", out);
    return;
  }
  on_happening(*h, out);
}

void GeminiOverOpenAi::model_audio(std::string_view base64, Outputs& out) {
  had_output_ = true;
  gemini::encode_model_audio(kOutputMime, base64, out.client.begin(Opcode::binary).buffer());
  out.client.end();
}

void GeminiOverOpenAi::tool_call(std::string_view call_id, std::string_view name,
                                 std::string_view arguments, Outputs& out) {
  had_calls_ = true;
  if (calls_.size() >= kMaxRememberedCalls) calls_.erase(calls_.begin());
  calls_.emplace_back(std::string(call_id), std::string(name));
  server_msg_ = {};
  auto& call = server_msg_.tool_call.emplace().function_calls.emplace().emplace_back();
  call.id = call_id;
  call.name = name;
  // Gemini's args are an object; OpenAI's arguments a JSON text that should hold one.
  AnyObject probe;
  if (!arguments.empty() && thread_codecs().object_check.read<json::OpenAiOptions>(arguments, probe).ok()) {
    call.args = json::RawJson{arguments};
  } else {
    json::Writer w;
    w.buffer().swap(output_scratch_);
    w.clear();
    w.begin_object();
    w.key("arguments");
    w.string(arguments);
    w.end_object();
    w.buffer().swap(output_scratch_);
    call.args = json::RawJson{output_scratch_};
  }
  send_client(server_msg_, out);
}

void GeminiOverOpenAi::on_happening(const events::Happening& h, Outputs& out) {
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, events::SessionUpdated>) {
          if (awaiting_update_) {
            awaiting_update_ = false;
            if (!setup_completed_) {
              setup_completed_ = true;
              server_msg_ = {};
              server_msg_.setup_complete.emplace();
              send_client(server_msg_, out);
              send_client_handle(true, out);
            }
          }
        } else if constexpr (std::is_same_v<T, events::SpeechStarted>) {
          // The user barged in: Gemini says the generation was interrupted.
          if (response_active_ && had_output_ && !interrupted_sent_ && interrupts_) {
            interrupted_sent_ = true;
            server_msg_ = {};
            server_msg_.server_content.emplace().interrupted = true;
            send_client(server_msg_, out);
          }
        } else if constexpr (std::is_same_v<T, events::InputTranscriptDelta>) {
          if (!input_transcription_ || e.delta.empty()) return;
          if (current_input_item_ != e.item_id) {
            current_input_item_.assign(e.item_id);
          }
          input_deltas_seen_ = true;
          server_msg_ = {};
          server_msg_.server_content.emplace().input_transcription =
              gemini::wire::Transcription{e.delta, std::nullopt};
          send_client(server_msg_, out);
        } else if constexpr (std::is_same_v<T, events::InputTranscriptDone>) {
          if (!input_transcription_) return;
          // Deltas already carried the text; a transcript without deltas goes whole.
          bool deltas = input_deltas_seen_ && current_input_item_ == e.item_id;
          input_deltas_seen_ = false;
          if (deltas || e.transcript.empty()) return;
          server_msg_ = {};
          server_msg_.server_content.emplace().input_transcription =
              gemini::wire::Transcription{e.transcript, std::nullopt};
          send_client(server_msg_, out);
        } else if constexpr (std::is_same_v<T, events::ResponseStarted>) {
          response_active_ = true;
          interrupted_sent_ = false;
          had_output_ = false;
          had_calls_ = false;
        } else if constexpr (std::is_same_v<T, events::AudioDelta>) {
          if (!e.audio_base64.empty()) model_audio(e.audio_base64, out);
        } else if constexpr (std::is_same_v<T, events::TextDelta>) {
          if (e.delta.empty()) return;
          had_output_ = true;
          server_msg_ = {};
          server_msg_.server_content.emplace().model_turn.emplace().parts.emplace_back().text =
              e.delta;
          send_client(server_msg_, out);
        } else if constexpr (std::is_same_v<T, events::OutputTranscriptDelta>) {
          if (!output_transcription_ || e.delta.empty()) return;
          server_msg_ = {};
          server_msg_.server_content.emplace().output_transcription =
              gemini::wire::Transcription{e.delta, std::nullopt};
          send_client(server_msg_, out);
        } else if constexpr (std::is_same_v<T, events::FunctionCall>) {
          tool_call(e.call_id, e.name, e.arguments, out);
        } else if constexpr (std::is_same_v<T, events::ResponseDone>) {
          bool was_active = response_active_;
          response_active_ = false;
          if (!was_active) return;
          server_msg_ = {};
          if (e.usage) server_msg_.usage_metadata = gemini::from_usage(*e.usage);
          if (had_calls_ && !had_output_) {
            // Gemini waits for the tool response without ending the turn.
            if (server_msg_.usage_metadata) send_client(server_msg_, out);
            return;
          }
          auto& sc = server_msg_.server_content.emplace();
          if (e.status == events::ResponseStatus::cancelled) {
            // An interrupted turn: interrupted, then turnComplete, no generationComplete.
            if (!interrupted_sent_) {
              gemini::wire::ServerMessage interrupted;
              interrupted.server_content.emplace().interrupted = true;
              send_client(interrupted, out);
              interrupted_sent_ = true;
            }
          } else {
            gemini::wire::ServerMessage gen;
            gen.server_content.emplace().generation_complete = true;
            send_client(gen, out);
          }
          sc.turn_complete = true;
          send_client(server_msg_, out);
          send_client_handle(true, out);
        } else if constexpr (std::is_same_v<T, events::ProviderError>) {
          if (is_bookkeeping_error(e.error.code)) return;
          std::uint16_t code = e.error.type == "invalid_request_error"
                                   ? gemini::kCloseInvalidArgument
                                   : gemini::kCloseInternal;
          close(code, e.error.message.empty() ? e.error.type : e.error.message, out);
        }
        // Everything else (item lifecycle, acks, rate limits, session.created) has no Gemini
        // counterpart.
      },
      h.body);
}

void GeminiOverOpenAi::on_upstream_closed(std::uint16_t code, std::string_view reason,
                                          Outputs& out) {
  std::string text = "The core closed the connection";
  if (!reason.empty()) {
    text += ": ";
    text.append(reason);
  }
  close(code == 1000 ? std::uint16_t{1000} : gemini::kCloseInternal, text, out);
  response_active_ = false;
}

}  // namespace sy::codec::translate
