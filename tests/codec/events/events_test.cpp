#include <gtest/gtest.h>

#include <array>
#include <string_view>
#include <type_traits>

#include "codec/events/happenings.h"
#include "codec/events/intents.h"

namespace sy::codec::events {
namespace {

TEST(Events, AnAudioAppendIsAViewOfTheFrame) {
  std::string_view frame = R"({"type":"input_audio_buffer.append","audio":"AAAA"})";
  Intent in{"event_1", AppendAudio{frame.substr(44, 4)}};
  const auto& append = std::get<AppendAudio>(in.body);
  EXPECT_EQ(append.audio_base64.data(), frame.data() + 44);
  EXPECT_EQ(intent_name(in.body), "append_audio");
  static_assert(std::is_trivially_copyable_v<Intent>);
  static_assert(std::is_trivially_copyable_v<Happening>);
  static_assert(sizeof(AppendAudio) == sizeof(std::string_view));
}

TEST(Events, EveryKindHasAStableName) {
  EXPECT_EQ(intent_name(IntentBody{ConfigureSession{}}), "configure_session");
  EXPECT_EQ(intent_name(IntentBody{ClearOutputAudio{}}), "clear_output_audio");
  EXPECT_EQ(happening_name(HappeningBody{SessionReady{}}), "session_ready");
  EXPECT_EQ(happening_name(HappeningBody{AudioDelta{}}), "audio_delta");
  EXPECT_EQ(happening_name(HappeningBody{FunctionCall{}}), "function_call");
  EXPECT_EQ(happening_name(HappeningBody{Unhandled{}}), "unhandled");
}

TEST(Events, ItemsAndListsAreSpansOverCallerStorage) {
  std::array<ContentPart, 2> parts{ContentPart{PartKind::text, "hi", {}, {}},
                                   ContentPart{PartKind::audio, {}, "hello", {}}};
  AddItem add{std::nullopt, Item{"item_1", ItemType::message, Role::user, ItemStatus::completed,
                                 parts, {}, {}, {}, {}}};
  Intent in{"", add};
  const auto& item = std::get<AddItem>(in.body).item;
  ASSERT_EQ(item.content.size(), 2u);
  EXPECT_EQ(item.content[1].transcript, "hello");
  EXPECT_EQ(item.content.data(), parts.data());
}

TEST(Events, PartialConfigLeavesAbsentSettingsUnchanged) {
  SessionConfig c;
  c.turn_detection = TurnDetection{TurnDetectionMode::manual};
  EXPECT_FALSE(c.voice.has_value());
  EXPECT_EQ(c.turn_detection->mode, TurnDetectionMode::manual);
  EXPECT_EQ(AudioFormat{}, (AudioFormat{AudioEncoding::pcm16, 24000}));
}

}  // namespace
}  // namespace sy::codec::events
