// The deterministic pieces under both faces: energy VAD timing, answer text, tool selection and
// arguments, text splitting, and the switchyard-sim command line.
#include <gtest/gtest.h>

#include "providers/sim/answer.h"
#include "providers/sim/sim_cli.h"
#include "providers/sim/vad.h"
#include "tests/providers/sim/sim_test_util.h"

namespace sy::providers::sim {
namespace {

using test::silence;
using test::tone;

std::vector<VadEvent> run(EnergyVad& vad, const std::vector<std::int16_t>& pcm) {
  std::vector<VadEvent> events;
  vad.feed(pcm, [&](const VadEvent& e) { events.push_back(e); });
  return events;
}

TEST(SimVad, ReportsOnsetWithPaddingAndEndAfterTheSilence) {
  EnergyVad vad;
  vad.configure(VadParams{0.5, 100, 300}, 16000);
  auto pcm = silence(16000, 500);
  auto t = tone(16000, 400);
  pcm.insert(pcm.end(), t.begin(), t.end());
  auto s = silence(16000, 400);
  pcm.insert(pcm.end(), s.begin(), s.end());
  auto events = run(vad, pcm);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, VadEvent::Kind::started);
  EXPECT_EQ(events[0].at_ms, 400u);
  EXPECT_EQ(events[1].kind, VadEvent::Kind::stopped);
  EXPECT_EQ(events[1].at_ms, 1200u);
  EXPECT_EQ(vad.position_ms(), 1300u);
  EXPECT_FALSE(vad.speaking());
}

TEST(SimVad, ThresholdDecidesWhatCountsAsSpeech) {
  // A tone at a quarter of full scale is about -15 dBFS: speech at 0.5 (-35 dBFS), not at 1.0.
  EnergyVad loud_only;
  loud_only.configure(VadParams{1.0, 0, 100}, 24000);
  EXPECT_TRUE(run(loud_only, tone(24000, 200)).empty());
  EnergyVad normal;
  normal.configure(VadParams{0.5, 0, 100}, 24000);
  EXPECT_EQ(run(normal, tone(24000, 200)).size(), 1u);
  EXPECT_TRUE(normal.speaking());
}

TEST(SimVad, ShortPausesDoNotEndATurn) {
  EnergyVad vad;
  vad.configure(VadParams{0.5, 0, 500}, 24000);
  std::vector<std::int16_t> pcm;
  for (int i = 0; i < 3; ++i) {
    auto t = tone(24000, 200);
    auto s = silence(24000, 300);
    pcm.insert(pcm.end(), t.begin(), t.end());
    pcm.insert(pcm.end(), s.begin(), s.end());
  }
  auto events = run(vad, pcm);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(vad.speaking());
}

TEST(SimAnswer, TextsAreDeterministic) {
  EXPECT_EQ(describe_audio(1240, ""), "1240 milliseconds of audio");
  EXPECT_EQ(describe_audio(1240, "call get_weather"), "call get_weather");
  EXPECT_EQ(answer_text("hi"), "You said: hi");
  EXPECT_EQ(answer_text(""), "Hello.");
  EXPECT_EQ(tool_result_text("f", "{}"), "The result of f is {}");
}

TEST(SimAnswer, ToolChoiceFollowsTheTextAndTheSetting) {
  std::vector<ToolSpec> tools = {{"get_weather", ""}, {"get_weather_detail", ""}, {"book", ""}};
  EXPECT_EQ(requested_tool("what's up", tools, "auto"), -1);
  EXPECT_EQ(requested_tool("Call GET_WEATHER please", tools, "auto"), 0);
  EXPECT_EQ(requested_tool("call get_weather_detail", tools, "auto"), 1);
  EXPECT_EQ(requested_tool("call book", tools, "none"), -1);
  EXPECT_EQ(requested_tool("nothing named", tools, "required"), 0);
  EXPECT_EQ(requested_tool("nothing named", tools, "book"), 2);
  EXPECT_EQ(requested_tool("call book", {}, "auto"), -1);
}

TEST(SimAnswer, ArgumentsFitTheSchema) {
  ToolSpec t{"lookup", R"({"type":"object","properties":{"q":{"type":"string"},"n":{"type":"number"},
    "exact":{"type":"boolean"},"tags":{"type":"array"},"opts":{"type":"object"}}})"};
  EXPECT_EQ(tool_arguments(t, "please lookup about \"cats\"?"),
            R"({"q":"cats","n":1,"exact":true,"tags":[],"opts":{}})");
  EXPECT_EQ(tool_arguments(t, "lookup"), R"({"q":"sim","n":1,"exact":true,"tags":[],"opts":{}})");
  EXPECT_EQ(tool_arguments(ToolSpec{"x", ""}, "x"), "{}");
  EXPECT_EQ(tool_arguments(ToolSpec{"x", "not json"}, "x"), "{}");
}

