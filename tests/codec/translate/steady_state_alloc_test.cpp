// Once warm, translating an audio event (and a transcript delta) must not touch the heap. This
// binary counts calls to malloc/calloc/realloc by defining them over glibc's entry points;
// sanitizer builds replace the allocator themselves, so there the test is skipped.
#include <gtest/gtest.h>

#include "tests/support/malloc_counter.h"

#include <atomic>
#include <cstddef>
#include <string>

#include "codec/json/padded_text.h"
#include "codec/json/read_context.h"
#include "codec/translate/translator.h"
#include "golden_runner.h"


namespace sy::codec::translate {
namespace {

// A frame as the receive buffer holds it: padding after the bytes, so it is parsed in place.
using Frame = sy::codec::json::PaddedText;

struct Case {
  const char* name;
  Dialect client;
  Dialect core;
  std::vector<std::string> warmup_client;
  std::vector<std::string> warmup_upstream;
  std::string frame;
  bool from_client;
};

TEST(TranslatorAllocations, AudioAndTranscriptEventsAllocateNothingOnceWarm) {
  if (!sy::test::kCountsMallocs) GTEST_SKIP() << "allocator replaced by the sanitizer";
  using testing::tone_base64;
  const std::string created =
      R"({"type":"response.created","event_id":"e","response":{"object":"realtime.response","id":"resp_1","status":"in_progress","output":[]}})";
  const Case cases[] = {
      {"openai append -> gemini", Dialect::openai, Dialect::gemini,
       {R"({"type":"session.update","session":{"type":"realtime"}})"}, {R"({"setupComplete":{}})"},
       R"({"type":"input_audio_buffer.append","audio":")" + tone_base64(24000, 40) + "\"}", true},
      {"gemini audio -> openai", Dialect::openai, Dialect::gemini,
       {R"({"type":"session.update","session":{"type":"realtime"}})"}, {R"({"setupComplete":{}})"},
       R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":")" +
           tone_base64(24000, 40) + "\"}}]}}}",
       false},
      {"gemini transcript -> openai", Dialect::openai, Dialect::gemini,
       {R"({"type":"session.update","session":{"type":"realtime"}})"}, {R"({"setupComplete":{}})"},
       R"({"serverContent":{"outputTranscription":{"text":"and then"}}})", false},
      {"gemini append 16k -> openai", Dialect::gemini, Dialect::openai,
       {R"({"setup":{"model":"m"}})"}, {},
       R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":")" +
           tone_base64(16000, 40) + "\"}}}",
       true},
      {"gemini append 24k -> openai", Dialect::gemini, Dialect::openai,
       {R"({"setup":{"model":"m"}})"}, {},
       R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=24000","data":")" +
           tone_base64(24000, 40) + "\"}}}",
       true},
      {"openai audio delta -> gemini", Dialect::gemini, Dialect::openai,
       {R"({"setup":{"model":"m","outputAudioTranscription":{}}})"}, {created},
       R"({"type":"response.output_audio.delta","event_id":"e6","response_id":"resp_1","item_id":"item_a1","output_index":0,"content_index":0,"delta":")" +
           tone_base64(24000, 40) + "\"}",
       false},
      {"openai transcript -> gemini", Dialect::gemini, Dialect::openai,
       {R"({"setup":{"model":"m","outputAudioTranscription":{}}})"}, {created},
       R"({"type":"response.output_audio_transcript.delta","event_id":"e7","response_id":"resp_1","item_id":"item_a1","output_index":0,"content_index":0,"delta":"and then"})",
       false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto t = make_translator(c.client, c.core, TranslatorOptions{});
    Outputs out;
    t->on_client_open(Clock::time_point{}, out);
    for (const auto& s : c.warmup_client) {
      Frame f(s);
      out.clear();
      t->on_client_frame(f.view(), f.capacity(), Opcode::text, Clock::time_point{}, out);
    }
    for (const auto& s : c.warmup_upstream) {
      Frame f(s);
      out.clear();
      t->on_upstream_frame(f.view(), f.capacity(), Opcode::text, Clock::time_point{}, out);
    }
    Frame f(c.frame);
    auto run = [&] {
      out.clear();
      if (c.from_client) {
        t->on_client_frame(f.view(), f.capacity(), Opcode::text, Clock::time_point{}, out);
      } else {
        t->on_upstream_frame(f.view(), f.capacity(), Opcode::text, Clock::time_point{}, out);
      }
    };
    for (int i = 0; i < 20; ++i) run();  // warm: buffers grow to size, the response opens
    ASSERT_FALSE(out.upstream.empty() && out.client.empty());
    long before = sy::test::allocations();
    for (int i = 0; i < 50; ++i) run();
    EXPECT_EQ(sy::test::allocations() - before, 0);
  }
}

}  // namespace
}  // namespace sy::codec::translate
