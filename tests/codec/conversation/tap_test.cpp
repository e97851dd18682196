// The tap reads a conversation off the client's side of a session, in either dialect: these tests
// feed it the frames a client sends and receives (written from the protocol references) and check
// the conversation that results, item by item.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "codec/conversation/tap.h"

namespace sy::codec::conversation {
namespace {

using events::ItemStatus;
using events::ItemType;
using events::Role;

class Feeder {
 public:
  explicit Feeder(Dialect d, bool beta = false) : tap_(d, beta, 7) {}

  Signals client(std::string_view frame) { return feed(frame, true); }
  Signals bound(std::string_view frame) { return feed(frame, false); }

  Conversation conv;
  std::vector<Delta> all;  // every delta, for replay tests
  Tap tap_;

 private:
  Signals feed(std::string_view frame, bool from_client) {
    // Frames arrive with padding after them, as in the receive buffer.
    std::string buf(frame);
    buf.append(64, '\0');
    std::vector<Delta> deltas;
    Signals s;
    if (from_client) tap_.client_frame({buf.data(), frame.size()}, buf.size(), conv, deltas, s);
    else tap_.client_bound_frame({buf.data(), frame.size()}, buf.size(), conv, deltas, s);
    for (const Delta& d : deltas) {
      conv.apply(d);
      replay_.apply(d);
    }
    return s;
  }
  Conversation replay_;
};

TEST(TapOpenAi, SpokenTurnAndAnswerBecomeItemsWithTheServersIds) {
  Feeder f(Dialect::openai);
  f.bound(R"({"type":"session.created","event_id":"e1","session":{"type":"realtime","id":"sess_1","model":"gpt-realtime","instructions":"Be brief.","audio":{"output":{"voice":"marin"}}}})");
  EXPECT_EQ(f.conv.client_session_id(), "sess_1");
  ASSERT_TRUE(f.conv.has_config());
  EXPECT_EQ(f.conv.config().instructions.value_or(""), "Be brief.");

  EXPECT_FALSE(f.client(R"({"type":"input_audio_buffer.append","audio":"AAAA"})").user_turn_ended);
  auto s = f.bound(R"({"type":"input_audio_buffer.speech_stopped","event_id":"e2","audio_end_ms":900,"item_id":"item_u1"})");
  EXPECT_TRUE(s.user_turn_ended);
  f.bound(R"({"type":"conversation.item.added","event_id":"e3","previous_item_id":null,"item":{"id":"item_u1","type":"message","status":"completed","role":"user","content":[{"type":"input_audio","transcript":null}]}})");
  f.bound(R"({"type":"conversation.item.input_audio_transcription.delta","event_id":"e4","item_id":"item_u1","content_index":0,"delta":"What is "})");
  f.bound(R"({"type":"conversation.item.input_audio_transcription.completed","event_id":"e5","item_id":"item_u1","content_index":0,"transcript":"What is the time?"})");

  s = f.bound(R"({"type":"response.created","event_id":"e6","response":{"id":"resp_1","object":"realtime.response","status":"in_progress","output":[]}})");
  EXPECT_TRUE(s.response_started);
  EXPECT_TRUE(f.tap_.in_flight().active);
  f.bound(R"({"type":"response.output_item.added","event_id":"e7","response_id":"resp_1","output_index":0,"item":{"id":"item_a1","type":"message","status":"in_progress","role":"assistant","content":[]}})");
  f.bound(R"({"type":"response.content_part.added","event_id":"e8","response_id":"resp_1","item_id":"item_a1","output_index":0,"content_index":0,"part":{"type":"audio","transcript":""}})");
  // 4,800 bytes of 24 kHz PCM16 = 100 ms, as 6,400 base64 characters.
  std::string audio = R"({"type":"response.output_audio.delta","event_id":"e9","response_id":"resp_1","item_id":"item_a1","output_index":0,"content_index":0,"delta":")" +
                      std::string(6400, 'A') + R"("})";
  s = f.bound(audio);
  EXPECT_TRUE(s.first_audio);
  EXPECT_FALSE(f.bound(audio).first_audio) << "only the first audio of an answer is signalled";
  f.bound(R"({"type":"response.output_audio_transcript.delta","event_id":"e10","response_id":"resp_1","item_id":"item_a1","output_index":0,"content_index":0,"delta":"It is "})");
  f.bound(R"({"type":"response.output_audio_transcript.delta","event_id":"e11","response_id":"resp_1","item_id":"item_a1","output_index":0,"content_index":0,"delta":"noon."})");
  f.bound(R"({"type":"response.output_item.done","event_id":"e12","response_id":"resp_1","output_index":0,"item":{"id":"item_a1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_audio","transcript":"It is noon."}]}})");
  s = f.bound(R"({"type":"response.done","event_id":"e13","response":{"id":"resp_1","object":"realtime.response","status":"completed","output":[],"usage":{"total_tokens":30,"input_tokens":10,"output_tokens":20}}})");
  EXPECT_TRUE(s.response_done);
  EXPECT_FALSE(f.tap_.in_flight().active);

  const auto& items = f.conv.items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].id, "item_u1");
  EXPECT_EQ(items[0].role, Role::user);
  EXPECT_TRUE(items[0].spoken);
  EXPECT_EQ(items[0].text, "What is the time?");
  EXPECT_EQ(items[1].id, "item_a1");
  EXPECT_EQ(items[1].role, Role::assistant);
  EXPECT_TRUE(items[1].spoken);
  EXPECT_EQ(items[1].text, "It is noon.");
  EXPECT_EQ(items[1].status, ItemStatus::completed);
  EXPECT_EQ(items[1].audio_ms, 200u);
  EXPECT_EQ(f.conv.usage().total_tokens, 30u);
}

