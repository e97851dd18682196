// The OpenAI face of the simulator, fed real client events: the exact server events it answers
// with, their fields, and what it records.
#include <gtest/gtest.h>

#include "codec/audio/g711.h"

#include "providers/sim/sim_session.h"
#include "tests/providers/sim/sim_test_util.h"

namespace sy::providers::sim {
namespace {

using namespace test;
using net::ws::Opcode;

class OpenAiSimTest : public ::testing::Test {
 protected:
  void make(SimOptions o = {}) {
    o.face = Face::openai;
    opts_ = o;
    session_ = SimSession::create(o, record_);
    out_.clear();
    session_->on_open(t0_, out_);
    take();
  }
  void feed(std::string_view json, TimePoint at) {
    out_.clear();
    session_->on_client_message(at, Opcode::text, json, out_);
    take();
  }
  void feed(std::string_view json) { feed(json, t0_); }
  void timer(TimePoint at) {
    out_.clear();
    session_->on_timer(at, out_);
    take();
  }
  void take() {
    for (std::size_t i = 0; i < out_.size(); ++i) log_.push_back(std::make_unique<Json>(out_[i].data));
  }
  std::vector<std::string> log_types() const {
    std::vector<std::string> v;
    for (const auto& j : log_) v.push_back(j->str("/type"));
    return v;
  }
  const Json& last(std::string_view type) const {
    for (auto it = log_.rbegin(); it != log_.rend(); ++it) {
      if ((*it)->str("/type") == type) return **it;
    }
    ADD_FAILURE() << "no " << type;
    static Json none("{}");
    return none;
  }
  // Appends PCM16 in 100 ms append events.
  void speak(const std::vector<std::int16_t>& pcm, std::uint32_t rate = 24000) {
    std::size_t step = rate / 10;
    for (std::size_t i = 0; i < pcm.size(); i += step) {
      std::vector<std::int16_t> chunk(pcm.begin() + static_cast<long>(i),
                                      pcm.begin() + static_cast<long>(std::min(pcm.size(), i + step)));
      feed(R"({"type":"input_audio_buffer.append","audio":")" + b64(chunk) + "\"}");
    }
  }
  static std::vector<std::int16_t> cat(std::initializer_list<std::vector<std::int16_t>> parts) {
    std::vector<std::int16_t> v;
    for (const auto& p : parts) v.insert(v.end(), p.begin(), p.end());
    return v;
  }
  static SimOptions quick() {
    SimOptions o;
    o.chunk_interval_ms = 0;
    return o;
  }

