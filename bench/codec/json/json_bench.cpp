// Reflected JSON read and write throughput: a 100 ms audio append (24 kHz PCM16, 6.4 KB of base64)
// and a small control event, as ns/event and bytes/s.
#include <benchmark/benchmark.h>

#include <optional>
#include <string>
#include <string_view>

#include "codec/json/reader.h"
#include "codec/json/writer.h"

namespace {

using namespace sy::codec::json;

struct Append {
  std::string_view type;
  std::optional<std::string_view> event_id;
  std::string_view audio;
};
BOOST_DESCRIBE_STRUCT(Append, (), (type, event_id, audio))

struct Truncate {
  std::string_view type;
  std::optional<std::string_view> event_id;
  std::string_view item_id;
  std::uint32_t content_index = 0;
  std::uint32_t audio_end_ms = 0;
};
BOOST_DESCRIBE_STRUCT(Truncate, (), (type, event_id, item_id, content_index, audio_end_ms))

std::string base64_audio(std::size_t bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s(bytes / 3 * 4, 'A');
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = kAlphabet[(i * 7919) % 64];
  return s;
}

std::string padded(std::string s) {
  std::size_t n = s.size();
  s.resize(n + kPadding);
  s.resize(n);
  return s;
}

void BM_ReadAudioAppend(benchmark::State& state) {
  std::string json = padded(R"({"type":"input_audio_buffer.append","event_id":"event_456","audio":")" +
                            base64_audio(4800) + "\"}");
  Reader reader;
  Append ev;
  for (auto _ : state) {
    auto st = reader.read<OpenAiOptions>(json, json.capacity(), ev);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(ev.audio.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
}
BENCHMARK(BM_ReadAudioAppend);

void BM_ReadTruncate(benchmark::State& state) {
  std::string json = padded(
      R"({"event_id":"event_678","type":"conversation.item.truncate","item_id":"item_002","content_index":0,"audio_end_ms":1500})");
  Reader reader;
  Truncate ev;
  for (auto _ : state) {
    auto st = reader.read<OpenAiOptions>(json, json.capacity(), ev);
    benchmark::DoNotOptimize(st);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
}
BENCHMARK(BM_ReadTruncate);

void BM_WriteAudioAppend(benchmark::State& state) {
  std::string audio = base64_audio(4800);
  Append ev{"input_audio_buffer.append", "event_456", audio};
  Writer w;
  for (auto _ : state) {
    w.clear();
    write<OpenAiOptions>(w, ev);
    benchmark::DoNotOptimize(w.view().data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * w.size()));
}
BENCHMARK(BM_WriteAudioAppend);

void BM_WriteEscapedText(benchmark::State& state) {
  std::string text(1024, 'a');
  for (std::size_t i = 0; i < text.size(); i += 40) text[i] = '"';
  Writer w;
  for (auto _ : state) {
    w.clear();
    w.string(text);
    benchmark::DoNotOptimize(w.view().data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_WriteEscapedText);

}  // namespace