TEST(SimAnswer, SplitTextKeepsEveryCharacter) {
  auto parts = split_text("You said: 1800 milliseconds of audio", 8);
  ASSERT_EQ(parts.size(), 8u);
  std::string joined;
  for (const auto& p : parts) joined += p;
  EXPECT_EQ(joined, "You said: 1800 milliseconds of audio");
  EXPECT_EQ(parts[0], "You ");
  EXPECT_EQ(parts[7], "");
  EXPECT_EQ(split_text("one two three four five", 6),
            (std::vector<std::string>{"one ", "two ", "three ", "four ", "five", ""}));
  EXPECT_EQ(split_text("  lead", 2)[0], "  lead");
  EXPECT_EQ(split_text("", 3).size(), 3u);
}

TEST(SimAnswer, ResamplingKeepsTheDuration) {
  std::vector<std::int16_t> out;
  append_resampled(out, tone(16000, 100), 16000, 24000);
  EXPECT_EQ(out.size(), 2400u);
  out.clear();
  append_resampled(out, tone(24000, 100), 24000, 8000);
  EXPECT_EQ(out.size(), 800u);
}

Result<SimCommandLine> parse(std::vector<const char*> args, std::string& message) {
  args.insert(args.begin(), "switchyard-sim");
  return parse_sim_command_line(static_cast<int>(args.size()), args.data(), message);
}

TEST(SimCli, ParsesEveryFlag) {
  std::string msg;
  auto cl = parse({"--dialect", "gemini", "--port", "9001", "--host", "0.0.0.0", "--shards", "2",
                   "--echo", "--api-key", "k", "--delay-first-audio-ms", "250",
                   "--close-after-events", "7", "--refuse", "503", "--go-away-after-ms", "900",
                   "--answer", "echo", "--transcript", "call f", "--chunk-interval-ms", "0"},
                  msg);
  ASSERT_TRUE(cl) << msg;
  EXPECT_EQ(cl->sim.session.face, Face::gemini);
  EXPECT_EQ(cl->port, 9001);
  EXPECT_EQ(cl->host, "0.0.0.0");
  EXPECT_EQ(cl->shards, 2);
  EXPECT_TRUE(cl->sim.session.echo);
  EXPECT_EQ(cl->sim.api_key, "k");
  EXPECT_EQ(cl->sim.session.delay_first_audio_ms, 250u);
  EXPECT_EQ(cl->sim.session.close_after_events, 7u);
  EXPECT_EQ(cl->sim.refuse_status, 503);
  EXPECT_EQ(cl->sim.session.go_away_after_ms, 900u);
  EXPECT_EQ(cl->sim.session.answer_audio, AnswerAudio::echo);
  EXPECT_EQ(cl->sim.session.transcript, "call f");
  EXPECT_EQ(cl->sim.session.chunk_interval_ms, 0u);
}

TEST(SimCli, KeyIsTheApiKeyUnlessItNamesTheTlsKeyFile) {
  std::string msg;
  auto plain = parse({"--dialect", "openai", "--key", "sk-test"}, msg);
  ASSERT_TRUE(plain) << msg;
  EXPECT_EQ(plain->sim.api_key, "sk-test");
  auto tls = parse({"--dialect", "openai", "--tls", "--cert", "/proc/self/status", "--key",
                    "/proc/self/status"},
                   msg);
  ASSERT_TRUE(tls) << msg;
  EXPECT_EQ(tls->tls_key, "/proc/self/status");
  EXPECT_TRUE(tls->sim.api_key.empty());
}

TEST(SimCli, RefusesBadArguments) {
  std::string msg;
  EXPECT_FALSE(parse({}, msg));
  EXPECT_FALSE(parse({"--dialect", "azure"}, msg));
  EXPECT_FALSE(parse({"--dialect", "openai", "--refuse", "200"}, msg));
  EXPECT_FALSE(parse({"--dialect", "openai", "--tls"}, msg));
  EXPECT_FALSE(parse({"--dialect", "openai", "--bogus"}, msg));
  EXPECT_FALSE(parse({"--dialect", "openai", "--answer", "loud"}, msg));
  auto help = parse({"--help"}, msg);
  ASSERT_TRUE(help);
  EXPECT_TRUE(help->help);
  EXPECT_NE(msg.find("--dialect"), std::string::npos);
}

}  // namespace
}  // namespace sy::providers::sim
