#include <gtest/gtest.h>

#include <array>
#include <string>

#include "codec/openai/client_encoder.h"
#include "codec/openai/server_decoder.h"
#include "codec/openai/server_encoder.h"

namespace sy::codec::openai {
namespace {

namespace ev = events;

const ev::ResponseRef kRef{"resp_1", "item_1", 0, 0};

std::string encode(ServerEncoder& enc, const ev::Happening& h) {
  json::Writer w;
  if (!enc.encode(h, w)) return "<none>";
  return std::string(w.view());
}

TEST(OpenAiServerEncoder, OutputEventsUseTheClientsNames) {
  ServerEncoder ga(Shape::ga);
  ServerEncoder beta(Shape::beta);
  ev::Happening delta{"event_9", ev::AudioDelta{kRef, "AAAA"}};
  EXPECT_EQ(encode(ga, delta),
            R"({"type":"response.output_audio.delta","event_id":"event_9","response_id":"resp_1",)"
            R"("item_id":"item_1","output_index":0,"content_index":0,"delta":"AAAA"})");
  EXPECT_EQ(encode(beta, delta),
            R"({"type":"response.audio.delta","event_id":"event_9","response_id":"resp_1",)"
            R"("item_id":"item_1","output_index":0,"content_index":0,"delta":"AAAA"})");
  ev::Happening transcript{"e", ev::OutputTranscriptDelta{kRef, "Hel"}};
  EXPECT_NE(encode(ga, transcript).find(R"("response.output_audio_transcript.delta")"), std::string::npos);
  EXPECT_NE(encode(beta, transcript).find(R"("response.audio_transcript.delta")"), std::string::npos);
  ev::Happening text{"e", ev::TextDone{kRef, "done"}};
  EXPECT_NE(encode(ga, text).find(R"("type":"response.output_text.done")"), std::string::npos);
  EXPECT_NE(encode(beta, text).find(R"("type":"response.text.done")"), std::string::npos);
}

TEST(OpenAiServerEncoder, ItemEventsFollowTheShape) {
  std::array<ev::ContentPart, 1> parts{ev::ContentPart{ev::PartKind::audio, {}, "hi", {}}};
  ev::Item item{"item_1", ev::ItemType::message, ev::Role::assistant, ev::ItemStatus::completed,
                parts, {}, {}, {}, {}};
  ServerEncoder ga(Shape::ga);
  ServerEncoder beta(Shape::beta);
  ev::Happening added{"e1", ev::ItemAdded{std::nullopt, item}};
  EXPECT_EQ(encode(ga, added),
            R"({"type":"conversation.item.added","event_id":"e1","previous_item_id":null,)"
            R"("item":{"id":"item_1","object":"realtime.item","type":"message","status":"completed",)"
            R"("role":"assistant","content":[{"type":"output_audio","transcript":"hi"}]}})");
  EXPECT_EQ(encode(beta, added),
            R"({"type":"conversation.item.created","event_id":"e1","previous_item_id":null,)"
            R"("item":{"id":"item_1","object":"realtime.item","type":"message","status":"completed",)"
            R"("role":"assistant","content":[{"type":"audio","transcript":"hi"}]}})");
  EXPECT_EQ(encode(beta, ev::Happening{"e2", ev::ItemDone{std::nullopt, item}}), "<none>");
}

TEST(OpenAiServerEncoder, SessionObjectsInEachShape) {
  std::array<ev::Tool, 1> tools{ev::Tool{"f", "d", R"({"type":"object"})"}};
  ev::SessionConfig c;
  c.voice = "alloy";
  c.input_format = ev::AudioFormat{ev::AudioEncoding::g711_ulaw, 8000};
  c.turn_detection = ev::TurnDetection{ev::TurnDetectionMode::manual};
  c.tools = tools;
  c.max_output_tokens = ev::MaxTokens{true, 0};
  ServerEncoder ga(Shape::ga);
  ServerEncoder beta(Shape::beta);
  ev::Happening ready{"e1", ev::SessionReady{"sess_1", c}};
  EXPECT_EQ(encode(ga, ready),
            R"({"type":"session.created","event_id":"e1","session":{"type":"realtime",)"
            R"("object":"realtime.session","id":"sess_1","audio":{"input":{"format":{"type":"audio/pcmu"},)"
            R"("turn_detection":null},"output":{"voice":"alloy"}},"tools":[{"type":"function","name":"f",)"
            R"("description":"d","parameters":{"type":"object"}}],"max_output_tokens":"inf"}})");
  EXPECT_EQ(encode(beta, ready),
            R"({"type":"session.created","event_id":"e1","session":{"object":"realtime.session",)"
            R"("id":"sess_1","voice":"alloy","input_audio_format":"g711_ulaw","turn_detection":null,)"
            R"("tools":[{"type":"function","name":"f","description":"d","parameters":{"type":"object"}}],)"
            R"("max_response_output_tokens":"inf"}})");
}

TEST(OpenAiServerEncoder, CancelledResponseDoneCarriesTheReason) {
  ServerEncoder ga(Shape::ga);
  ev::ResponseDone done;
  done.response_id = "resp_1";
  done.status = ev::ResponseStatus::cancelled;
  done.status_reason = "turn_detected";
  done.usage = ev::Usage{10, 4, 6, 1, 3, 0, 2, 4};
  EXPECT_EQ(encode(ga, ev::Happening{"e", done}),
            R"({"type":"response.done","event_id":"e","response":{"object":"realtime.response",)"
            R"("id":"resp_1","status":"cancelled","status_details":{"type":"cancelled","reason":"turn_detected"},)"
            R"("output":[],"usage":{"total_tokens":10,"input_tokens":4,"output_tokens":6,)"
            R"("input_token_details":{"text_tokens":1,"audio_tokens":3,"cached_tokens":0},)"
            R"("output_token_details":{"text_tokens":2,"audio_tokens":4}}}})");
}

TEST(OpenAiServerEncoder, MissingIdsAreGeneratedAndGeminiOnlyEventsAreSkipped) {
  ServerEncoder ga(Shape::ga);
  EXPECT_EQ(encode(ga, ev::Happening{"", ev::AudioCleared{}}),
            R"({"type":"input_audio_buffer.cleared","event_id":"event_1"})");
  EXPECT_EQ(encode(ga, ev::Happening{"", ev::GoAway{30000}}), "<none>");
  EXPECT_EQ(encode(ga, ev::Happening{"", ev::ResumptionHandle{"h", true}}), "<none>");
  EXPECT_EQ(encode(ga, ev::Happening{"", ev::AudioCleared{}}),
            R"({"type":"input_audio_buffer.cleared","event_id":"event_2"})");
}

TEST(OpenAiClientEncoder, IntentsBecomeGaClientEvents) {
  ClientEncoder enc;
  json::Writer w;
  enc.encode(ev::Intent{"", ev::AppendAudio{"AAAA"}}, w);
  EXPECT_EQ(w.view(), R"({"type":"input_audio_buffer.append","audio":"AAAA"})");
  w.clear();
  enc.encode(ev::Intent{"c1", ev::TruncateItem{"item_1", 0, 1500}}, w);
  EXPECT_EQ(w.view(),
            R"({"type":"conversation.item.truncate","event_id":"c1","item_id":"item_1","content_index":0,"audio_end_ms":1500})");
  w.clear();
  ev::SessionConfig c;
  c.voice = "marin";
  c.input_format = ev::AudioFormat{ev::AudioEncoding::pcm16, 24000};
  c.modalities = ev::Modalities{false, true};
  c.max_output_tokens = ev::MaxTokens{false, 512};
  enc.encode(ev::Intent{"", ev::ConfigureSession{c}}, w);
  EXPECT_EQ(w.view(),
            R"({"type":"session.update","session":{"type":"realtime","output_modalities":["audio"],)"
            R"("audio":{"input":{"format":{"type":"audio/pcm","rate":24000}},"output":{"voice":"marin"}},)"
            R"("max_output_tokens":512}})");
  w.clear();
  std::array<ev::ContentPart, 1> parts{ev::ContentPart{ev::PartKind::text, "hi", {}, {}}};
  enc.encode(ev::Intent{"", ev::AddItem{std::nullopt, ev::Item{"", ev::ItemType::message, ev::Role::user,
                                                                ev::ItemStatus::unset, parts}}},
             w);
  EXPECT_EQ(w.view(),
            R"({"type":"conversation.item.create","item":{"type":"message","role":"user",)"
            R"("content":[{"type":"input_text","text":"hi"}]}})");
  w.clear();
  enc.encode(ev::Intent{"", ev::CreateResponse{}}, w);
  EXPECT_EQ(w.view(), R"({"type":"response.create"})");
}

TEST(OpenAiServerDecoder, UpstreamAudioDeltaIsAView) {
  std::string frame =
      R"({"type":"response.output_audio.delta","event_id":"e","response_id":"r","item_id":"i","output_index":1,"content_index":2,"delta":"AAAA"})";
  std::size_t n = frame.size();
  frame.resize(n + json::kPadding);
  frame.resize(n);
  ServerDecoder dec;
  auto h = dec.decode(frame, frame.capacity());
  ASSERT_TRUE(h.ok());
  const auto& d = std::get<ev::AudioDelta>(h->body);
  EXPECT_EQ(d.ref, (ev::ResponseRef{"r", "i", 1, 2}));
  EXPECT_EQ(d.audio_base64.data(), frame.data() + frame.find("AAAA"));
  // Beta names from an older core are understood too.
  auto beta = dec.decode(std::string_view(
      R"({"type":"response.audio.delta","event_id":"e","response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":"BBBB"})"));
  ASSERT_TRUE(beta.ok());
  EXPECT_EQ(std::get<ev::AudioDelta>(beta->body).audio_base64, "BBBB");
}

TEST(OpenAiServerDecoder, MalformedUpstreamFramesAreErrorsNotCrashes) {
  ServerDecoder dec;
  EXPECT_FALSE(dec.decode(std::string_view("{")).ok());
  EXPECT_FALSE(dec.decode(std::string_view(R"({"event_id":"x"})")).ok());
  auto missing = dec.decode(std::string_view(R"({"type":"response.output_audio.delta","event_id":"e"})"));
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.error().is(OpenAiErrc::missing_field));
  auto unknown = dec.decode(std::string_view(R"({"type":"response.brand_new","event_id":"e","x":1})"));
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(std::get<ev::Unhandled>(unknown->body).type, "response.brand_new");
}

}  // namespace
}  // namespace sy::codec::openai