  const TimePoint t0_ = TimePoint(std::chrono::seconds(1000));
  SimOptions opts_;
  SimRecord record_;
  std::unique_ptr<SimSession> session_;
  Outbox out_;
  std::vector<std::unique_ptr<Json>> log_;
};

const std::vector<std::string> kAudioAnswerTail = {
    "response.output_audio.done", "response.output_audio_transcript.done",
    "response.content_part.done", "response.output_item.done", "conversation.item.done",
    "response.done"};

TEST_F(OpenAiSimTest, SessionCreatedFirstWithTheFullConfiguration) {
  SimOptions o = quick();
  o.model = "gpt-realtime-mini";
  make(o);
  ASSERT_EQ(log_types(), std::vector<std::string>{"session.created"});
  const Json& j = *log_[0];
  EXPECT_EQ(j.str("/session/type"), "realtime");
  EXPECT_EQ(j.str("/session/object"), "realtime.session");
  EXPECT_EQ(j.str("/session/model"), "gpt-realtime-mini");
  EXPECT_EQ(j.str("/session/output_modalities/0"), "audio");
  EXPECT_EQ(j.str("/session/audio/input/format/type"), "audio/pcm");
  EXPECT_EQ(j.num("/session/audio/input/format/rate"), 24000);
  EXPECT_EQ(j.str("/session/audio/input/turn_detection/type"), "server_vad");
  EXPECT_DOUBLE_EQ(j.real("/session/audio/input/turn_detection/threshold"), 0.5);
  EXPECT_EQ(j.num("/session/audio/input/turn_detection/prefix_padding_ms"), 300);
  EXPECT_EQ(j.num("/session/audio/input/turn_detection/silence_duration_ms"), 500);
  EXPECT_TRUE(j.is_null("/session/audio/input/transcription"));
  EXPECT_EQ(j.str("/session/audio/output/voice"), "alloy");
  EXPECT_EQ(j.str("/session/tool_choice"), "auto");
  EXPECT_EQ(j.str("/session/max_output_tokens"), "inf");
  EXPECT_FALSE(j.str("/event_id").empty());
  EXPECT_EQ(record_.model, "gpt-realtime-mini");
}

TEST_F(OpenAiSimTest, SessionUpdateAnswersWithTheMergedEffectiveConfiguration) {
  make(quick());
  feed(R"({"type":"session.update","event_id":"e1","session":{"type":"realtime",
    "instructions":"Be brief.","audio":{"input":{"turn_detection":{"type":"server_vad",
    "silence_duration_ms":200}}}}})");
  ASSERT_EQ(log_types(), (std::vector<std::string>{"session.created", "session.updated"}));
  const Json& j = *log_[1];
  EXPECT_EQ(j.str("/session/instructions"), "Be brief.");
  EXPECT_EQ(j.num("/session/audio/input/turn_detection/silence_duration_ms"), 200);
  // Left out of the new turn_detection: the defaults, not holes.
  EXPECT_DOUBLE_EQ(j.real("/session/audio/input/turn_detection/threshold"), 0.5);
  EXPECT_EQ(j.num("/session/audio/input/turn_detection/prefix_padding_ms"), 300);
  EXPECT_EQ(j.str("/session/audio/output/voice"), "alloy");
  EXPECT_EQ(record_.setups, 1u);
  EXPECT_EQ(record_.received.at("session.update"), 1u);
  EXPECT_NE(record_.last_config.find("Be brief."), std::string::npos);
}

TEST_F(OpenAiSimTest, ServerVadTurnFromSpeechToAnsweredResponse) {
  make(quick());
  feed(R"({"type":"session.update","session":{"type":"realtime","audio":{"input":{
    "transcription":{"model":"whisper-1"}}}}})");
  log_.clear();
  speak(cat({silence(24000, 300), tone(24000, 1000), silence(24000, 700)}));
  std::vector<std::string> want = {
      "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped",
      "input_audio_buffer.committed", "conversation.item.added", "conversation.item.done",
      "conversation.item.input_audio_transcription.delta",
      "conversation.item.input_audio_transcription.completed", "response.created",
      "response.output_item.added", "conversation.item.added", "response.content_part.added"};
  // 600 ms of tone in 100 ms deltas, each with one word of "You said: 1800 milliseconds of audio".
  for (int i = 0; i < 6; ++i) {
    want.push_back("response.output_audio.delta");
    want.push_back("response.output_audio_transcript.delta");
  }
  want.insert(want.end(), kAudioAnswerTail.begin(), kAudioAnswerTail.end());
  ASSERT_EQ(log_types(), want);

  const Json& started = *log_[0];
  const Json& stopped = *log_[1];
  EXPECT_EQ(started.num("/audio_start_ms"), 0);  // onset at 300 ms minus 300 ms of padding
  EXPECT_EQ(stopped.num("/audio_end_ms"), 1800);  // end of speech plus 500 ms of silence
  std::string item = started.str("/item_id");
  EXPECT_EQ(stopped.str("/item_id"), item);
  EXPECT_EQ(log_[2]->str("/item_id"), item);
  EXPECT_TRUE(log_[2]->is_null("/previous_item_id"));
  EXPECT_EQ(log_[3]->str("/item/role"), "user");
  EXPECT_EQ(log_[3]->str("/item/content/0/type"), "input_audio");
  EXPECT_EQ(log_[6]->str("/transcript"), "1800 milliseconds of audio");

  const Json& created = *log_[7];
  std::string resp = created.str("/response/id");
  EXPECT_EQ(created.str("/response/status"), "in_progress");
  EXPECT_EQ(log_[8]->str("/item/role"), "assistant");
  EXPECT_EQ(log_[8]->str("/item/status"), "in_progress");
  EXPECT_EQ(log_[9]->str("/previous_item_id"), item);
  EXPECT_EQ(log_[10]->str("/part/type"), "output_audio");

  std::size_t audio_bytes = 0;
  std::string transcript;
  for (const auto& j : log_) {
    if (j->str("/type") == "response.output_audio.delta") {
      EXPECT_EQ(j->str("/response_id"), resp);
      audio_bytes += decoded_size(j->str("/delta"));
    }
    if (j->str("/type") == "response.output_audio_transcript.delta") transcript += j->str("/delta");
  }
  EXPECT_EQ(audio_bytes, 600u * 24 * 2);
  EXPECT_EQ(transcript, "You said: 1800 milliseconds of audio");
  EXPECT_EQ(last("response.output_audio_transcript.done").str("/transcript"), transcript);
  const Json& done = last("response.done");
  EXPECT_EQ(done.str("/response/id"), resp);
  EXPECT_EQ(done.str("/response/status"), "completed");
  EXPECT_EQ(done.str("/response/output/0/status"), "completed");
  EXPECT_EQ(done.str("/response/output/0/content/0/transcript"), transcript);
  EXPECT_EQ(done.num("/response/usage/input_token_details/audio_tokens"), 18);
  EXPECT_EQ(done.num("/response/usage/output_token_details/audio_tokens"), 12);
  EXPECT_EQ(done.num("/response/usage/total_tokens"),
            done.num("/response/usage/input_tokens") + done.num("/response/usage/output_tokens"));

  EXPECT_EQ(record_.audio_messages, 20u);
  EXPECT_EQ(record_.audio_bytes, 2000u * 48);
  EXPECT_DOUBLE_EQ(record_.audio_ms, 2000.0);
  EXPECT_EQ(record_.audio_rates, std::vector<std::uint32_t>{24000});
  EXPECT_EQ(record_.min_chunk_bytes, 4800u);
  EXPECT_EQ(record_.responses, 1u);
}