TEST(TapOpenAi, ClientItemIsJournaledBeforeTheServerNamesIt) {
  Feeder f(Dialect::openai);
  f.client(R"({"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_text","text":"Hello there"}]}})");
  ASSERT_EQ(f.conv.items().size(), 1u);
  EXPECT_EQ(f.conv.items()[0].text, "Hello there");
  std::string provisional = f.conv.items()[0].id;
  EXPECT_FALSE(provisional.empty());
  f.bound(R"({"type":"conversation.item.added","event_id":"e1","previous_item_id":null,"item":{"id":"item_s1","type":"message","status":"completed","role":"user","content":[{"type":"input_text","text":"Hello there"}]}})");
  ASSERT_EQ(f.conv.items().size(), 1u) << "the announced id replaces the provisional one";
  EXPECT_EQ(f.conv.items()[0].id, "item_s1");
  EXPECT_EQ(f.conv.find(provisional), nullptr);
}

TEST(TapOpenAi, FunctionCallAndOutputAreKept) {
  Feeder f(Dialect::openai);
  f.bound(R"({"type":"response.created","event_id":"e1","response":{"id":"resp_2","status":"in_progress","output":[]}})");
  f.bound(R"({"type":"response.output_item.added","event_id":"e2","response_id":"resp_2","output_index":0,"item":{"id":"item_f1","type":"function_call","status":"in_progress","call_id":"call_9","name":"get_weather","arguments":""}})");
  f.bound(R"({"type":"response.function_call_arguments.done","event_id":"e3","response_id":"resp_2","item_id":"item_f1","output_index":0,"call_id":"call_9","name":"get_weather","arguments":"{\"city\":\"Oslo\"}"})");
  f.bound(R"({"type":"response.output_item.done","event_id":"e4","response_id":"resp_2","output_index":0,"item":{"id":"item_f1","type":"function_call","status":"completed","call_id":"call_9","name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}})");
  f.client(R"({"type":"conversation.item.create","item":{"type":"function_call_output","call_id":"call_9","output":"{\"temp\":3}"}})");
  const auto& items = f.conv.items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].type, ItemType::function_call);
  EXPECT_EQ(items[0].name, "get_weather");
  EXPECT_EQ(items[0].call_id, "call_9");
  EXPECT_EQ(items[0].text, R"({"city":"Oslo"})");
  EXPECT_EQ(items[1].type, ItemType::function_call_output);
  EXPECT_EQ(items[1].call_id, "call_9");
  EXPECT_EQ(items[1].text, R"({"temp":3})");
}

