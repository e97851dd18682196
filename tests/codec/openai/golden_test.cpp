// Every published OpenAI Realtime example (tests/codec/openai/fixtures, GA shape) decodes into the
// expected canonical kind, and encoding what was decoded is stable: decode → encode → decode →
// encode yields the same bytes twice.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "codec/openai/client_decoder.h"
#include "codec/openai/client_encoder.h"
#include "codec/openai/server_decoder.h"
#include "codec/openai/server_encoder.h"

namespace sy::codec::openai {
namespace {

namespace fs = std::filesystem;

fs::path fixture_dir() {
  const char* src = std::getenv("SWITCHYARD_SOURCE_DIR");
  fs::path root = src ? fs::path(src) : fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
  return root / "tests/codec/openai/fixtures";
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::map<std::string, std::string> fixtures(std::string_view prefix) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::directory_iterator(fixture_dir())) {
    auto name = e.path().filename().string();
    if (e.path().extension() == ".json" && name.starts_with(prefix)) {
      out[name] = read_file(e.path());
    }
  }
  return out;
}

const std::map<std::string, std::string_view> kClientKinds = {
    {"RealtimeClientEventConversationItemCreate.json", "add_item"},
    {"RealtimeClientEventConversationItemDelete.json", "delete_item"},
    {"RealtimeClientEventConversationItemRetrieve.json", "retrieve_item"},
    {"RealtimeClientEventConversationItemTruncate.json", "truncate_item"},
    {"RealtimeClientEventInputAudioBufferAppend.json", "append_audio"},
    {"RealtimeClientEventInputAudioBufferClear.json", "clear_audio"},
    {"RealtimeClientEventInputAudioBufferCommit.json", "commit_audio"},
    {"RealtimeClientEventOutputAudioBufferClear.json", "clear_output_audio"},
    {"RealtimeClientEventResponseCancel.json", "cancel_response"},
    {"RealtimeClientEventSessionUpdate.json", "configure_session"},
};

TEST(OpenAiGolden, EveryClientExampleDecodesToItsIntent) {
  auto files = fixtures("RealtimeClientEvent");
  ASSERT_EQ(files.size(), kClientKinds.size());
  ClientDecoder dec;
  for (const auto& [name, json] : files) {
    auto intent = dec.decode(json);
    ASSERT_TRUE(intent.ok()) << name << ": " << dec.error_info().message;
    EXPECT_EQ(events::intent_name(intent->body), kClientKinds.at(name)) << name;
  }
}

TEST(OpenAiGolden, ClientExamplesRoundTripThroughTheUpstreamEncoder) {
  ClientDecoder dec;
  ClientEncoder enc;
  json::Writer first, second;
  for (const auto& [name, json] : fixtures("RealtimeClientEvent")) {
    auto a = dec.decode(json);
    ASSERT_TRUE(a.ok()) << name;
    first.clear();
    enc.encode(*a, first);
    std::string once(first.view());
    std::size_t a_kind = a->body.index();
    auto b = dec.decode(once);
    ASSERT_TRUE(b.ok()) << name << ": " << once << " " << dec.error_info().message;
    EXPECT_EQ(a_kind, b->body.index());
    second.clear();
    enc.encode(*b, second);
    EXPECT_EQ(once, second.view()) << name;
  }
}

const std::map<std::string, std::string_view> kServerKinds = {
    {"RealtimeServerEventConversationCreated.json", "unhandled"},
    {"RealtimeServerEventConversationItemAdded.json", "item_added"},
    {"RealtimeServerEventConversationItemCreated.json", "item_added"},
    {"RealtimeServerEventConversationItemDeleted.json", "item_deleted"},
    {"RealtimeServerEventConversationItemDone.json", "item_done"},
    {"RealtimeServerEventConversationItemInputAudioTranscriptionCompleted.json",
     "input_transcript_done"},
    {"RealtimeServerEventConversationItemInputAudioTranscriptionDelta.json",
     "input_transcript_delta"},
    {"RealtimeServerEventConversationItemInputAudioTranscriptionFailed.json",
     "input_transcript_failed"},
    {"RealtimeServerEventConversationItemInputAudioTranscriptionSegment.json", "unhandled"},
    {"RealtimeServerEventConversationItemRetrieved.json", "item_retrieved"},
    {"RealtimeServerEventConversationItemTruncated.json", "item_truncated"},
    {"RealtimeServerEventError.json", "provider_error"},
    {"RealtimeServerEventInputAudioBufferCleared.json", "audio_cleared"},
    {"RealtimeServerEventInputAudioBufferCommitted.json", "audio_committed"},
    {"RealtimeServerEventInputAudioBufferSpeechStarted.json", "speech_started"},
    {"RealtimeServerEventInputAudioBufferSpeechStopped.json", "speech_stopped"},
    {"RealtimeServerEventInputAudioBufferTimeoutTriggered.json", "unhandled"},
    {"RealtimeServerEventMCPListToolsCompleted.json", "unhandled"},
    {"RealtimeServerEventMCPListToolsFailed.json", "unhandled"},
    {"RealtimeServerEventMCPListToolsInProgress.json", "unhandled"},
    {"RealtimeServerEventOutputAudioBufferCleared.json", "output_audio_buffer"},
    {"RealtimeServerEventOutputAudioBufferStarted.json", "output_audio_buffer"},
    {"RealtimeServerEventOutputAudioBufferStopped.json", "output_audio_buffer"},
    {"RealtimeServerEventRateLimitsUpdated.json", "rate_limits_updated"},
    {"RealtimeServerEventResponseAudioDelta.json", "audio_delta"},
    {"RealtimeServerEventResponseAudioDone.json", "audio_done"},
    {"RealtimeServerEventResponseAudioTranscriptDelta.json", "output_transcript_delta"},
    {"RealtimeServerEventResponseAudioTranscriptDone.json", "output_transcript_done"},
    {"RealtimeServerEventResponseContentPartAdded.json", "content_part_added"},
    {"RealtimeServerEventResponseContentPartDone.json", "content_part_done"},
    {"RealtimeServerEventResponseDone.json", "response_done"},
    {"RealtimeServerEventResponseFunctionCallArgumentsDelta.json", "function_call_arguments_delta"},
    {"RealtimeServerEventResponseFunctionCallArgumentsDone.json", "function_call"},
    {"RealtimeServerEventResponseMCPCallArgumentsDelta.json", "unhandled"},
    {"RealtimeServerEventResponseMCPCallArgumentsDone.json", "unhandled"},
    {"RealtimeServerEventResponseMCPCallCompleted.json", "unhandled"},
    {"RealtimeServerEventResponseMCPCallFailed.json", "unhandled"},
    {"RealtimeServerEventResponseMCPCallInProgress.json", "unhandled"},
    {"RealtimeServerEventResponseOutputItemAdded.json", "output_item_added"},
    {"RealtimeServerEventResponseOutputItemDone.json", "output_item_done"},
    {"RealtimeServerEventResponseTextDelta.json", "text_delta"},
    {"RealtimeServerEventResponseTextDone.json", "text_done"},
};

TEST(OpenAiGolden, EveryServerExampleDecodesToItsHappening) {
  auto files = fixtures("RealtimeServerEvent");
  ASSERT_EQ(files.size(), kServerKinds.size());
  ServerDecoder dec;
  for (const auto& [name, json] : files) {
    auto h = dec.decode(json);
    ASSERT_TRUE(h.ok()) << name << ": " << h.error().message;
    EXPECT_EQ(events::happening_name(h->body), kServerKinds.at(name)) << name;
  }
}

TEST(OpenAiGolden, ServerExamplesRoundTripThroughTheClientEncoder) {
  ServerDecoder dec;
  ServerEncoder enc(Shape::ga);
  json::Writer first, second;
  for (const auto& [name, json] : fixtures("RealtimeServerEvent")) {
    auto a = dec.decode(json);
    ASSERT_TRUE(a.ok()) << name;
    first.clear();
    ASSERT_TRUE(enc.encode(*a, first)) << name;
    std::string once(first.view());
    std::string a_id(a->event_id);  // views of `a` end with the next decode
    std::size_t a_kind = a->body.index();
    auto b = dec.decode(once);
    ASSERT_TRUE(b.ok()) << name << ": " << once;
    EXPECT_EQ(a_kind, b->body.index()) << name;
    EXPECT_EQ(a_id, b->event_id) << name;
    second.clear();
    ASSERT_TRUE(enc.encode(*b, second));
    EXPECT_EQ(once, second.view()) << name;
  }
}

TEST(OpenAiGolden, ResponseDoneKeepsStatusUsageAndOutput) {
  ServerDecoder dec;
  auto h = dec.decode(read_file(fixture_dir() / "RealtimeServerEventResponseDone.json"));
  ASSERT_TRUE(h.ok());
  const auto& done = std::get<events::ResponseDone>(h->body);
  EXPECT_EQ(done.response_id, "resp_CCXHw0UJld10EzIUXQCNh");
  EXPECT_EQ(done.status, events::ResponseStatus::completed);
  ASSERT_TRUE(done.usage.has_value());
  EXPECT_EQ(done.usage->total_tokens, 253u);
  EXPECT_EQ(done.usage->input_cached_tokens, 64u);
  EXPECT_EQ(done.usage->output_audio_tokens, 91u);
  ASSERT_EQ(done.output.size(), 1u);
  EXPECT_EQ(done.output[0].role, events::Role::assistant);
  ASSERT_EQ(done.output[0].content.size(), 1u);
  EXPECT_EQ(done.output[0].content[0].kind, events::PartKind::audio);
  EXPECT_EQ(done.output[0].content[0].transcript,
            "Loud and clear! I can hear you perfectly. How can I help you today?");
}

}  // namespace
}  // namespace sy::codec::openai
