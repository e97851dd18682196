#include "codec/gemini/decoder.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace sy::codec::gemini {
namespace {

std::string corpus_dir(const char* side) {
  const char* src = std::getenv("SWITCHYARD_SOURCE_DIR");
  return std::string(src ? src : ".") + "/tests/codec/gemini/corpus/" + side;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(GeminiDecoder, EveryClientSeedDecodes) {
  Decoder dec;
  int n = 0;
  for (auto& e : std::filesystem::directory_iterator(corpus_dir("client"))) {
    SCOPED_TRACE(e.path().filename().string());
    auto kind = dec.decode_client(read_file(e.path()));
    EXPECT_TRUE(kind.ok()) << dec.close_reason();
    ++n;
  }
  EXPECT_GE(n, 10);
}

TEST(GeminiDecoder, EveryServerSeedDecodes) {
  Decoder dec;
  int n = 0;
  for (auto& e : std::filesystem::directory_iterator(corpus_dir("server"))) {
    SCOPED_TRACE(e.path().filename().string());
    auto kind = dec.decode_server(read_file(e.path()));
    EXPECT_TRUE(kind.ok()) << dec.close_reason();
    ++n;
  }
  EXPECT_GE(n, 10);
}

TEST(GeminiDecoder, SetupInCamelCase) {
  Decoder dec;
  auto kind = dec.decode_client(read_file(corpus_dir("client") + "/setup_full.json"));
  ASSERT_TRUE(kind.ok()) << dec.close_reason();
  EXPECT_EQ(*kind, ClientKind::setup);
  const wire::Setup& s = *dec.client().setup;
  EXPECT_EQ(s.model, "models/gemini-2.0-flash-live-001");
  EXPECT_EQ(s.generation_config->speech_config->voice_config->prebuilt_voice_config->voice_name,
            "Kore");
  EXPECT_EQ(s.generation_config->max_output_tokens, 512);
  EXPECT_EQ(s.system_instruction->parts[0].text, "You are terse.");
  const auto& decls = *(*s.tools)[0].function_declarations;
  ASSERT_EQ(decls.size(), 2u);
  EXPECT_EQ(decls[0].parameters->json.substr(0, 16), R"({"type":"OBJECT")");
  EXPECT_EQ(decls[1].parameters_json_schema->json.substr(0, 16), R"({"type":"object")");
  const auto& aad = *s.realtime_input_config->automatic_activity_detection;
  EXPECT_EQ(aad.disabled, false);
  EXPECT_EQ(aad.silence_duration_ms, 800);
  EXPECT_EQ(s.realtime_input_config->activity_handling, "NO_INTERRUPTION");
  EXPECT_EQ(s.session_resumption->handle, "h-123");
  EXPECT_TRUE(s.input_audio_transcription.has_value());
  EXPECT_TRUE(s.output_audio_transcription.has_value());
}

TEST(GeminiDecoder, SetupInSnakeCaseWithQuotedInt) {
  Decoder dec;
  auto kind = dec.decode_client(read_file(corpus_dir("client") + "/setup_snake.json"));
  ASSERT_TRUE(kind.ok()) << dec.close_reason();
  const wire::Setup& s = *dec.client().setup;
  EXPECT_EQ(s.generation_config->max_output_tokens, 64);
  EXPECT_EQ((*s.generation_config->response_modalities)[0], "TEXT");
  EXPECT_EQ(s.generation_config->speech_config->voice_config->prebuilt_voice_config->voice_name,
            "Puck");
  EXPECT_EQ(s.realtime_input_config->automatic_activity_detection->disabled, true);
  EXPECT_EQ(s.system_instruction->parts.size(), 2u);
}

TEST(GeminiDecoder, RealtimeAudioIsAViewIntoThePaddedFrame) {
  std::string frame = R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":"AAABAA=="}}})";
  std::size_t size = frame.size();
  frame.resize(size + json::kPadding);
  Decoder dec;
  auto kind = dec.decode_client(std::string_view(frame.data(), size), frame.size());
  ASSERT_TRUE(kind.ok());
  EXPECT_EQ(*kind, ClientKind::realtime_input);
  std::string_view data = *dec.client().realtime_input->audio->data;
  EXPECT_EQ(data, "AAABAA==");
  EXPECT_GE(data.data(), frame.data());
  EXPECT_LT(data.data(), frame.data() + size);
}

TEST(GeminiDecoder, EachRealtimeInputFormInBothCasings) {
  Decoder dec;
  ASSERT_TRUE(dec.decode_client(R"({"realtime_input":{"media_chunks":[{"mime_type":"audio/pcm;rate=16000","data":"AAA="},{"mimeType":"image/jpeg","data":"/9j/"}]}})").ok());
  ASSERT_EQ(dec.client().realtime_input->media_chunks->size(), 2u);
  EXPECT_EQ((*dec.client().realtime_input->media_chunks)[1].mime_type, "image/jpeg");
  ASSERT_TRUE(dec.decode_client(R"({"realtimeInput":{"activity_start":{}}})").ok());
  EXPECT_TRUE(dec.client().realtime_input->activity_start.has_value());
  ASSERT_TRUE(dec.decode_client(R"({"realtime_input":{"activityEnd":{}}})").ok());
  EXPECT_TRUE(dec.client().realtime_input->activity_end.has_value());
  EXPECT_FALSE(dec.client().realtime_input->activity_start.has_value());
  ASSERT_TRUE(dec.decode_client(R"({"realtimeInput":{"audio_stream_end":true}})").ok());
  EXPECT_EQ(dec.client().realtime_input->audio_stream_end, true);
  ASSERT_TRUE(dec.decode_client(R"({"realtimeInput":{"text":"hi"}})").ok());
  EXPECT_EQ(dec.client().realtime_input->text, "hi");
}

TEST(GeminiDecoder, ClientContentAndToolResponse) {
  Decoder dec;
  auto kind = dec.decode_client(
      R"({"client_content":{"turns":[{"role":"user","parts":[{"text":"a"}]}],"turn_complete":true}})");
  ASSERT_TRUE(kind.ok());
  EXPECT_EQ(*kind, ClientKind::client_content);
  EXPECT_EQ(dec.client().client_content->turn_complete, true);
  EXPECT_EQ((*dec.client().client_content->turns)[0].parts[0].text, "a");
  kind = dec.decode_client(
      R"({"toolResponse":{"functionResponses":[{"id":"c1","name":"f","response":{"x":1}}]}})");
  ASSERT_TRUE(kind.ok());
  EXPECT_EQ(*kind, ClientKind::tool_response);
  const auto& fr = (*dec.client().tool_response->function_responses)[0];
  EXPECT_EQ(fr.id, "c1");
  EXPECT_EQ(fr.response->json, R"({"x":1})");
}

struct BadCase {
  const char* json;
  GeminiErrc code;
  const char* reason;
};

TEST(GeminiDecoder, BadClientInputNamesTheProblemForClose1007) {
  const BadCase cases[] = {
      {"{nope", GeminiErrc::invalid_json, "Invalid JSON payload received. malformed JSON."},
      {"[1]", GeminiErrc::wrong_type, "Invalid JSON payload received. expected a JSON object."},
      {R"({"hello":{}})", GeminiErrc::unknown_message,
       "Invalid JSON payload received. expected one of setup, clientContent, realtimeInput, "
       "toolResponse."},
      {R"({"setup":{"model":"m"},"clientContent":{}})", GeminiErrc::multiple_messages, nullptr},
      {R"({"setup":{}})", GeminiErrc::missing_field,
       "Invalid JSON payload received. model is required at 'setup.model'."},
      {R"({"setup":{"model":"m","generationConfig":{"temperature":"hot"}}})",
       GeminiErrc::wrong_type, nullptr},
      {R"({"setup":{"model":"m","generation_config":{"max_output_tokens":99999999999}}})",
       GeminiErrc::out_of_range,
       "Invalid JSON payload received. integer out of range at "
       "'setup.generationConfig.maxOutputTokens'."},
      {R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=96000","data":"AAAA"}}})",
       GeminiErrc::invalid_value,
       "Invalid JSON payload received. unsupported audio mime type at "
       "'realtimeInput.audio.mimeType'."},
      {R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm"}}})", GeminiErrc::missing_field,
       nullptr},
      {R"({"realtimeInput":{"activityStart":[]}})", GeminiErrc::wrong_type, nullptr},
      {R"({"clientContent":{"turns":[{"role":"system"}]}})", GeminiErrc::invalid_value, nullptr},
      {R"({"toolResponse":{"functionResponses":[{"id":"c","name":"f","response":"ok"}]}})",
       GeminiErrc::wrong_type, nullptr},
      {R"({"toolResponse":{"functionResponses":[{"id":"c","response":{}}]}})",
       GeminiErrc::missing_field, nullptr},
  };
  Decoder dec;
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.json);
    auto kind = dec.decode_client(c.json);
    ASSERT_FALSE(kind.ok());
    EXPECT_TRUE(kind.error().is(c.code)) << kind.error().code;
    EXPECT_LE(dec.close_reason().size(), kMaxCloseReason);
    EXPECT_FALSE(dec.close_reason().empty());
    if (c.reason != nullptr) {
      EXPECT_EQ(dec.close_reason(), c.reason);
    }
  }
}

