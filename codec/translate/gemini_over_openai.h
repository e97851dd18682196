// A Gemini Live client served by an OpenAI Realtime core. Client messages become OpenAI client
// events (gemini_over_openai_client.cpp); OpenAI server events become Gemini server messages
// (gemini_over_openai_upstream.cpp), sent in binary frames as the Gemini service does.
//
// Policies:
// - setup must come first and only once (else close 1007, as the service does). It becomes a
//   session.update (voice through the voice table, tools flattened, systemInstruction as
//   instructions, input and output audio PCM16 24 kHz); setupComplete is sent when the core
//   answers session.updated.
// - realtimeInput audio (and audio mediaChunks) at any supported rate is resampled to 24 kHz and
//   appended; video and image chunks are dropped (no counterpart in the realtime events).
// - With automatic activity detection disabled: activityStart cancels a response in progress
//   (unless activityHandling is NO_INTERRUPTION) and clears the input buffer; activityEnd and
//   audioStreamEnd commit and ask for a response. With it enabled they are ignored, except that
//   audioStreamEnd flushes the resampler's tail.
// - clientContent: each turn becomes an item (user -> input_text, model -> assistant text), then
//   response.create when turnComplete. realtimeInput.text is a user item plus response.create.
// - toolResponse: each function response becomes a function_call_output (its `response` object as
//   the output string; a missing id is found by name among the calls made), then one
//   response.create.
// - OpenAI errors close the client: invalid_request_error with 1007, others with 1011, the
//   message as the reason. Errors caused by the gateway's own bookkeeping requests (an empty
//   commit, a cancel with nothing to cancel) are absorbed.
// - A client that asked for session resumption gets the gateway's handle
//   (TranslatorOptions::client_handle) in a sessionResumptionUpdate after setupComplete and after
//   each turnComplete.
// - Restore: session.update from the client's configuration, then one conversation.item.create
//   per history item; no second setupComplete. A resumed client's setup is answered here with
//   setupComplete and is not sent upstream.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "codec/audio/audio_converter.h"
#include "codec/gemini/canonical.h"
#include "codec/gemini/decoder.h"
#include "codec/gemini/wire.h"
#include "codec/json/reader.h"
#include "codec/openai/client_encoder.h"
#include "codec/openai/server_decoder.h"
#include "codec/translate/owned_config.h"
#include "codec/translate/translator.h"

namespace sy::codec::translate {

class GeminiOverOpenAi final : public Translator {
 public:
  explicit GeminiOverOpenAi(const TranslatorOptions& options);

  void on_client_open(Clock::time_point, Outputs&) override {}
  void on_client_frame(std::string_view bytes, std::size_t capacity, Opcode opcode,
                       Clock::time_point now, Outputs& out) override;
  void on_upstream_frame(std::string_view bytes, std::size_t capacity, Opcode opcode,
                         Clock::time_point now, Outputs& out) override;
  [[nodiscard]] std::optional<Clock::time_point> deadline() const override { return {}; }
  void on_timer(Clock::time_point, Outputs&) override {}
  void on_upstream_reopened(Clock::time_point now, Outputs& out) override;
  void on_upstream_closed(std::uint16_t code, std::string_view reason, Outputs& out) override;
  void on_upstream_restore(const Restore& restore, Clock::time_point now, Outputs& out) override;
  void on_client_resume(const Resume& resume, Clock::time_point now, Outputs& out) override;
  void end_answer(const InFlightAnswer& seen, std::string_view reason, Outputs& out) override;
  void request_answer(Outputs& out) override { send(events::CreateResponse{}, out); }
  void trim(Clock::time_point now) override {
    constexpr auto kIdle = std::chrono::seconds(2);
    if (input_converter_ && now - input_audio_at_ > kIdle) input_converter_.reset();
    if (now - now_ <= kIdle) return;  // frames are flowing: keep the warm buffers
    std::string().swap(audio_scratch_);  // scratch: used within one call only
    std::string().swap(output_scratch_);
  }
  [[nodiscard]] std::size_t retained_bytes() const override {
    return heap_bytes(audio_scratch_) + heap_bytes(output_scratch_) +
           (input_converter_ ? input_converter_->scratch_bytes() : 0);
  }
  [[nodiscard]] int audio_streams() const override { return input_converter_.has_value() ? 1 : 0; }

 private:
  // ---- client direction ----
  void setup(const gemini::wire::Setup& s, Outputs& out);
  // The session the client's configuration asks for (voices, formats, modalities, turn mode).
  void configure(const events::SessionConfig& client_config);
  void send_client_handle(bool resumable, Outputs& out);
  void realtime_input(const gemini::wire::RealtimeInput& ri, Outputs& out);
  void client_content(const gemini::wire::ClientContent& cc, Outputs& out);
  void tool_response(const gemini::wire::ToolResponse& tr, Outputs& out);
  void append_audio(std::string_view mime, std::string_view base64, Outputs& out);
  void flush_audio(Outputs& out);
  void manual_turn_end(Outputs& out);
  void send(const events::IntentBody& body, Outputs& out);
  void send_session_update(Outputs& out);
  void close(std::uint16_t code, std::string_view reason, Outputs& out);

  // ---- upstream direction ----
  void on_happening(const events::Happening& h, Outputs& out);
  void send_client(const gemini::wire::ServerMessage& m, Outputs& out);
  void model_audio(std::string_view base64, Outputs& out);
  void tool_call(std::string_view call_id, std::string_view name, std::string_view arguments,
                 Outputs& out);

  TranslatorOptions options_;
  gemini::wire::ServerMessage server_msg_;

  // Setup and the configuration it asked for (owned: the setup frame is gone after the call).
  bool setup_seen_ = false;
  bool setup_completed_ = false;
  bool expect_resume_setup_ = false;  // a resumed client's setup is answered locally
  bool wants_handles_ = false;        // the client asked for session resumption
  OwnedConfig restored_config_;       // the client's configuration (setup or restore), owned
  bool awaiting_update_ = false;
  gemini::ConfigStorage config_storage_;
  events::SessionConfig config_;  // views into restored_config_
  bool manual_ = false;
  bool interrupts_ = true;
  bool input_transcription_ = false;
  bool output_transcription_ = false;
  bool text_output_ = false;

  // Audio from the client, resampled to the core's 24 kHz.
  std::optional<audio::AudioConverter> input_converter_;
  std::string audio_scratch_;
  Clock::time_point now_{};
  Clock::time_point input_audio_at_{};  // last client audio, for trim()
  bool buffer_has_audio_ = false;

  // The response in progress upstream.
  bool response_active_ = false;
  bool interrupted_sent_ = false;
  bool had_output_ = false;
  bool had_calls_ = false;
  std::string current_input_item_;
  bool input_deltas_seen_ = false;
  std::vector<std::pair<std::string, std::string>> calls_;  // call id, name (recent, bounded)
  std::string output_scratch_;
};

}  // namespace sy::codec::translate
