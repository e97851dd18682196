// The Gemini Live face of the simulator. JSON in binary frames, one setup per connection:
//
//   setup -> setupComplete (+ sessionResumptionUpdate when setup.sessionResumption is present);
//     anything before it, or a second setup -> close 1007
//   realtimeInput.audio / mediaChunks (PCM16 at the declared rate) with automatic activity
//     detection (energy VAD from realtimeInputConfig) or activityStart/activityEnd when it is
//     disabled; audioStreamEnd ends a turn in progress
//   end of a user turn -> serverContent.inputTranscription (when inputAudioTranscription) -> a
//     model turn: modelTurn inlineData audio/pcm;rate=24000 chunks (+ outputTranscription) or
//     text parts, generationComplete, turnComplete with usageMetadata
//   clientContent turns (answered when turnComplete), realtimeInput.text
//   toolCall when the user's words name a declared function; toolResponse -> an answer quoting it
//   user speech / activityStart / clientContent during a model turn -> interrupted, turnComplete
//   goAway (fault injection) then close 1001; malformed input -> close 1007 with the reason
// Echo mode: setupComplete, then every audio message is answered at once by one modelTurn audio
// message with the same data.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "codec/gemini/decoder.h"
#include "codec/gemini/wire.h"
#include "providers/sim/answer.h"
#include "providers/sim/sim_session.h"
#include "providers/sim/vad.h"

namespace sy::providers::sim {

class GeminiSim final : public SimSession {
 public:
  GeminiSim(const SimOptions& options, SimRecord& record);

  void on_open(TimePoint now, Outbox& out) override;
  using SimSession::on_client_message;
  void on_client_message(TimePoint now, net::ws::Opcode op, std::span<const std::uint8_t> bytes,
                         std::size_t readable, Outbox& out) override;
  void on_timer(TimePoint now, Outbox& out) override;
  [[nodiscard]] std::optional<TimePoint> next_deadline() const override;

 private:
  struct ModelTurn {
    bool active = false;
    bool audio = true;
    std::string text;
    std::vector<std::string> text_chunks;
    std::vector<std::uint8_t> pcm;  // PCM16 LE, 24 kHz
    std::size_t chunk_bytes = 0;
    std::size_t chunks = 0;
    std::size_t next_chunk = 0;
    TimePoint next_at{};
    std::uint64_t in_text = 0, in_audio = 0, audio_ms = 0;
  };

  void on_setup(const codec::gemini::wire::Setup& setup, std::string_view frame, Outbox& out);
  void on_realtime_input(TimePoint now, const codec::gemini::wire::RealtimeInput& in, Outbox& out);
  void on_audio(TimePoint now, const codec::gemini::wire::Blob& blob, Outbox& out);
  void on_client_content(TimePoint now, const codec::gemini::wire::ClientContent& cc, Outbox& out);
  void on_tool_response(TimePoint now, const codec::gemini::wire::ToolResponse& tr, Outbox& out);
  void end_user_turn(TimePoint now, std::uint64_t heard_ms, Outbox& out);
  void answer(TimePoint now, std::string_view user_text, std::string_view tool_name,
              std::string_view tool_output, bool after_tool, Outbox& out);
  void pump(TimePoint now, Outbox& out);
  void interrupt(Outbox& out);
  void turn_complete(Outbox& out);
  void resumption_update(Outbox& out);

  void send(const codec::gemini::wire::ServerMessage& m, Outbox& out);
  void fail(std::string_view reason, Outbox& out);

  codec::gemini::Decoder decoder_;
  std::string scratch_;
  std::vector<std::uint8_t> bytes_;

  bool setup_done_ = false;
  bool manual_ = false;
  bool interrupts_ = true;
  bool input_transcription_ = false;
  bool output_transcription_ = false;
  bool audio_out_ = true;
  bool resumption_ = false;
  std::uint32_t resumption_count_ = 0;
  std::vector<ToolSpec> tools_;
  std::map<std::string, std::string> pending_calls_;  // call id -> function name
  std::uint64_t ids_ = 0;
  std::uint64_t history_text_tokens_ = 0;
  std::uint64_t history_audio_tokens_ = 0;

  VadParams vad_params_;
  EnergyVad vad_;
  std::uint32_t vad_rate_ = 0;
  std::uint64_t speech_start_ms_ = 0;
  bool collecting_ = false;              // manual: between activityStart and activityEnd
  std::uint64_t collected_samples_ = 0;  // manual: audio heard in the activity
  std::uint32_t collected_rate_ = 16000;
  std::vector<std::int16_t> turn_audio_;
  std::uint32_t turn_rate_ = 16000;
  std::vector<std::int16_t> last_user_audio_;
  // User text sent in clientContent turns not yet answered: a client may send its turns with
  // turnComplete false and complete the turn in a later, empty clientContent.
  std::string pending_user_text_;
  std::uint32_t last_user_rate_ = 16000;

  ModelTurn turn_;
  std::optional<TimePoint> go_away_at_;
  std::optional<TimePoint> close_at_;
};

}  // namespace sy::providers::sim
