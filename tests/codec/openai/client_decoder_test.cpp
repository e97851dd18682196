#include "codec/openai/client_decoder.h"

#include <gtest/gtest.h>

#include <string>

#include "codec/openai/server_encoder.h"
#include "codec/openai/wire_events.h"

namespace sy::codec::openai {
namespace {

namespace ev = events;

std::string padded(std::string s) {
  std::size_t n = s.size();
  s.resize(n + json::kPadding, '\0');
  s.resize(n);
  return s;
}

TEST(OpenAiClientDecoder, AudioAppendIsAViewIntoTheFrame) {
  std::string frame = padded(R"({"type":"input_audio_buffer.append","event_id":"e1","audio":"UklGRg=="})");
  ClientDecoder dec;
  auto in = dec.decode(frame, frame.capacity());
  ASSERT_TRUE(in.ok());
  const auto& a = std::get<ev::AppendAudio>(in->body);
  EXPECT_EQ(a.audio_base64, "UklGRg==");
  EXPECT_GE(a.audio_base64.data(), frame.data());
  EXPECT_LT(a.audio_base64.data(), frame.data() + frame.size());
  EXPECT_EQ(in->event_id, "e1");
}

TEST(OpenAiClientDecoder, GaSessionUpdateInCanonicalForm) {
  ClientDecoder dec;
  auto in = dec.decode(std::string_view(R"({"type":"session.update","session":{"type":"realtime",
    "instructions":"Be brief.","output_modalities":["audio"],
    "audio":{"input":{"format":{"type":"audio/pcm","rate":24000},
                      "turn_detection":{"type":"semantic_vad","eagerness":"low"},
                      "transcription":{"model":"gpt-4o-transcribe","language":"en"}},
             "output":{"format":{"type":"audio/pcmu"},"voice":"marin","speed":1.25}},
    "tools":[{"type":"function","name":"f","description":"d","parameters":{"type":"object"}}],
    "tool_choice":{"type":"function","name":"f"},"temperature":0.6,"max_output_tokens":"inf"}})"));
  ASSERT_TRUE(in.ok()) << dec.error_info().message;
  const auto& c = std::get<ev::ConfigureSession>(in->body).config;
  EXPECT_EQ(c.instructions, "Be brief.");
  EXPECT_EQ(c.modalities, (ev::Modalities{false, true}));
  EXPECT_EQ(c.input_format, (ev::AudioFormat{ev::AudioEncoding::pcm16, 24000}));
  EXPECT_EQ(c.output_format, (ev::AudioFormat{ev::AudioEncoding::g711_ulaw, 8000}));
  ASSERT_TRUE(c.turn_detection.has_value());
  EXPECT_EQ(c.turn_detection->mode, ev::TurnDetectionMode::semantic_vad);
  EXPECT_EQ(c.turn_detection->eagerness, "low");
  ASSERT_TRUE(c.transcription.has_value());
  EXPECT_TRUE(c.transcription->enabled);
  EXPECT_EQ(c.transcription->language, "en");
  EXPECT_EQ(c.voice, "marin");
  EXPECT_EQ(c.speed, 1.25);
  ASSERT_TRUE(c.tools.has_value());
  ASSERT_EQ(c.tools->size(), 1u);
  EXPECT_EQ((*c.tools)[0].parameters_json, R"({"type":"object"})");
  EXPECT_EQ(c.tool_choice, "f");
  EXPECT_EQ(c.temperature, 0.6);
  EXPECT_EQ(c.max_output_tokens, (ev::MaxTokens{true, 0}));
  EXPECT_EQ(dec.shape(), Shape::ga);
}

TEST(OpenAiClientDecoder, BetaSessionUpdateIsRecognisedByItsFields) {
  ClientDecoder dec;
  auto in = dec.decode(std::string_view(R"({"type":"session.update","session":{
    "modalities":["text","audio"],"voice":"alloy","input_audio_format":"g711_alaw",
    "output_audio_format":"pcm16","turn_detection":null,"input_audio_transcription":null,
    "max_response_output_tokens":300}})"));
  ASSERT_TRUE(in.ok()) << dec.error_info().message;
  const auto& c = std::get<ev::ConfigureSession>(in->body).config;
  EXPECT_EQ(c.modalities, (ev::Modalities{true, true}));
  EXPECT_EQ(c.voice, "alloy");
  EXPECT_EQ(c.input_format, (ev::AudioFormat{ev::AudioEncoding::g711_alaw, 8000}));
  EXPECT_EQ(c.turn_detection->mode, ev::TurnDetectionMode::manual);
  EXPECT_FALSE(c.transcription->enabled);
  EXPECT_EQ(c.max_output_tokens, (ev::MaxTokens{false, 300}));
  EXPECT_EQ(dec.shape(), Shape::beta);
}

