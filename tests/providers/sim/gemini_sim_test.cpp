// The Gemini Live face of the simulator, fed real client messages (binary frames of JSON): the
// exact server messages it answers with, its close codes, and what it records.
#include <gtest/gtest.h>

#include "providers/sim/sim_session.h"
#include "tests/providers/sim/sim_test_util.h"

namespace sy::providers::sim {
namespace {

using namespace test;
using net::ws::Opcode;

constexpr std::string_view kAudioSetup = R"({"setup":{"model":"models/gemini-live-2.5-flash",
  "generationConfig":{"responseModalities":["AUDIO"]},"inputAudioTranscription":{},
  "outputAudioTranscription":{}}})";

class GeminiSimTest : public ::testing::Test {
 protected:
  void make(SimOptions o = {}) {
    o.face = Face::gemini;
    session_ = SimSession::create(o, record_);
    out_.clear();
    session_->on_open(t0_, out_);
    take();
  }
  void feed(std::string_view json, TimePoint at) {
    out_.clear();
    session_->on_client_message(at, Opcode::binary, json, out_);
    take();
  }
  void feed(std::string_view json) { feed(json, t0_); }
  void timer(TimePoint at) {
    out_.clear();
    session_->on_timer(at, out_);
    take();
  }
  void take() {
    for (std::size_t i = 0; i < out_.size(); ++i) {
      EXPECT_EQ(out_[i].op, Opcode::binary) << "Gemini sends JSON in binary frames";
      log_.push_back(std::make_unique<Json>(out_[i].data));
      raw_.push_back(out_[i].data);
    }
    if (out_.close_request()) close_ = *out_.close_request();
  }
  std::vector<std::string> log_tags() const {
    Outbox o;
    for (const auto& r : raw_) o.push(Opcode::binary) = r;
    return tags(o);
  }
  void clear() {
    log_.clear();
    raw_.clear();
  }
  void speak(const std::vector<std::int16_t>& pcm, std::uint32_t rate = 16000,
             bool media_chunks = false) {
    std::size_t step = rate / 10;
    for (std::size_t i = 0; i < pcm.size(); i += step) {
      std::vector<std::int16_t> chunk(pcm.begin() + static_cast<long>(i),
                                      pcm.begin() + static_cast<long>(std::min(pcm.size(), i + step)));
      std::string mime = "audio/pcm;rate=" + std::to_string(rate);
      if (media_chunks) {
        feed(R"({"realtime_input":{"media_chunks":[{"mime_type":")" + mime + R"(","data":")" +
             b64(chunk) + "\"}]}}");
      } else {
        feed(R"({"realtimeInput":{"audio":{"mimeType":")" + mime + R"(","data":")" + b64(chunk) +
             "\"}}}");
      }
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
  SimRecord record_;
  std::unique_ptr<SimSession> session_;
  Outbox out_;
  std::vector<std::unique_ptr<Json>> log_;
  std::vector<std::string> raw_;
  std::optional<CloseRequest> close_;
};

TEST_F(GeminiSimTest, SetupOnceThenSetupCompleteASecondSetupCloses1007) {
  make(quick());
  EXPECT_TRUE(log_.empty()) << "the client speaks first";
  feed(kAudioSetup);
  ASSERT_EQ(log_tags(), std::vector<std::string>{"setupComplete"});
  EXPECT_EQ(raw_[0], R"({"setupComplete":{}})");
  EXPECT_EQ(record_.model, "models/gemini-live-2.5-flash");
  EXPECT_EQ(record_.setups, 1u);
  feed(kAudioSetup);
  ASSERT_TRUE(close_);
  EXPECT_EQ(close_->code, 1007);
  EXPECT_TRUE(session_->closed());
  EXPECT_EQ(record_.setups, 2u);
  EXPECT_EQ(record_.received.at("setup"), 2u);
}

TEST_F(GeminiSimTest, AnythingBeforeSetupAndMalformedInputClose1007) {
  make(quick());
  feed(R"({"clientContent":{"turns":[{"role":"user","parts":[{"text":"hi"}]}],"turnComplete":true}})");
  ASSERT_TRUE(close_);
  EXPECT_EQ(close_->code, 1007);

  close_.reset();
  SimRecord r2;
  session_ = SimSession::create(SimOptions{.face = Face::gemini}, r2);
  out_.clear();
  session_->on_client_message(t0_, Opcode::binary, R"({"setup":{},"clientContent":{}})", out_);
  ASSERT_TRUE(out_.close_request());
  EXPECT_EQ(out_.close_request()->code, 1007);
  EXPECT_FALSE(out_.close_request()->reason.empty());
  EXPECT_LE(out_.close_request()->reason.size(), 123u);
  EXPECT_EQ(r2.invalid, 1u);
}

