// What reading the conversation off a session costs per frame (codec/conversation/tap.h): audio
// frames are recognised from their first bytes and skipped; a transcript delta is decoded and
// becomes a delta for the journal. ns/frame and bytes/s of frame.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "codec/conversation/tap.h"
#include "codec/json/padded_text.h"
#include "codec/json/read_context.h"

namespace {

using namespace sy::codec;
namespace conv = sy::codec::conversation;

// A frame as the receive buffer holds it: padding after the bytes, so it is parsed in place.
using Frame = sy::codec::json::PaddedText;

struct Reader {
  explicit Reader(conv::Dialect d) : tap(d, false, 1) {}
  void bound(const Frame& f) {
    deltas.clear();
    tap.client_bound_frame(f.view(), f.capacity(), c, deltas, s);
    for (const auto& d : deltas) c.apply(d);
  }
  void client(const Frame& f) {
    deltas.clear();
    tap.client_frame(f.view(), f.capacity(), c, deltas, s);
    for (const auto& d : deltas) c.apply(d);
  }
  conv::Tap tap;
  conv::Conversation c;
  std::vector<conv::Delta> deltas;
  conv::Signals s;
};

std::string b64(std::size_t n) { return std::string(n, 'A'); }

void BM_TapOpenAiAppend(benchmark::State& state) {
  Reader r(conv::Dialect::openai);
  Frame f(R"({"type":"input_audio_buffer.append","audio":")" + b64(6400) + R"("})");  // 100 ms
  for (auto _ : state) r.client(f);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.size()));
}
BENCHMARK(BM_TapOpenAiAppend);

void BM_TapOpenAiAudioDelta(benchmark::State& state) {
  Reader r(conv::Dialect::openai);
  r.bound(Frame(R"({"type":"response.output_item.added","event_id":"e","response_id":"r","output_index":0,"item":{"id":"item_a","type":"message","status":"in_progress","role":"assistant","content":[]}})"));
  Frame f(R"({"type":"response.output_audio.delta","event_id":"e","response_id":"r","item_id":"item_a","output_index":0,"content_index":0,"delta":")" +
          b64(6400) + R"("})");
  for (auto _ : state) r.bound(f);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.size()));
}
BENCHMARK(BM_TapOpenAiAudioDelta);

void BM_TapOpenAiTranscriptDelta(benchmark::State& state) {
  Reader r(conv::Dialect::openai);
  r.bound(Frame(R"({"type":"response.output_item.added","event_id":"e","response_id":"r","output_index":0,"item":{"id":"item_a","type":"message","status":"in_progress","role":"assistant","content":[]}})"));
  Frame f(R"({"type":"response.output_audio_transcript.delta","event_id":"e","response_id":"r","item_id":"item_a","output_index":0,"content_index":0,"delta":"a word "})");
  std::int64_t n = 0;
  for (auto _ : state) {
    r.bound(f);
    // Keep the item's text from growing without bound over millions of iterations.
    if (++n % 4096 == 0) {
      conv::ItemView v = conv::view(*r.c.find("item_a"));
      v.text = {};
      r.c.apply(conv::PutItem{v, std::nullopt});
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.size()));
}
BENCHMARK(BM_TapOpenAiTranscriptDelta);

void BM_TapGeminiModelAudio(benchmark::State& state) {
  Reader r(conv::Dialect::gemini);
  Frame f(R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":")" +
          b64(6400) + R"("}}]}}})");
  for (auto _ : state) r.bound(f);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.size()));
}
BENCHMARK(BM_TapGeminiModelAudio);

void BM_TapGeminiRealtimeAudio(benchmark::State& state) {
  Reader r(conv::Dialect::gemini);
  Frame f(R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":")" + b64(4268) + R"("}}})");
  for (auto _ : state) r.client(f);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.size()));
}
BENCHMARK(BM_TapGeminiRealtimeAudio);

}  // namespace