TEST_F(OpenAiSimTest, ManualTurnsCommitAndAnswerOnRequestOnly) {
  make(quick());
  feed(R"({"type":"session.update","session":{"type":"realtime","audio":{"input":{"turn_detection":null}}}})");
  EXPECT_TRUE(log_.back()->is_null("/session/audio/input/turn_detection"));
  log_.clear();
  feed(R"({"type":"input_audio_buffer.commit","event_id":"c0"})");
  ASSERT_EQ(log_types(), std::vector<std::string>{"error"});
  EXPECT_EQ(log_[0]->str("/error/code"), "input_audio_buffer_commit_empty");
  EXPECT_EQ(log_[0]->str("/error/event_id"), "c0");
  log_.clear();
  speak(tone(24000, 500));
  EXPECT_TRUE(log_.empty()) << "no VAD events with manual turns";
  feed(R"({"type":"input_audio_buffer.commit"})");
  ASSERT_EQ(log_types(), (std::vector<std::string>{"input_audio_buffer.committed",
                                                   "conversation.item.added",
                                                   "conversation.item.done"}));
  log_.clear();
  feed(R"({"type":"response.create"})");
  ASSERT_GE(log_.size(), 5u);
  EXPECT_EQ(log_types().front(), "response.created");
  EXPECT_EQ(last("response.output_audio_transcript.done").str("/transcript"),
            "You said: 500 milliseconds of audio");
  EXPECT_EQ(last("response.done").str("/response/status"), "completed");
}