TEST(TapOpenAi, InterruptedAnswerKeepsWhatWasHeard) {
  Feeder f(Dialect::openai);
  f.bound(R"({"type":"response.created","event_id":"e1","response":{"id":"resp_3","status":"in_progress","output":[]}})");
  f.bound(R"({"type":"response.output_item.added","event_id":"e2","response_id":"resp_3","output_index":0,"item":{"id":"item_a3","type":"message","status":"in_progress","role":"assistant","content":[]}})");
  f.bound(R"({"type":"response.output_audio_transcript.delta","event_id":"e3","response_id":"resp_3","item_id":"item_a3","output_index":0,"content_index":0,"delta":"one two three four five six seven eight"})");
  std::string audio = R"({"type":"response.output_audio.delta","event_id":"e4","response_id":"resp_3","item_id":"item_a3","output_index":0,"content_index":0,"delta":")" +
                      std::string(64000, 'A') + R"("})";  // 1 s
  f.bound(audio);
  f.client(R"({"type":"conversation.item.truncate","item_id":"item_a3","content_index":0,"audio_end_ms":500})");
  f.bound(R"({"type":"response.done","event_id":"e5","response":{"id":"resp_3","status":"cancelled","status_details":{"type":"cancelled","reason":"turn_detected"},"output":[]}})");
  const Item* a = f.conv.find("item_a3");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->status, ItemStatus::incomplete);
  EXPECT_EQ(a->heard_ms, 500u) << "the client's truncate wins over what was sent";
  EXPECT_EQ(a->audio_ms, 1000u);
  std::vector<events::Item> items;
  std::vector<events::ContentPart> parts;
  auto h = f.conv.history(items, parts);
  ASSERT_EQ(h.size(), 1u);
  ASSERT_EQ(h[0].content.size(), 1u);
  EXPECT_EQ(h[0].content[0].text, "one two three four");
}

TEST(TapGemini, TurnsFromTranscriptsAndModelOutput) {
  Feeder f(Dialect::gemini);
  f.client(R"({"setup":{"model":"models/gemini-2.0-flash-live-001","systemInstruction":{"parts":[{"text":"Be kind."}]},"generationConfig":{"responseModalities":["AUDIO"]}}})");
  ASSERT_TRUE(f.conv.has_config());
  EXPECT_EQ(f.conv.config().instructions.value_or(""), "Be kind.");
  f.client(R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":"AAAA"}}})");
  // The answer starts before the user's transcript arrives; the words still go first.
  std::string audio = R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":")" +
                      std::string(6400, 'A') + R"("}}]}}})";
  auto s = f.bound(audio);
  EXPECT_TRUE(s.first_audio);
  EXPECT_TRUE(s.response_started);
  f.bound(R"({"serverContent":{"inputTranscription":{"text":"Hi there"}}})");
  f.bound(R"({"serverContent":{"outputTranscription":{"text":"Hello!"}}})");
  f.bound(R"({"serverContent":{"generationComplete":true}})");
  s = f.bound(R"({"serverContent":{"turnComplete":true},"usageMetadata":{"promptTokenCount":5,"responseTokenCount":7,"totalTokenCount":12}})");
  EXPECT_TRUE(s.response_done);
  f.client(R"({"clientContent":{"turns":[{"role":"user","parts":[{"text":"And now?"}]}],"turnComplete":true}})");

  const auto& items = f.conv.items();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].role, Role::user);
  EXPECT_EQ(items[0].text, "Hi there");
  EXPECT_TRUE(items[0].spoken);
  EXPECT_EQ(items[1].role, Role::assistant);
  EXPECT_EQ(items[1].text, "Hello!");
  EXPECT_EQ(items[1].status, ItemStatus::completed);
  EXPECT_EQ(items[1].audio_ms, 100u);
  EXPECT_EQ(items[2].text, "And now?");
  EXPECT_EQ(f.conv.usage().total_tokens, 12u);
}