TEST(OpenAiClientDecoder, TheBetaHeaderFixesTheShape) {
  EXPECT_TRUE(is_beta_header("realtime=v1"));
  ClientDecoder dec(Shape::beta);
  auto in = dec.decode(std::string_view(R"({"type":"session.update","session":{"type":"realtime"}})"));
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(dec.shape(), Shape::beta);
}

TEST(OpenAiClientDecoder, ItemsAndResponsesInBothShapes) {
  ClientDecoder dec;
  auto in = dec.decode(std::string_view(R"({"type":"conversation.item.create","previous_item_id":"item_0",
    "item":{"type":"message","role":"assistant","content":[{"type":"text","text":"earlier"}]}})"));
  ASSERT_TRUE(in.ok()) << dec.error_info().message;
  const auto& add = std::get<ev::AddItem>(in->body);
  EXPECT_EQ(add.previous_item_id, "item_0");
  EXPECT_EQ(add.item.role, ev::Role::assistant);
  ASSERT_EQ(add.item.content.size(), 1u);
  EXPECT_EQ(add.item.content[0].text, "earlier");

  in = dec.decode(std::string_view(R"({"type":"conversation.item.create","item":{"type":"function_call_output","call_id":"c1","output":"{\"ok\":true}"}})"));
  ASSERT_TRUE(in.ok());
  const auto& out = std::get<ev::AddItem>(in->body).item;
  EXPECT_EQ(out.type, ev::ItemType::function_call_output);
  EXPECT_EQ(out.call_id, "c1");
  EXPECT_EQ(out.output, R"({"ok":true})");

  in = dec.decode(std::string_view(R"({"type":"response.create","response":{"modalities":["text"],"conversation":"none","metadata":{"a":1},
    "input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"x"}]}]}})"));
  ASSERT_TRUE(in.ok()) << dec.error_info().message;
  const auto& opts = std::get<ev::CreateResponse>(in->body).options;
  EXPECT_EQ(opts.modalities, (ev::Modalities{true, false}));
  EXPECT_EQ(opts.conversation, "none");
  EXPECT_EQ(opts.metadata_json, R"({"a":1})");
  ASSERT_TRUE(opts.input.has_value());
  ASSERT_EQ(opts.input->size(), 1u);
  EXPECT_EQ((*opts.input)[0].content[0].text, "x");

  in = dec.decode(std::string_view(R"({"type":"response.cancel"})"));
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(std::get<ev::CancelResponse>(in->body).response_id, "");
}

struct BadCase {
  const char* frame;
  const char* code;
  const char* param;
  const char* event_id;
};