TEST_F(OpenAiSimTest, TextTurnGetsATextAnswer) {
  make(quick());
  feed(R"({"type":"session.update","session":{"type":"realtime","output_modalities":["text"]}})");
  log_.clear();
  feed(R"({"type":"conversation.item.create","item":{"type":"message","role":"user",
    "content":[{"type":"input_text","text":"hello there"}]}})");
  ASSERT_EQ(log_types(), (std::vector<std::string>{"conversation.item.added", "conversation.item.done"}));
  EXPECT_EQ(log_[0]->str("/item/content/0/text"), "hello there");
  std::string user_item = log_[0]->str("/item/id");
  log_.clear();
  feed(R"({"type":"response.create"})");
  std::vector<std::string> want = {"response.created", "response.output_item.added",
                                   "conversation.item.added", "response.content_part.added"};
  for (int i = 0; i < 4; ++i) want.push_back("response.output_text.delta");
  for (const char* t : {"response.output_text.done", "response.content_part.done",
                        "response.output_item.done", "conversation.item.done", "response.done"}) {
    want.push_back(t);
  }
  ASSERT_EQ(log_types(), want);
  EXPECT_EQ(log_[2]->str("/previous_item_id"), user_item);
  EXPECT_EQ(log_[3]->str("/part/type"), "output_text");
  EXPECT_EQ(last("response.output_text.done").str("/text"), "You said: hello there");
  EXPECT_EQ(last("response.done").str("/response/output/0/content/0/text"), "You said: hello there");
  EXPECT_EQ(record_.texts, std::vector<std::string>{"hello there"});
  ASSERT_EQ(record_.items.size(), 1u);
  EXPECT_EQ(record_.items[0].role, "user");
  EXPECT_EQ(record_.items[0].text, "hello there");
}

TEST_F(OpenAiSimTest, FunctionCallRoundTrip) {
  make(quick());
  feed(R"({"type":"session.update","session":{"type":"realtime","tools":[{"type":"function",
    "name":"get_weather","description":"Weather","parameters":{"type":"object",
    "properties":{"location":{"type":"string"},"days":{"type":"integer"}},"required":["location"]}}]}})");
  feed(R"({"type":"conversation.item.create","item":{"type":"message","role":"user",
    "content":[{"type":"input_text","text":"Please call get_weather for Paris."}]}})");
  log_.clear();
  feed(R"({"type":"response.create"})");
  ASSERT_EQ(log_types(), (std::vector<std::string>{
                             "response.created", "response.output_item.added",
                             "conversation.item.added", "response.function_call_arguments.delta",
                             "response.function_call_arguments.done", "response.output_item.done",
                             "conversation.item.done", "response.done"}));
  EXPECT_EQ(log_[1]->str("/item/type"), "function_call");
  EXPECT_EQ(log_[1]->str("/item/status"), "in_progress");
  const Json& args = *log_[4];
  EXPECT_EQ(args.str("/name"), "get_weather");
  EXPECT_EQ(args.str("/arguments"), R"({"location":"Paris","days":1})");
  std::string call_id = args.str("/call_id");
  EXPECT_FALSE(call_id.empty());
  EXPECT_EQ(log_[5]->str("/item/status"), "completed");
  EXPECT_EQ(log_[5]->str("/item/arguments"), R"({"location":"Paris","days":1})");
  EXPECT_EQ(last("response.done").str("/response/output/0/call_id"), call_id);

  log_.clear();
  feed(R"({"type":"conversation.item.create","item":{"type":"function_call_output","call_id":")" +
       call_id + R"(","output":"{\"temp_c\":21}"}})");
  ASSERT_EQ(log_types(), (std::vector<std::string>{"conversation.item.added", "conversation.item.done"}));
  log_.clear();
  feed(R"({"type":"response.create"})");
  EXPECT_EQ(last("response.output_audio_transcript.done").str("/transcript"),
            R"(The result of get_weather is {"temp_c":21})");
  ASSERT_EQ(record_.items.size(), 2u);
  EXPECT_EQ(record_.items[1].type, "function_call_output");
  EXPECT_EQ(record_.items[1].call_id, call_id);
}