TEST(TapGemini, AudioAloneIsSkippedButNotWhatRidesAlongWithIt) {
  Feeder f(Dialect::gemini);
  std::string data(4000, 'A');
  EXPECT_FALSE(f.client(R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":")" + data + R"("}}})").user_turn_ended);
  EXPECT_TRUE(f.client(R"({"realtimeInput":{"audio":{"data":")" + data + R"(","mimeType":"audio/pcm;rate=16000"},"activityEnd":{}}})").user_turn_ended);
  EXPECT_TRUE(f.client(R"({"realtimeInput":{"audio":{"data":")" + data + R"(","mimeType":"audio/pcm;rate=16000"},"audioStreamEnd":true}})").user_turn_ended);
  auto s = f.client(R"({"realtimeInput":{"audio":{"data":")" + data + R"(","mimeType":"audio/pcm;rate=16000"},"text":"hi"}})");
  EXPECT_TRUE(s.response_requested);
  ASSERT_EQ(f.conv.items().size(), 1u);
  EXPECT_EQ(f.conv.items()[0].text, "hi");
}

TEST(TapGemini, InterruptionMarksTheAnswerIncompleteAndHeardAsSent) {
  Feeder f(Dialect::gemini);
  f.bound(R"({"serverContent":{"outputTranscription":{"text":"alpha beta gamma delta"}}})");
  std::string audio = R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":")" +
                      std::string(6400, 'A') + R"("}}]}}})";
  f.bound(audio);
  f.bound(R"({"serverContent":{"interrupted":true}})");
  f.bound(R"({"serverContent":{"turnComplete":true}})");
  ASSERT_EQ(f.conv.items().size(), 1u);
  EXPECT_EQ(f.conv.items()[0].status, ItemStatus::incomplete);
  EXPECT_EQ(f.conv.items()[0].heard_ms, 100u);
}

TEST(TapGemini, ToolCallAndResponse) {
  Feeder f(Dialect::gemini);
  f.bound(R"({"toolCall":{"functionCalls":[{"id":"fc_1","name":"lookup","args":{"q":"x"}}]}})");
  f.client(R"({"toolResponse":{"functionResponses":[{"id":"fc_1","name":"lookup","response":{"r":1}}]}})");
  const auto& items = f.conv.items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].type, ItemType::function_call);
  EXPECT_EQ(items[0].call_id, "fc_1");
  EXPECT_EQ(items[0].text, R"({"q":"x"})");
  EXPECT_EQ(items[1].type, ItemType::function_call_output);
  EXPECT_EQ(items[1].text, R"({"r":1})");
}

TEST(TapBoth, BadFramesChangeNothing) {
  for (Dialect d : {Dialect::openai, Dialect::gemini}) {
    Feeder f(d);
    for (std::string_view bad : {"", "{", "null", R"({"type":5})", R"({"serverContent":[]})",
                                 R"({"type":"conversation.item.create","item":7})"}) {
      f.client(bad);
      f.bound(bad);
    }
    EXPECT_TRUE(f.conv.items().empty());
    EXPECT_FALSE(f.conv.has_config());
  }
}

TEST(HeardPrefix, CutsAtAWordBoundary) {
  EXPECT_EQ(heard_prefix("one two three four", 500, 1000), "one two");
  EXPECT_EQ(heard_prefix("one two three four", 1000, 1000), "one two three four");
  EXPECT_EQ(heard_prefix("one two three four", 0, 1000), "");
  EXPECT_EQ(heard_prefix("word", 300, 0), "word");
}

}  // namespace
}  // namespace sy::codec::conversation
