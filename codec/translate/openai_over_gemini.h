// An OpenAI Realtime client served by a Gemini Live core. Client intents become Gemini client
// messages (openai_over_gemini_client.cpp); Gemini server messages become the OpenAI event
// lifecycle with synthesised ids (openai_over_gemini_upstream.cpp).
//
// Policies (documented in docs/ARCHITECTURE.md as well):
// - session.created goes out at once; setup waits for the first session.update, the first audio
//   (or any other intent that needs the core) or options.setup_delay, whichever comes first.
//   A session.update that triggered the setup is answered with session.updated on setupComplete.
// - Exactly one setup per upstream connection. A later session.update that changes something only
//   a setup can carry (instructions, voice, modalities, turn detection, input transcription on or
//   off, tools, temperature, max tokens) is REFUSED with an `error` (invalid_request_error, code
//   `session_update_requires_setup`, param naming the member) and nothing of it is applied; an
//   update that changes only gateway-side members (audio formats, transcription model, noise
//   reduction, tool_choice) or repeats current values is applied and answered with
//   session.updated. After an upstream reconnect (on_upstream_reopened) the effective
//   configuration is sent again as setup, with the latest resumption handle.
// - Manual turns (turn_detection null): activityStart precedes the first audio of a turn and
//   commit sends activityEnd. Automatic: commit sends audioStreamEnd. Either way the gateway
//   answers input_audio_buffer.committed and conversation.item.added/done for the user item.
// - response.create sends clientContent{turnComplete:true} when text items are pending, or in
//   manual mode with nothing else pending; nothing when Gemini is already answering (after a
//   commit or a tool response) or under automatic detection. Per-response options have no Gemini
//   counterpart and are ignored.
// - response.cancel ends the current response locally (response.done cancelled, reason
//   client_cancelled) and drops the rest of that Gemini turn; Gemini has no cancel.
// - truncate, retrieve and delete are answered from the gateway's item store; Gemini's own
//   context is not changed by them.
// - Audio: the client's format (PCM16 24 kHz, G.711 µ-law/A-law 8 kHz) is converted to PCM16
//   16 kHz upstream; Gemini's PCM16 24 kHz output goes to a PCM16 24 kHz client without being
//   decoded (the base64 is copied), and is converted for G.711 clients.
// - Restore (a new upstream for an existing conversation): setup at once with the configuration
//   and the core's handle while it is valid, else followed by the history as one clientContent
//   (turnComplete false); the item store is seeded with the history. A resumed client gets
//   session.created with the effective configuration and its earlier session id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "codec/audio/audio_converter.h"
#include "codec/gemini/decoder.h"
#include "codec/gemini/wire.h"
#include "codec/json/reader.h"
#include "codec/openai/client_decoder.h"
#include "codec/openai/server_encoder.h"
#include "codec/translate/ids.h"
#include "codec/translate/item_store.h"
#include "codec/translate/owned_config.h"
#include "codec/translate/translator.h"

namespace sy::codec::translate {

class OpenAiOverGemini final : public Translator {
 public:
  explicit OpenAiOverGemini(const TranslatorOptions& options);

  void on_client_open(Clock::time_point now, Outputs& out) override;
  void on_client_frame(std::string_view bytes, std::size_t capacity, Opcode opcode,
                       Clock::time_point now, Outputs& out) override;
  void on_upstream_frame(std::string_view bytes, std::size_t capacity, Opcode opcode,
                         Clock::time_point now, Outputs& out) override;
  [[nodiscard]] std::optional<Clock::time_point> deadline() const override { return deadline_; }
  void on_timer(Clock::time_point now, Outputs& out) override;
  void on_upstream_reopened(Clock::time_point now, Outputs& out) override;
  void on_upstream_closed(std::uint16_t code, std::string_view reason, Outputs& out) override;
  void on_upstream_restore(const Restore& restore, Clock::time_point now, Outputs& out) override;
  void on_client_resume(const Resume& resume, Clock::time_point now, Outputs& out) override;
  void end_answer(const InFlightAnswer& seen, std::string_view reason, Outputs& out) override;
  void request_answer(Outputs& out) override;
  void trim(Clock::time_point now) override;
  [[nodiscard]] std::size_t retained_bytes() const override;
  [[nodiscard]] int audio_streams() const override {
    return int(input_converter_.has_value()) + int(output_converter_.has_value());
  }
  [[nodiscard]] std::string_view resumption_handle() const override { return handle_; }

