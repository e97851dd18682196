// The OpenAI Realtime face of the simulator (GA shape; beta when the client speaks it). It holds
// the effective session configuration, the input audio buffer with energy-based server VAD, the
// conversation, and at most one response at a time, streamed in chunks on the timer:
//
//   session.created on open; session.update -> session.updated (full effective config)
//   input_audio_buffer.append (PCM16 24 kHz or G.711 per audio.input.format) -> server VAD:
//     speech_started / speech_stopped -> committed -> conversation.item.added/.done (user,
//     input_audio) -> input_audio_transcription.delta/.completed (when transcription is on)
//     -> a response (when turn_detection.create_response); turn_detection null = manual turns
//   input_audio_buffer.commit / .clear; conversation.item.create / retrieve / delete / truncate
//   response.create -> response.created, output_item.added, conversation.item.added,
//     content_part.added, output_audio.delta + output_audio_transcript.delta (or
//     output_text.delta), the .done events, output_item.done, conversation.item.done,
//     response.done with usage; a function_call item when the turn names a configured tool;
//     an answer quoting the output after function_call_output
//   speech during an answer (interrupt_response) or response.cancel -> response.done cancelled
//   bad input -> `error` event, the session goes on
// Echo mode: every append is answered at once by one response.output_audio.delta with the same
// audio.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "codec/events/happenings.h"
#include "codec/json/writer.h"
#include "codec/openai/client_decoder.h"
#include "codec/openai/server_encoder.h"
#include "codec/translate/owned_config.h"
#include "providers/sim/answer.h"
#include "providers/sim/sim_session.h"
#include "providers/sim/vad.h"

namespace sy::providers::sim {

class OpenAiSim final : public SimSession {
 public:
  OpenAiSim(const SimOptions& options, SimRecord& record);

  void on_open(TimePoint now, Outbox& out) override;
  using SimSession::on_client_message;
  void on_client_message(TimePoint now, net::ws::Opcode op, std::span<const std::uint8_t> bytes,
                         std::size_t readable, Outbox& out) override;
  void on_timer(TimePoint now, Outbox& out) override;
  [[nodiscard]] std::optional<TimePoint> next_deadline() const override;

 private:
  // A conversation item that owns its text.
  struct Part {
    codec::events::PartKind kind = codec::events::PartKind::text;
    std::string text;
    std::string transcript;
  };
  struct ConvItem {
    std::string id;
    codec::events::ItemType type = codec::events::ItemType::message;
    codec::events::Role role = codec::events::Role::user;
    codec::events::ItemStatus status = codec::events::ItemStatus::completed;
    std::vector<Part> parts;
    std::string call_id, name, arguments, output;
    std::uint64_t audio_ms = 0;  // user audio items: the duration heard
  };

  enum class AnswerKind : std::uint8_t { audio, text, function_call };

  struct Response {
    bool active = false;
    std::string id;
    std::string item_id;
    AnswerKind kind = AnswerKind::audio;
    bool in_conversation = true;
    std::string text;                 // transcript or text of the answer
    std::vector<std::string> text_chunks;
    std::vector<std::uint8_t> audio;  // in the output format
    std::size_t chunk_bytes = 0;
    std::size_t chunks = 0;
    std::size_t next_chunk = 0;
    std::string said;                 // text sent so far
    std::uint64_t audio_ms = 0;
    TimePoint next_at{};
    codec::events::Usage usage;
  };

  // Input
  void handle(TimePoint now, const codec::events::Intent& intent, Outbox& out);
  void configure(const codec::events::SessionConfig& update, Outbox& out);
  void append(TimePoint now, std::string_view base64, std::string_view event_id, Outbox& out);
  void on_vad(TimePoint now, const VadEvent& e, Outbox& out);
  void commit(TimePoint now, std::string_view event_id, bool by_vad, std::uint64_t heard_ms,
              Outbox& out);
  void clear_buffer(Outbox& out);
  void add_item(const codec::events::AddItem& add, std::string_view event_id, Outbox& out);
  void echo_append(std::string_view base64, Outbox& out);
  void apply_vad_config();

  // Responses
  void create_response(TimePoint now, const codec::events::ResponseOptions& options,
                       std::string_view event_id, Outbox& out);
  void start_function_call(const ToolSpec& tool, std::string_view text, bool in_conversation,
                           Outbox& out);
  void pump(TimePoint now, Outbox& out);
  void finish_response(codec::events::ResponseStatus status, std::string_view reason,
                       Outbox& out);
  void cancel_response(std::string_view reason, Outbox& out);

  // Output helpers
  void send(const codec::events::HappeningBody& body, Outbox& out);
  void error(std::string_view code, std::string message, std::string_view param,
             std::string_view event_id, Outbox& out);
  std::string next_id(std::string_view prefix);
  codec::events::Item view(const ConvItem& item, std::vector<codec::events::ContentPart>& parts) const;
  std::optional<std::string_view> last_item_id() const;
  ConvItem* find_item(std::string_view id);
  std::vector<ToolSpec> tools_for(const codec::events::ResponseOptions& options) const;
  bool manual_turns() const;

  codec::openai::ClientDecoder decoder_;
  codec::openai::ServerEncoder encoder_;
  codec::json::Writer writer_;
  codec::translate::OwnedConfig config_;
  std::string session_id_;
  std::uint64_t ids_ = 0;

  EnergyVad vad_;
  std::vector<std::int16_t> buffer_;  // input since the last commit/clear, PCM16 at in_rate_
  std::uint32_t in_rate_ = 24000;
  std::uint64_t speech_start_ms_ = 0;
  std::string pending_item_id_;       // the user item a detected speech will become
  std::vector<std::int16_t> last_user_audio_;
  std::uint32_t last_user_rate_ = 24000;
  std::vector<std::uint8_t> scratch_;

  std::deque<ConvItem> conversation_;
  Response resp_;
};

}  // namespace sy::providers::sim