TEST(GeminiDecoder, FailureOffsetPointsIntoTheFrame) {
  Decoder dec;
  std::string frame = R"({"setup":{"model":"m","generationConfig":{"temperature":"hot"}}})";
  auto kind = dec.decode_client(frame);
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.error().offset, frame.find("\"temperature\""));
}

TEST(GeminiDecoder, ServerMessagesWithInt64AndDuration) {
  Decoder dec;
  auto kind = dec.decode_server(
      R"({"sessionResumptionUpdate":{"newHandle":"h","resumable":true,"lastConsumedClientMessageIndex":"9007199254740993"}})");
  ASSERT_TRUE(kind.ok());
  EXPECT_EQ(*kind, ServerKind::session_resumption_update);
  EXPECT_EQ(dec.server().session_resumption_update->last_consumed_client_message_index->value,
            9007199254740993LL);
  kind = dec.decode_server(R"({"go_away":{"time_left":"1.25s"}})");
  ASSERT_TRUE(kind.ok());
  EXPECT_EQ(dec.server().go_away->time_left->ms, 1250u);
  EXPECT_FALSE(dec.decode_server(R"({"goAway":{"timeLeft":"soon"}})").ok());
}

TEST(GeminiDecoder, UsageMayRideAlongOrComeAlone) {
  Decoder dec;
  auto kind = dec.decode_server(R"({"serverContent":{"turnComplete":true},"usageMetadata":{"totalTokenCount":3}})");
  ASSERT_TRUE(kind.ok());
  EXPECT_EQ(*kind, ServerKind::server_content);
  EXPECT_EQ(dec.server().usage_metadata->total_token_count, 3);
  kind = dec.decode_server(R"({"usageMetadata":{"totalTokenCount":4}})");
  ASSERT_TRUE(kind.ok());
  EXPECT_EQ(*kind, ServerKind::usage_metadata);
  EXPECT_FALSE(dec.server().server_content.has_value());
}