 private:
  // ---- client direction ----
  void configure(const events::SessionConfig& update, std::string_view event_id, Outputs& out);
  void append(std::string_view audio_base64, std::string_view event_id, Outputs& out);
  void commit(std::string_view event_id, Outputs& out);
  void clear_input(Outputs& out);
  void add_item(const events::AddItem& add, std::string_view event_id, Outputs& out);
  void create_response(Outputs& out);
  void cancel_response(std::string_view response_id, std::string_view event_id, Outputs& out);
  void truncate(const events::TruncateItem& t, std::string_view event_id, Outputs& out);
  void retrieve(std::string_view item_id, std::string_view event_id, Outputs& out);
  void remove(std::string_view item_id, std::string_view event_id, Outputs& out);
  void send_setup(Outputs& out);
  void ensure_setup(Outputs& out) {
    if (!setup_sent_) send_setup(out);
  }
  [[nodiscard]] bool manual_turns() const;
  Status rebuild_converters();
  audio::AudioConverter* input_converter();   // made on first use
  audio::AudioConverter* output_converter();  // null when no conversion is needed
  void send_upstream(const gemini::wire::ClientMessage& m, Outputs& out);
  void send_function_output(const events::Item& item, Outputs& out);

  // ---- upstream direction ----
  void on_server_content(const gemini::wire::ServerContent& sc, Outputs& out);
  void on_tool_call(const gemini::wire::ToolCall& tc, Outputs& out);
  void take_usage(const gemini::wire::UsageMetadata& u);
  void model_audio(std::string_view mime, std::string_view base64, Outputs& out);
  void begin_response(Outputs& out);
  bool begin_message(events::PartKind kind, Outputs& out);
  void finish_message(events::ItemStatus status, Outputs& out);
  void finish_response(events::ResponseStatus status, std::string_view reason, Outputs& out);
  void begin_user_turn(Outputs& out);
  void end_user_turn(Outputs& out);
  void commit_user_item(Outputs& out);
  void input_transcript(std::string_view text, bool finished, Outputs& out);
  void finish_input_transcript(Outputs& out);
  [[nodiscard]] events::ResponseRef ref() const;

  // ---- both ----
  void emit(const events::HappeningBody& body, Outputs& out);
  void emit_error(std::string_view type, std::string_view code, std::string_view message,
                  std::string_view param, std::string_view event_id, Outputs& out);

  TranslatorOptions options_;
  IdGenerator ids_;
  openai::ServerEncoder client_encoder_;  // numbers the events it writes: one per session
  gemini::wire::ClientMessage upstream_msg_;
  OwnedConfig config_;
  ItemStore items_;
  std::string session_id_;
  std::string handle_;

  // Setup.
  std::optional<Clock::time_point> deadline_;
  bool setup_sent_ = false;
  bool setup_complete_ = false;
  bool answer_update_on_setup_ = false;

  // Audio.
  std::optional<audio::AudioConverter> input_converter_;   // client format -> PCM16 16 kHz
  std::optional<audio::AudioConverter> output_converter_;  // Gemini PCM16 -> client format
  audio::AudioFormat client_in_ = audio::kOpenAiPcm16;
  audio::AudioFormat client_out_ = audio::kOpenAiPcm16;
  std::string audio_scratch_;
  Clock::time_point now_{};             // of the frame being handled
  Clock::time_point input_audio_at_{};  // last audio each way, for trim()
  Clock::time_point output_audio_at_{};
  std::string text_scratch_;
  double input_ms_ = 0;  // audio the client has appended since the session began
  double turn_audio_start_ms_ = 0;  // input_ms_ when the last user turn ended

  // The user's turn.
  bool buffer_has_audio_ = false;
  bool activity_open_ = false;     // manual turns: activityStart sent, activityEnd not yet
  bool user_speaking_ = false;     // speech_started synthesised, speech_stopped not yet
  bool user_item_open_ = false;    // an item id exists for the current user turn
  bool user_committed_ = false;    // its committed/item events went out
  std::string user_item_id_;
  std::string input_transcript_;
  bool input_transcript_open_ = false;

  // What the next response.create has to do.
  bool pending_text_ = false;      // text items sent with turnComplete:false
  bool core_answering_ = false;    // a commit or tool response already asked Gemini to answer

  // The response being synthesised.
  struct Response {
    bool active = false;
    bool drop_rest_of_turn = false;  // cancelled by the client or interrupted: ignore until turn end
    std::string id;
    std::uint32_t next_output_index = 0;
    bool item_open = false;
    std::string item_id;
    std::uint32_t output_index = 0;
    events::PartKind kind = events::PartKind::audio;
    std::string transcript;
    std::string text;
    std::uint64_t audio_bytes = 0;
    std::vector<std::string> output_ids;
  } resp_;
  std::optional<events::Usage> pending_usage_;
  std::vector<events::Item> done_items_;
  std::vector<std::vector<events::ContentPart>> done_parts_;
  std::vector<events::ContentPart> parts_scratch_;
};

}  // namespace sy::codec::translate