TEST_F(GeminiSimTest, AutomaticActivityDetectionTurn) {
  make(quick());
  feed(kAudioSetup);
  clear();
  speak(cat({silence(16000, 300), tone(16000, 1000), silence(16000, 700)}));
  std::vector<std::string> want = {"inputTranscription"};
  for (int i = 0; i < 6; ++i) {
    want.push_back("modelTurn.audio");
    want.push_back("outputTranscription");
  }
  want.push_back("generationComplete");
  want.push_back("turnComplete");
  ASSERT_EQ(log_tags(), want);
  EXPECT_EQ(log_[0]->str("/serverContent/inputTranscription/text"), "1800 milliseconds of audio");
  std::size_t bytes = 0;
  std::string said;
  for (const auto& j : log_) {
    if (j->has("/serverContent/modelTurn")) {
      EXPECT_EQ(j->str("/serverContent/modelTurn/parts/0/inlineData/mimeType"), "audio/pcm;rate=24000");
      bytes += decoded_size(j->str("/serverContent/modelTurn/parts/0/inlineData/data"));
    }
    if (j->has("/serverContent/outputTranscription")) said += j->str("/serverContent/outputTranscription/text");
  }
  EXPECT_EQ(bytes, 600u * 48);
  EXPECT_EQ(said, "You said: 1800 milliseconds of audio");
  const Json& done = *log_.back();
  EXPECT_TRUE(done.has("/serverContent/turnComplete"));
  EXPECT_EQ(done.num("/usageMetadata/promptTokenCount"), 18);
  EXPECT_EQ(done.num("/usageMetadata/totalTokenCount"),
            done.num("/usageMetadata/promptTokenCount") + done.num("/usageMetadata/responseTokenCount"));

  EXPECT_EQ(record_.audio_rates, std::vector<std::uint32_t>{16000});
  EXPECT_EQ(record_.audio_formats, std::vector<std::string>{"audio/pcm;rate=16000"});
  EXPECT_EQ(record_.audio_bytes, 2000u * 32);
  EXPECT_EQ(record_.min_chunk_bytes, 3200u);
  EXPECT_DOUBLE_EQ(record_.audio_ms, 2000.0);
  EXPECT_EQ(record_.received.at("realtimeInput.audio"), 20u);
}

TEST_F(GeminiSimTest, MediaChunksAreHeardToo) {
  make(quick());
  feed(kAudioSetup);
  clear();
  speak(cat({tone(16000, 500), silence(16000, 600)}), 16000, /*media_chunks=*/true);
  EXPECT_EQ(log_tags().front(), "inputTranscription");
  EXPECT_EQ(log_tags().back(), "turnComplete");
  EXPECT_EQ(record_.received.at("realtimeInput.mediaChunks"), 11u);
}

TEST_F(GeminiSimTest, ManualActivityTurns) {
  make(quick());
  feed(R"({"setup":{"model":"models/m","realtimeInputConfig":{"automaticActivityDetection":{"disabled":true}}}})");
  clear();
  feed(R"({"realtimeInput":{"activityStart":{}}})");
  speak(tone(16000, 400));
  EXPECT_TRUE(log_.empty());
  feed(R"({"realtimeInput":{"activityEnd":{}}})");
  std::vector<std::string> tags = log_tags();
  ASSERT_FALSE(tags.empty());
  EXPECT_EQ(tags.front(), "modelTurn.audio") << "no transcription unless asked for";
  EXPECT_EQ(count(tags, "outputTranscription"), 0u);
  EXPECT_EQ(tags.back(), "turnComplete");

  SimRecord r2;
  auto automatic = SimSession::create(SimOptions{.face = Face::gemini}, r2);
  out_.clear();
  automatic->on_client_message(t0_, Opcode::binary, kAudioSetup, out_);
  out_.clear();
  automatic->on_client_message(t0_, Opcode::binary, R"({"realtimeInput":{"activityStart":{}}})", out_);
  ASSERT_TRUE(out_.close_request());
  EXPECT_EQ(out_.close_request()->code, 1007);
}

TEST_F(GeminiSimTest, ClientContentTextTurnsAndHistory) {
  make(quick());
  feed(R"({"setup":{"model":"models/m","generationConfig":{"responseModalities":["TEXT"]}}})");
  clear();
  feed(R"({"clientContent":{"turns":[{"role":"user","parts":[{"text":"earlier question"}]},
    {"role":"model","parts":[{"text":"earlier answer"}]}],"turnComplete":false}})");
  EXPECT_TRUE(log_.empty()) << "history only";
  feed(R"({"client_content":{"turns":[{"role":"user","parts":[{"text":"hello there"}]}],"turn_complete":true}})");
  ASSERT_EQ(log_tags(), (std::vector<std::string>{"modelTurn.text", "modelTurn.text", "modelTurn.text",
                                                  "modelTurn.text", "generationComplete",
                                                  "turnComplete"}));
  std::string text;
  for (const auto& j : log_) {
    if (j->has("/serverContent/modelTurn")) text += j->str("/serverContent/modelTurn/parts/0/text");
  }
  EXPECT_EQ(text, "You said: hello there");
  ASSERT_EQ(record_.items.size(), 3u);
  EXPECT_EQ(record_.items[1].role, "model");
  EXPECT_EQ(record_.items[1].text, "earlier answer");
  EXPECT_EQ(record_.texts, (std::vector<std::string>{"earlier question", "hello there"}));
}

