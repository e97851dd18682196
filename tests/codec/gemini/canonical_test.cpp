#include "codec/gemini/canonical.h"

#include <gtest/gtest.h>

#include <string>

#include "codec/gemini/decoder.h"
#include "codec/gemini/encoder.h"

namespace sy::codec::gemini {
namespace {

TEST(GeminiCanonical, SetupBecomesASessionConfig) {
  Decoder dec;
  ASSERT_TRUE(dec.decode_client(R"({"setup":{"model":"models/m","generationConfig":{"responseModalities":["AUDIO"],"temperature":0.5,"maxOutputTokens":100,"speechConfig":{"voiceConfig":{"prebuiltVoiceConfig":{"voiceName":"Kore"}}}},"systemInstruction":{"parts":[{"text":"one"},{"text":"two"}]},"tools":[{"functionDeclarations":[{"name":"f","description":"d","parameters":{"type":"OBJECT","properties":{"x":{"type" : "STRING"}}}},{"name":"g","parametersJsonSchema":{"type":"object"}}]}],"realtimeInputConfig":{"automaticActivityDetection":{"prefixPaddingMs":200,"silenceDurationMs":700,"startOfSpeechSensitivity":"START_SENSITIVITY_LOW"},"activityHandling":"NO_INTERRUPTION"},"inputAudioTranscription":{}}})")
                  .ok());
  events::SessionConfig c;
  ConfigStorage storage;
  to_config(*dec.client().setup, c, storage);
  EXPECT_EQ(c.model, "models/m");
  EXPECT_EQ(c.instructions, "one\n\ntwo");
  EXPECT_EQ(c.voice, "Kore");
  EXPECT_EQ(c.modalities, (events::Modalities{false, true}));
  EXPECT_EQ(c.temperature, 0.5);
  EXPECT_EQ(c.max_output_tokens, (events::MaxTokens{false, 100}));
  ASSERT_TRUE(c.turn_detection.has_value());
  EXPECT_EQ(c.turn_detection->mode, events::TurnDetectionMode::server_vad);
  EXPECT_EQ(c.turn_detection->prefix_padding_ms, 200u);
  EXPECT_EQ(c.turn_detection->silence_duration_ms, 700u);
  EXPECT_EQ(c.turn_detection->threshold, 0.7);
  EXPECT_EQ(c.turn_detection->interrupt_response, false);
  EXPECT_TRUE(c.transcription->enabled);
  ASSERT_EQ(c.tools->size(), 2u);
  EXPECT_EQ((*c.tools)[0].name, "f");
  EXPECT_EQ((*c.tools)[0].parameters_json,
            R"({"type":"object","properties":{"x":{"type" : "string"}}})");
  EXPECT_EQ((*c.tools)[1].parameters_json, R"({"type":"object"})");
}

TEST(GeminiCanonical, ManualTurnsAndNoTranscriptionByDefault) {
  Decoder dec;
  ASSERT_TRUE(dec.decode_client(R"({"setup":{"model":"m","realtimeInputConfig":{"automaticActivityDetection":{"disabled":true}}}})").ok());
  events::SessionConfig c;
  ConfigStorage storage;
  to_config(*dec.client().setup, c, storage);
  EXPECT_EQ(c.turn_detection->mode, events::TurnDetectionMode::manual);
  EXPECT_FALSE(c.transcription->enabled);
  EXPECT_FALSE(c.tools.has_value());
}

TEST(GeminiCanonical, ConfigBecomesASetup) {
  events::SessionConfig c;
  c.instructions = "Be brief.";
  c.voice = "Puck";
  c.modalities = events::Modalities{true, true};
  c.temperature = 0.8;
  c.max_output_tokens = events::MaxTokens{false, 256};
  events::TurnDetection td;
  td.mode = events::TurnDetectionMode::server_vad;
  td.threshold = 0.4;
  td.prefix_padding_ms = 300;
  td.silence_duration_ms = 500;
  c.turn_detection = td;
  c.transcription = events::Transcription{};
  events::Tool tools[] = {{"get_weather", "Weather", R"({"type":"object"})"}};
  c.tools = std::span<const events::Tool>(tools);
  wire::ClientMessage m;
  from_config(c, "models/gemini-live", m.setup.emplace());
  std::string out;
  encode_client(m, out);
  EXPECT_EQ(out,
            R"({"setup":{"model":"models/gemini-live","generationConfig":{"responseModalities":["AUDIO"],"speechConfig":{"voiceConfig":{"prebuiltVoiceConfig":{"voiceName":"Puck"}}},"temperature":0.8,"maxOutputTokens":256},"systemInstruction":{"parts":[{"text":"Be brief."}]},"tools":[{"functionDeclarations":[{"name":"get_weather","description":"Weather","parametersJsonSchema":{"type":"object"}}]}],"realtimeInputConfig":{"automaticActivityDetection":{"disabled":false,"startOfSpeechSensitivity":"START_SENSITIVITY_HIGH","prefixPaddingMs":300,"silenceDurationMs":500}},"inputAudioTranscription":{},"outputAudioTranscription":{}}})");

  td.mode = events::TurnDetectionMode::manual;
  c.turn_detection = td;
  c.modalities = events::Modalities{true, false};
  c.transcription = events::Transcription{false};
  from_config(c, "models/x", m.setup.emplace());
  out.clear();
  encode_client(m, out);
  EXPECT_NE(out.find(R"("responseModalities":["TEXT"])"), std::string::npos);
  EXPECT_NE(out.find(R"("automaticActivityDetection":{"disabled":true})"), std::string::npos);
  EXPECT_EQ(out.find("inputAudioTranscription"), std::string::npos);
  EXPECT_EQ(out.find("outputAudioTranscription"), std::string::npos);
}

TEST(GeminiCanonical, UsageBothWays) {
  Decoder dec;
  ASSERT_TRUE(dec.decode_server(R"({"usageMetadata":{"promptTokenCount":120,"cachedContentTokenCount":7,"responseTokenCount":30,"totalTokenCount":150,"promptTokensDetails":[{"modality":"TEXT","tokenCount":20},{"modality":"AUDIO","tokenCount":100}],"responseTokensDetails":[{"modality":"AUDIO","tokenCount":30}]}})").ok());
  events::Usage u = to_usage(*dec.server().usage_metadata);
  EXPECT_EQ(u.input_tokens, 120u);
  EXPECT_EQ(u.output_tokens, 30u);
  EXPECT_EQ(u.total_tokens, 150u);
  EXPECT_EQ(u.input_cached_tokens, 7u);
  EXPECT_EQ(u.input_text_tokens, 20u);
  EXPECT_EQ(u.input_audio_tokens, 100u);
  EXPECT_EQ(u.output_audio_tokens, 30u);
  EXPECT_EQ(u.output_text_tokens, 0u);
  EXPECT_EQ(to_usage(from_usage(u)), u);
}

}  // namespace
}  // namespace sy::codec::gemini