TEST_F(OpenAiSimTest, SpeechDuringAnAnswerCancelsItAsTurnDetected) {
  SimOptions o;
  o.chunk_interval_ms = 50;
  make(o);
  speak(cat({tone(24000, 500), silence(24000, 600)}));
  ASSERT_EQ(count(log_types(), "response.output_audio.delta"), 1u) << "first chunk goes out at once";
  std::optional<TimePoint> due = session_->next_deadline();
  ASSERT_TRUE(due);
  EXPECT_EQ(*due, t0_ + 50ms);
  timer(t0_ + 50ms);
  EXPECT_EQ(count(log_types(), "response.output_audio.delta"), 2u);
  log_.clear();
  speak(tone(24000, 100));
  ASSERT_EQ(log_types(), (std::vector<std::string>{
                             "input_audio_buffer.speech_started", "response.output_audio.done",
                             "response.output_audio_transcript.done", "response.content_part.done",
                             "response.output_item.done", "conversation.item.done",
                             "response.done"}));
  EXPECT_EQ(log_[4]->str("/item/status"), "incomplete");
  const Json& done = *log_[6];
  EXPECT_EQ(done.str("/response/status"), "cancelled");
  EXPECT_EQ(done.str("/response/status_details/type"), "cancelled");
  EXPECT_EQ(done.str("/response/status_details/reason"), "turn_detected");
  EXPECT_EQ(done.num("/response/usage/output_token_details/audio_tokens"), 4);  // 200 ms said
  EXPECT_FALSE(session_->next_deadline());
  EXPECT_EQ(record_.cancelled, 1u);
}

TEST_F(OpenAiSimTest, ResponseCancelAndCancelWithNothingActive) {
  SimOptions o;
  o.chunk_interval_ms = 50;
  make(o);
  feed(R"({"type":"response.create"})");
  log_.clear();
  feed(R"({"type":"response.create","event_id":"twice"})");
  ASSERT_EQ(log_types(), std::vector<std::string>{"error"});
  EXPECT_EQ(log_[0]->str("/error/code"), "conversation_already_has_active_response");
  log_.clear();
  feed(R"({"type":"response.cancel"})");
  ASSERT_EQ(log_types().back(), "response.done");
  EXPECT_EQ(log_.back()->str("/response/status_details/reason"), "client_cancelled");
  log_.clear();
  feed(R"({"type":"response.cancel","event_id":"c2"})");
  ASSERT_EQ(log_types(), std::vector<std::string>{"error"});
  EXPECT_EQ(log_[0]->str("/error/code"), "response_cancel_not_active");
  EXPECT_EQ(log_[0]->str("/error/event_id"), "c2");
}

TEST_F(OpenAiSimTest, BadInputIsAnErrorEventAndTheSessionGoesOn) {
  make(quick());
  feed("this is not json");
  feed(R"({"type":"input_audio_buffer.append","audio":42})");
  feed(R"({"type":"no.such.event"})");
  feed(R"({"type":"input_audio_buffer.append","audio":"%%%%"})");
  ASSERT_EQ(log_types(), (std::vector<std::string>{"session.created", "error", "error", "error",
                                                   "error"}));
  EXPECT_EQ(log_[1]->str("/error/type"), "invalid_request_error");
  EXPECT_EQ(log_[4]->str("/error/param"), "audio");
  EXPECT_FALSE(session_->closed());
  EXPECT_EQ(record_.invalid, 3u);
  feed(R"({"type":"input_audio_buffer.clear"})");
  EXPECT_EQ(log_types().back(), "input_audio_buffer.cleared");
}

TEST_F(OpenAiSimTest, ItemsRetrieveDeleteAndTruncate) {
  make(quick());
  feed(R"({"type":"conversation.item.create","item":{"id":"u1","type":"message","role":"user",
    "content":[{"type":"input_text","text":"one"}]}})");
  feed(R"({"type":"conversation.item.create","previous_item_id":"nope","item":{"type":"message",
    "role":"user","content":[{"type":"input_text","text":"two"}]}})");
  EXPECT_EQ(log_types().back(), "error");
  log_.clear();
  feed(R"({"type":"conversation.item.retrieve","item_id":"u1"})");
  ASSERT_EQ(log_types(), std::vector<std::string>{"conversation.item.retrieved"});
  EXPECT_EQ(log_[0]->str("/item/content/0/text"), "one");
  feed(R"({"type":"conversation.item.delete","item_id":"u1"})");
  feed(R"({"type":"conversation.item.retrieve","item_id":"u1"})");
  EXPECT_EQ(log_types(), (std::vector<std::string>{"conversation.item.retrieved",
                                                   "conversation.item.deleted", "error"}));
}