TEST(OpenAiClientDecoder, BadInputBecomesAnErrorThatNamesTheField) {
  ClientDecoder dec;
  for (auto c : {
           BadCase{R"({"type":"conversation.item.truncate","event_id":"e7","content_index":0,"audio_end_ms":5})",
                   "missing_required_parameter", "item_id", "e7"},
           BadCase{R"({"type":"conversation.item.truncate","event_id":"e8","item_id":"i","content_index":0,"audio_end_ms":"5"})",
                   "invalid_type", "audio_end_ms", "e8"},
           BadCase{R"({"type":"conversation.item.truncate","item_id":"i","content_index":0,"audio_end_ms":1e400})",
                   "invalid_value", "audio_end_ms", ""},
           BadCase{R"({"type":"conversation.item.truncate","item_id":"i","content_index":-1,"audio_end_ms":1})",
                   "invalid_value", "content_index", ""},
           BadCase{R"({"type":"session.update","event_id":"e9","session":{"audio":{"input":{"format":{"type":"audio/pcm","rate":"fast"}}}}})",
                   "invalid_type", "session.audio.input.format.rate", "e9"},
           BadCase{R"({"type":"session.update","session":{"input_audio_format":"mp3"}})",
                   "invalid_value", "session.input_audio_format", ""},
           BadCase{R"({"type":"session.update","session":{"tools":[{"type":"function"}]}})",
                   "missing_required_parameter", "tools.name", ""},
           BadCase{R"({"type":"input_audio_buffer.append","event_id":"e3"})",
                   "missing_required_parameter", "audio", "e3"},
           BadCase{R"({"event_id":"e4"})", "invalid_event", "type", "e4"},
           BadCase{R"({"type":"response.explode","event_id":"e5"})", "invalid_value", "type", "e5"},
           BadCase{R"({"type":7})", "invalid_type", "type", ""},
           BadCase{R"({"type":"input_audio_buffer.commit",)", "invalid_json", "", ""},
           BadCase{R"(["input_audio_buffer.commit"])", "invalid_json", "", ""},
       }) {
    auto in = dec.decode(std::string_view(c.frame));
    ASSERT_FALSE(in.ok()) << c.frame;
    auto info = dec.error_info();
    EXPECT_EQ(info.type, "invalid_request_error");
    EXPECT_EQ(info.code, c.code) << c.frame << " → " << info.message;
    EXPECT_EQ(info.param, c.param) << c.frame;
    EXPECT_EQ(info.event_id, c.event_id) << c.frame;
    EXPECT_FALSE(info.message.empty());
    if (*c.param) {
      EXPECT_NE(info.message.find(c.param), std::string_view::npos) << info.message;
    }
  }
  // The session goes on: the next good frame decodes.
  auto ok = dec.decode(std::string_view(R"({"type":"input_audio_buffer.commit"})"));
  EXPECT_TRUE(ok.ok());
}

TEST(OpenAiClientDecoder, TheErrorEncodesAsAnOpenAiErrorEvent) {
  ClientDecoder dec;
  ASSERT_FALSE(dec.decode(std::string_view(R"({"type":"conversation.item.delete","event_id":"ev_1"})")).ok());
  ServerEncoder enc;
  json::Writer w;
  ASSERT_TRUE(enc.encode(ev::Happening{"", ev::ProviderError{dec.error_info()}}, w));
  EXPECT_EQ(w.view(),
            R"({"type":"error","event_id":"event_1","error":{"type":"invalid_request_error",)"
            R"("code":"missing_required_parameter","message":"Missing required parameter 'item_id'.",)"
            R"("param":"item_id","event_id":"ev_1"}})");
}

TEST(OpenAiClientDecoder, LongUnknownTypesAreCutOnACharacterBoundary) {
  std::string type;
  for (int i = 0; i < 40; ++i) type += "\xc3\xa9";  // 80 bytes of two-byte characters
  type.insert(0, "x");                               // so byte 64 falls inside a character
  ClientDecoder dec;
  ASSERT_FALSE(dec.decode(R"({"type":")" + type + R"("})").ok());
  ServerEncoder enc;
  json::Writer w;
  ASSERT_TRUE(enc.encode(ev::Happening{"", ev::ProviderError{dec.error_info()}}, w));
  json::Reader r;  // validates UTF-8
  wire::ErrorEvent e;
  ASSERT_TRUE(r.read<json::OpenAiOptions>(w.view(), e).ok());
  EXPECT_EQ(e.error.param.value, "type");
}

}  // namespace
}  // namespace sy::codec::openai
