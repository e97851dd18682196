// Gemini Live dialect alone: decoding a 100 ms realtime audio input and a model audio chunk, and
// encoding them back, as ns/message and bytes/s.
#include <benchmark/benchmark.h>

#include <string>

#include "codec/gemini/decoder.h"
#include "codec/gemini/encoder.h"
#include "codec/json/padded_text.h"
#include "codec/json/read_context.h"

namespace {

using namespace sy::codec;

std::string base64_of(std::size_t bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s(bytes / 3 * 4, 'A');
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = kAlphabet[(i * 7919) % 64];
  return s;
}

// A frame as the receive buffer holds it: padding after the bytes, so it is parsed in place.
using Frame = sy::codec::json::PaddedText;

void BM_DecodeRealtimeAudio100ms(benchmark::State& state) {
  Frame f(R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":")" +
          base64_of(3200) + "\"}}}");
  gemini::Decoder dec;
  for (auto _ : state) {
    auto kind = dec.decode_client(f.view(), f.capacity());
    benchmark::DoNotOptimize(kind.ok());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.size()));
}
BENCHMARK(BM_DecodeRealtimeAudio100ms);

void BM_DecodeModelAudio100ms(benchmark::State& state) {
  Frame f(R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":")" +
          base64_of(4800) + "\"}}]}}}");
  gemini::Decoder dec;
  for (auto _ : state) {
    auto kind = dec.decode_server(f.view(), f.capacity());
    benchmark::DoNotOptimize(kind.ok());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.size()));
}
BENCHMARK(BM_DecodeModelAudio100ms);

void BM_EncodeModelAudio100ms(benchmark::State& state) {
  std::string data = base64_of(4800);
  std::string out;
  for (auto _ : state) {
    out.clear();
    gemini::encode_model_audio("audio/pcm;rate=24000", data, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
}
BENCHMARK(BM_EncodeModelAudio100ms);

void BM_EncodeServerContentReflected(benchmark::State& state) {
  gemini::wire::ServerMessage m;
  auto& sc = m.server_content.emplace();
  sc.output_transcription = gemini::wire::Transcription{"and then the weather turned", {}};
  std::string out;
  for (auto _ : state) {
    out.clear();
    gemini::encode_server(m, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
}
BENCHMARK(BM_EncodeServerContentReflected);

}  // namespace