TEST(GeminiDecoder, ServerContentPartsAndToolCalls) {
  Decoder dec;
  auto kind = dec.decode_server(R"({"serverContent":{"modelTurn":{"parts":[{"executableCode":{"code":"x"}},{"text":"a"},{"text":"b"},{"text":"c"},{"text":"d"},{"text":"e"}]}}})");
  ASSERT_TRUE(kind.ok());
  const wire::PartList& parts = dec.server().server_content->model_turn->parts;
  ASSERT_EQ(parts.size(), 6u);  // beyond the inline slots too
  EXPECT_TRUE(parts[0].executable_code.has_value());
  EXPECT_EQ(parts[5].text, "e");
  kind = dec.decode_server(R"({"toolCall":{"functionCalls":[{"id":"1","name":"f","args":{"a":[1,2]}},{"id":"2","name":"g"}]}})");
  ASSERT_TRUE(kind.ok());
  const auto& calls = *dec.server().tool_call->function_calls;
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].args->json, R"({"a":[1,2]})");
  EXPECT_FALSE(calls[1].args.has_value());
  EXPECT_FALSE(dec.decode_server(R"({"toolCall":{"functionCalls":[{"id":"1","args":{}}]}})").ok());
  EXPECT_FALSE(dec.decode_server(R"({"toolCall":{"functionCalls":[{"name":"f","args":[1]}]}})").ok());
  EXPECT_FALSE(dec.decode_server(R"({"setupComplete":{},"goAway":{}})").ok());
  EXPECT_FALSE(dec.decode_server(R"({"somethingNew":{}})").ok());
}

}  // namespace
}  // namespace sy::codec::gemini
