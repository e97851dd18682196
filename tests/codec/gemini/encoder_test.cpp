#include "codec/gemini/encoder.h"

#include <gtest/gtest.h>

#include <string>

#include "codec/gemini/decoder.h"

namespace sy::codec::gemini {
namespace {

std::string server(const wire::ServerMessage& m) {
  std::string out;
  encode_server(m, out);
  return out;
}

TEST(GeminiEncoder, ServerMessagesInCamelCase) {
  wire::ServerMessage m;
  m.setup_complete.emplace();
  EXPECT_EQ(server(m), R"({"setupComplete":{}})");

  m = {};
  auto& sc = m.server_content.emplace();
  auto& part = sc.model_turn.emplace().parts.emplace_back();
  part.inline_data = wire::Blob{"audio/pcm;rate=24000", "AAAA"};
  EXPECT_EQ(server(m),
            R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":"AAAA"}}]}}})");

  m = {};
  m.server_content.emplace().output_transcription = wire::Transcription{"Hi \"you\"", {}};
  EXPECT_EQ(server(m), R"({"serverContent":{"outputTranscription":{"text":"Hi \"you\""}}})");

  m = {};
  m.server_content.emplace().input_transcription = wire::Transcription{"hello", {}};
  EXPECT_EQ(server(m), R"({"serverContent":{"inputTranscription":{"text":"hello"}}})");

  m = {};
  m.server_content.emplace().model_turn.emplace().parts.emplace_back().text = "words";
  EXPECT_EQ(server(m), R"({"serverContent":{"modelTurn":{"parts":[{"text":"words"}]}}})");

  m = {};
  m.server_content.emplace().generation_complete = true;
  EXPECT_EQ(server(m), R"({"serverContent":{"generationComplete":true}})");

  m = {};
  m.server_content.emplace().interrupted = true;
  EXPECT_EQ(server(m), R"({"serverContent":{"interrupted":true}})");

  m = {};
  m.server_content.emplace().turn_complete = true;
  auto& u = m.usage_metadata.emplace();
  u.prompt_token_count = 10;
  u.response_token_count = 5;
  u.total_token_count = 15;
  EXPECT_EQ(server(m),
            R"({"serverContent":{"turnComplete":true},"usageMetadata":{"promptTokenCount":10,"responseTokenCount":5,"totalTokenCount":15}})");

  m = {};
  auto& call = m.tool_call.emplace().function_calls.emplace().emplace_back();
  call.id = "c1";
  call.name = "get_weather";
  call.args = json::RawJson{R"({"city":"Paris"})"};
  EXPECT_EQ(server(m),
            R"({"toolCall":{"functionCalls":[{"id":"c1","name":"get_weather","args":{"city":"Paris"}}]}})");

  m = {};
  m.tool_call_cancellation.emplace().ids.emplace().push_back("c1");
  EXPECT_EQ(server(m), R"({"toolCallCancellation":{"ids":["c1"]}})");

  m = {};
  m.go_away.emplace().time_left = Duration{50000};
  EXPECT_EQ(server(m), R"({"goAway":{"timeLeft":"50s"}})");
  m.go_away->time_left = Duration{1500};
  EXPECT_EQ(server(m), R"({"goAway":{"timeLeft":"1.500s"}})");

  m = {};
  auto& r = m.session_resumption_update.emplace();
  r.new_handle = "h";
  r.resumable = true;
  r.last_consumed_client_message_index = Int64{-42};
  EXPECT_EQ(server(m),
            R"({"sessionResumptionUpdate":{"newHandle":"h","resumable":true,"lastConsumedClientMessageIndex":"-42"}})");
}

TEST(GeminiEncoder, HotPathsMatchTheReflectedForm) {
  std::string fast;
  encode_model_audio("audio/pcm;rate=24000", "AAAA", fast);
  wire::ServerMessage m;
  m.server_content.emplace().model_turn.emplace().parts.emplace_back().inline_data =
      wire::Blob{"audio/pcm;rate=24000", "AAAA"};
  EXPECT_EQ(fast, server(m));

  std::string in;
  encode_realtime_audio("audio/pcm;rate=16000", "AAAA", in);
  EXPECT_EQ(in, R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":"AAAA"}}})");
}

TEST(GeminiEncoder, OutputIsAppendedToTheCallersBuffer) {
  std::string out = "x";
  encode_realtime_audio("audio/pcm;rate=16000", "", out);
  EXPECT_EQ(out.substr(0, 2), "x{");
}

TEST(GeminiEncoder, ClientMessagesDecodeBackToThemselves) {
  wire::ClientMessage m;
  auto& cc = m.client_content.emplace();
  auto& turn = cc.turns.emplace().emplace_back();
  turn.role = "user";
  turn.parts.emplace_back().text = "hi";
  cc.turn_complete = true;
  std::string out;
  encode_client(m, out);
  EXPECT_EQ(out, R"({"clientContent":{"turns":[{"role":"user","parts":[{"text":"hi"}]}],"turnComplete":true}})");

  m = {};
  m.realtime_input.emplace().activity_end.emplace();
  out.clear();
  encode_client(m, out);
  EXPECT_EQ(out, R"({"realtimeInput":{"activityEnd":{}}})");

  m = {};
  auto& fr = m.tool_response.emplace().function_responses.emplace().emplace_back();
  fr.id = "c1";
  fr.name = "f";
  fr.response = json::RawJson{R"({"output":"ok"})"};
  out.clear();
  encode_client(m, out);
  EXPECT_EQ(out, R"({"toolResponse":{"functionResponses":[{"id":"c1","name":"f","response":{"output":"ok"}}]}})");
  Decoder dec;
  auto kind = dec.decode_client(out);
  ASSERT_TRUE(kind.ok());
  EXPECT_EQ(*kind, ClientKind::tool_response);
}

TEST(GeminiEncoder, DurationsRoundTrip) {
  std::uint64_t ms = 0;
  EXPECT_TRUE(parse_duration_ms("30s", ms));
  EXPECT_EQ(ms, 30000u);
  EXPECT_TRUE(parse_duration_ms("0.5s", ms));
  EXPECT_EQ(ms, 500u);
  EXPECT_TRUE(parse_duration_ms("2.000000001s", ms));
  EXPECT_EQ(ms, 2000u);
  EXPECT_FALSE(parse_duration_ms("s", ms));
  EXPECT_FALSE(parse_duration_ms("-1s", ms));
  EXPECT_FALSE(parse_duration_ms("1.s", ms));
  EXPECT_FALSE(parse_duration_ms("10", ms));
  EXPECT_FALSE(parse_duration_ms("1.0000000001s", ms));
  char buf[32];
  EXPECT_EQ(format_duration(0, buf), "0s");
  EXPECT_EQ(format_duration(60000, buf), "60s");
  EXPECT_EQ(format_duration(1005, buf), "1.005s");
}

}  // namespace
}  // namespace sy::codec::gemini