TEST_F(GeminiSimTest, ToolCallAndToolResponse) {
  make(quick());
  feed(R"({"setup":{"model":"models/m","tools":[{"functionDeclarations":[{"name":"get_weather",
    "description":"Weather","parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING"}}}}]}]}})");
  clear();
  feed(R"({"clientContent":{"turns":[{"role":"user","parts":[{"text":"call get_weather in Rome"}]}],"turnComplete":true}})");
  ASSERT_EQ(log_tags(), std::vector<std::string>{"toolCall"});
  const Json& call = *log_[0];
  EXPECT_EQ(call.str("/toolCall/functionCalls/0/name"), "get_weather");
  EXPECT_EQ(call.str("/toolCall/functionCalls/0/args/city"), "Rome");
  std::string id = call.str("/toolCall/functionCalls/0/id");
  EXPECT_FALSE(id.empty());
  clear();
  feed(R"({"toolResponse":{"functionResponses":[{"id":")" + id +
       R"(","name":"get_weather","response":{"temp_c":18}}]}})");
  std::vector<std::string> tags = log_tags();
  ASSERT_FALSE(tags.empty());
  EXPECT_EQ(tags.back(), "turnComplete");
  ASSERT_EQ(record_.items.size(), 2u);
  EXPECT_EQ(record_.items[1].type, "function_call_output");
  EXPECT_EQ(record_.items[1].call_id, id);
  EXPECT_EQ(record_.items[1].text, R"({"temp_c":18})");
}

TEST_F(GeminiSimTest, SpeechDuringAModelTurnInterruptsIt) {
  SimOptions o;
  o.chunk_interval_ms = 50;
  make(o);
  feed(kAudioSetup);
  speak(cat({tone(16000, 500), silence(16000, 600)}));
  EXPECT_EQ(count(log_tags(), "modelTurn.audio"), 1u);
  ASSERT_TRUE(session_->next_deadline());
  EXPECT_EQ(*session_->next_deadline(), t0_ + 50ms);
  timer(t0_ + 50ms);
  EXPECT_EQ(count(log_tags(), "modelTurn.audio"), 2u);
  clear();
  speak(tone(16000, 100));
  ASSERT_EQ(log_tags(), (std::vector<std::string>{"interrupted", "turnComplete"}));
  EXPECT_FALSE(session_->next_deadline());
  EXPECT_EQ(record_.cancelled, 1u);
}

TEST_F(GeminiSimTest, SessionResumptionHandles) {
  make(quick());
  feed(R"({"setup":{"model":"models/m","sessionResumption":{"handle":"old-handle"}}})");
  ASSERT_EQ(log_tags(), (std::vector<std::string>{"setupComplete", "sessionResumptionUpdate"}));
  EXPECT_FALSE(log_[1]->str("/sessionResumptionUpdate/newHandle").empty());
  EXPECT_TRUE(log_[1]->has("/sessionResumptionUpdate/resumable"));
  EXPECT_EQ(record_.resumption_handle, "old-handle");
  clear();
  feed(R"({"realtimeInput":{"text":"hi"}})");
  EXPECT_EQ(log_tags().back(), "sessionResumptionUpdate") << "a new handle after each turn";
}

TEST_F(GeminiSimTest, GoAwayThenClose) {
  SimOptions o = quick();
  o.go_away_after_ms = 1000;
  o.go_away_time_left_ms = 2000;
  make(o);
  feed(kAudioSetup);
  ASSERT_TRUE(session_->next_deadline());
  EXPECT_EQ(*session_->next_deadline(), t0_ + 1000ms);
  clear();
  timer(t0_ + 1000ms);
  ASSERT_EQ(log_tags(), std::vector<std::string>{"goAway"});
  EXPECT_EQ(log_[0]->str("/goAway/timeLeft"), "2s");
  EXPECT_FALSE(close_);
  EXPECT_EQ(*session_->next_deadline(), t0_ + 3000ms);
  timer(t0_ + 3000ms);
  ASSERT_TRUE(close_);
  EXPECT_EQ(close_->code, 1001);
}

TEST_F(GeminiSimTest, EchoModeAnswersEachAudioMessageWithTheSameAudio) {
  SimOptions o;
  o.echo = true;
  make(o);
  feed(kAudioSetup);
  clear();
  std::string audio = b64(tone(16000, 40));
  feed(R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":")" + audio + "\"}}}");
  ASSERT_EQ(log_tags(), std::vector<std::string>{"modelTurn.audio"});
  EXPECT_EQ(log_[0]->str("/serverContent/modelTurn/parts/0/inlineData/data"), audio);
  EXPECT_EQ(record_.audio_bytes, 1280u);
  EXPECT_EQ(record_.audio_rates, std::vector<std::uint32_t>{16000});
}

}  // namespace
}  // namespace sy::providers::sim