TEST_F(OpenAiSimTest, G711InputIsDecodedAndRecordedAt8kHz) {
  make(quick());
  feed(R"({"type":"session.update","session":{"type":"realtime","audio":{"input":{"format":{"type":"audio/pcmu"}}}}})");
  EXPECT_EQ(log_.back()->str("/session/audio/input/format/type"), "audio/pcmu");
  log_.clear();
  std::vector<std::int16_t> pcm = tone(8000, 300);
  std::vector<std::uint8_t> ulaw(pcm.size());
  codec::audio::ulaw_encode(pcm, ulaw);
  feed(R"({"type":"input_audio_buffer.append","audio":")" + b64_bytes(ulaw) + "\"}");
  EXPECT_EQ(log_types(), std::vector<std::string>{"input_audio_buffer.speech_started"});
  EXPECT_EQ(record_.audio_rates, std::vector<std::uint32_t>{8000});
  EXPECT_EQ(record_.audio_formats, std::vector<std::string>{"audio/pcmu"});
  EXPECT_EQ(record_.audio_bytes, 2400u);
  EXPECT_DOUBLE_EQ(record_.audio_ms, 300.0);
}

TEST_F(OpenAiSimTest, EchoModeAnswersEachAppendWithTheSameAudio) {
  SimOptions o;
  o.echo = true;
  make(o);
  std::string audio = b64(tone(24000, 40));
  log_.clear();
  for (int i = 0; i < 3; ++i) feed(R"({"type":"input_audio_buffer.append","audio":")" + audio + "\"}");
  ASSERT_EQ(log_types(), std::vector<std::string>(3, "response.output_audio.delta"));
  EXPECT_EQ(log_[0]->str("/delta"), audio);
  EXPECT_EQ(record_.audio_messages, 3u);
  EXPECT_EQ(record_.audio_bytes, 3u * 1920);
  EXPECT_EQ(record_.responses, 0u);
}

TEST_F(OpenAiSimTest, DelayFirstAudioHoldsTheAnswerUntilTheTimer) {
  SimOptions o = quick();
  o.delay_first_audio_ms = 200;
  make(o);
  log_.clear();
  feed(R"({"type":"response.create"})");
  EXPECT_EQ(log_types(), (std::vector<std::string>{"response.created", "response.output_item.added",
                                                   "conversation.item.added",
                                                   "response.content_part.added"}));
  ASSERT_TRUE(session_->next_deadline());
  EXPECT_EQ(*session_->next_deadline(), t0_ + 200ms);
  timer(t0_ + 199ms);
  EXPECT_EQ(log_.size(), 4u);
  timer(t0_ + 200ms);
  EXPECT_EQ(log_types().back(), "response.done");
  EXPECT_FALSE(session_->next_deadline());
}

TEST_F(OpenAiSimTest, CloseAfterEventsInjectsAFailure) {
  SimOptions o = quick();
  o.close_after_events = 3;
  make(o);
  out_.clear();
  session_->on_client_message(t0_, Opcode::text, R"({"type":"response.create"})", out_);
  EXPECT_EQ(out_.size(), 2u);  // session.created was the first of three
  ASSERT_TRUE(out_.close_request());
  EXPECT_EQ(out_.close_request()->code, 1011);
  EXPECT_TRUE(session_->closed());
  out_.clear();
  session_->on_client_message(t0_, Opcode::text, R"({"type":"response.cancel"})", out_);
  EXPECT_TRUE(out_.empty());
}

TEST_F(OpenAiSimTest, BetaClientsGetBetaEventNames) {
  SimOptions o = quick();
  o.openai_beta = true;
  make(o);
  feed(R"({"type":"response.create","response":{"modalities":["text"]}})");
  EXPECT_EQ(count(log_types(), "response.text.delta"), 1u);  // "Hello."
  EXPECT_EQ(count(log_types(), "conversation.item.created"), 1u);
}

}  // namespace
}  // namespace sy::providers::sim
