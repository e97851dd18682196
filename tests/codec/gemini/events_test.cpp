#include "codec/gemini/events.h"

#include <gtest/gtest.h>

#include <variant>

#include "codec/gemini/decoder.h"

namespace sy::codec::gemini {
namespace {

std::vector<std::string_view> intent_kinds(const std::vector<events::Intent>& v) {
  std::vector<std::string_view> names;
  for (const auto& i : v) names.push_back(events::intent_name(i.body));
  return names;
}

std::vector<std::string_view> happening_kinds(const std::vector<events::Happening>& v) {
  std::vector<std::string_view> names;
  for (const auto& h : v) names.push_back(events::happening_name(h.body));
  return names;
}

using Names = std::vector<std::string_view>;

TEST(GeminiEvents, ClientMessagesAsIntents) {
  Decoder dec;
  EventStorage storage;
  std::vector<events::Intent> out;
  auto intents = [&](const char* json) {
    out.clear();
    EXPECT_TRUE(dec.decode_client(json).ok()) << dec.close_reason();
    to_intents(dec.client(), storage, out);
    return intent_kinds(out);
  };
  EXPECT_EQ(intents(R"({"setup":{"model":"m","generationConfig":{"temperature":0.2}}})"),
            Names{"configure_session"});
  EXPECT_EQ(std::get<events::ConfigureSession>(out[0].body).config.temperature, 0.2);
  EXPECT_EQ(intents(R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":"AAAA"}}})"),
            Names{"append_audio"});
  EXPECT_EQ(std::get<events::AppendAudio>(out[0].body).audio_base64, "AAAA");
  EXPECT_EQ(intents(R"({"realtime_input":{"media_chunks":[{"mime_type":"audio/pcm","data":"AA=="},{"mime_type":"image/png","data":"AA=="}]}})"),
            Names{"append_audio"});
  EXPECT_EQ(intents(R"({"realtimeInput":{"activityStart":{}}})"), Names{"clear_audio"});
  EXPECT_EQ(intents(R"({"realtimeInput":{"activityEnd":{}}})"),
            (Names{"commit_audio", "create_response"}));
  EXPECT_EQ(intents(R"({"realtimeInput":{"audioStreamEnd":true}})"), Names{"commit_audio"});
  EXPECT_EQ(intents(R"({"realtimeInput":{"text":"hi"}})"), (Names{"add_item", "create_response"}));
  EXPECT_EQ(intents(R"({"clientContent":{"turns":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"text":"b"}]}],"turnComplete":true}})"),
            (Names{"add_item", "add_item", "create_response"}));
  const auto& model_item = std::get<events::AddItem>(out[1].body).item;
  EXPECT_EQ(model_item.role, events::Role::assistant);
  ASSERT_EQ(model_item.content.size(), 1u);
  EXPECT_EQ(model_item.content[0].text, "b");
  EXPECT_EQ(intents(R"({"toolResponse":{"functionResponses":[{"id":"c1","name":"f","response":{"x":1}}]}})"),
            (Names{"add_item", "create_response"}));
  const auto& output = std::get<events::AddItem>(out[0].body).item;
  EXPECT_EQ(output.type, events::ItemType::function_call_output);
  EXPECT_EQ(output.call_id, "c1");
  EXPECT_EQ(output.output, R"({"x":1})");
}

TEST(GeminiEvents, ServerMessagesAsHappenings) {
  Decoder dec;
  EventStorage storage;
  std::vector<events::Happening> out;
  auto happenings = [&](const char* json) {
    out.clear();
    EXPECT_TRUE(dec.decode_server(json).ok()) << dec.close_reason();
    to_happenings(dec.server(), storage, out);
    return happening_kinds(out);
  };
  EXPECT_EQ(happenings(R"({"setupComplete":{}})"), Names{"session_ready"});
  EXPECT_EQ(happenings(R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":"AAAA"}},{"text":"hi"},{"text":"hmm","thought":true}]}}})"),
            (Names{"audio_delta", "text_delta"}));
  EXPECT_EQ(happenings(R"({"serverContent":{"inputTranscription":{"text":"a"},"outputTranscription":{"text":"b"}}})"),
            (Names{"input_transcript_delta", "output_transcript_delta"}));
  EXPECT_EQ(happenings(R"({"serverContent":{"generationComplete":true}})"), Names{"unhandled"});
  EXPECT_EQ(happenings(R"({"serverContent":{"interrupted":true}})"), Names{"response_done"});
  EXPECT_EQ(std::get<events::ResponseDone>(out[0].body).status_reason, "turn_detected");
  EXPECT_EQ(happenings(R"({"serverContent":{"turnComplete":true},"usageMetadata":{"totalTokenCount":9}})"),
            Names{"response_done"});
  EXPECT_EQ(std::get<events::ResponseDone>(out[0].body).usage->total_tokens, 9u);
  EXPECT_EQ(happenings(R"({"toolCall":{"functionCalls":[{"id":"1","name":"f","args":{"a":1}}]}})"),
            Names{"function_call"});
  EXPECT_EQ(std::get<events::FunctionCall>(out[0].body).arguments, R"({"a":1})");
  EXPECT_EQ(happenings(R"({"toolCallCancellation":{"ids":["1","2"]}})"),
            Names{"function_calls_cancelled"});
  EXPECT_EQ(std::get<events::FunctionCallsCancelled>(out[0].body).call_ids.size(), 2u);
  EXPECT_EQ(happenings(R"({"goAway":{"timeLeft":"10s"}})"), Names{"go_away"});
  EXPECT_EQ(std::get<events::GoAway>(out[0].body).time_left_ms, 10000u);
  EXPECT_EQ(happenings(R"({"sessionResumptionUpdate":{"newHandle":"h","resumable":true}})"),
            Names{"resumption_handle"});
  EXPECT_EQ(happenings(R"({"usageMetadata":{"totalTokenCount":1}})"), Names{"unhandled"});
}

}  // namespace
}  // namespace sy::codec::gemini
