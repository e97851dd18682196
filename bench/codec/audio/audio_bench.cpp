// Audio paths at 40 ms chunks: resampling (ns/chunk and times realtime), G.711 transcoding, and
// the translator's whole base64 -> convert -> base64 step for the format pairs it meets.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

#include "codec/audio/audio_converter.h"
#include "codec/audio/g711.h"
#include "codec/audio/resampler.h"

namespace {

using namespace sy::codec::audio;

std::vector<std::int16_t> voice_like(int rate, std::size_t samples) {
  std::vector<std::int16_t> v(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    const double t = static_cast<double>(i) / rate;
    v[i] = static_cast<std::int16_t>(6000 * std::sin(2 * std::numbers::pi * 220 * t) +
                                     3000 * std::sin(2 * std::numbers::pi * 1330 * t));
  }
  return v;
}

// Counts chunk time as audio time, so "x_realtime" reads as how many streams one core could carry.
void set_realtime(benchmark::State& state, double chunk_seconds) {
  state.counters["x_realtime"] = benchmark::Counter(
      chunk_seconds * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_Resample40ms(benchmark::State& state) {
  const int from = static_cast<int>(state.range(0));
  const int to = static_cast<int>(state.range(1));
  auto r = Resampler::create(from, to);
  if (!r) {
    state.SkipWithError("create failed");
    return;
  }
  const auto in = voice_like(from, static_cast<std::size_t>(from / 25));
  std::vector<std::int16_t> out(r->max_output(in.size()) * 2);
  for (auto _ : state) {
    auto got = r->process(in, out);
    benchmark::DoNotOptimize(got.ok());
    benchmark::ClobberMemory();
  }
  set_realtime(state, 0.040);
  state.counters["delay_ms"] = r->delay_ms();
}
BENCHMARK(BM_Resample40ms)
    ->Args({24000, 16000})
    ->Args({16000, 24000})
    ->Args({24000, 8000})
    ->Args({8000, 24000})
    ->Args({8000, 16000})
    ->Args({16000, 8000})
    ->ArgNames({"from", "to"});

void BM_G711(benchmark::State& state) {
  const bool alaw = state.range(0) != 0;
  const bool encode = state.range(1) != 0;
  const std::size_t samples = 320;  // 40 ms at 8 kHz
  const auto pcm = voice_like(8000, samples);
  std::vector<std::uint8_t> codes(samples);
  ulaw_encode(pcm, codes);
  std::vector<std::int16_t> decoded(samples);
  for (auto _ : state) {
    if (encode) {
      alaw ? alaw_encode(pcm, codes) : ulaw_encode(pcm, codes);
      benchmark::DoNotOptimize(codes.data());
    } else {
      alaw ? alaw_decode(codes, decoded) : ulaw_decode(codes, decoded);
      benchmark::DoNotOptimize(decoded.data());
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * samples));
  set_realtime(state, 0.040);
}
BENCHMARK(BM_G711)->Args({0, 0})->Args({0, 1})->Args({1, 0})->Args({1, 1})->ArgNames({"alaw",
                                                                                      "encode"});

// The translator's step per event: base64 in, convert, base64 appended to a reused buffer.
void BM_ConvertBase64(benchmark::State& state) {
  const AudioFormat formats[] = {kOpenAiPcm16, kGeminiInput, kOpenAiUlaw, kGeminiOutput};
  const AudioFormat from = formats[state.range(0)];
  const AudioFormat to = formats[state.range(1)];
  const auto ms = static_cast<std::size_t>(state.range(2));
  auto conv = AudioConverter::create(from, to);
  if (!conv) {
    state.SkipWithError("create failed");
    return;
  }
  const std::size_t samples = static_cast<std::size_t>(from.rate) * ms / 1000;
  const auto pcm = voice_like(from.rate, samples);
  std::vector<std::uint8_t> raw;
  if (from.encoding == AudioEncoding::kPcm16) {
    raw.assign(reinterpret_cast<const std::uint8_t*>(pcm.data()),
               reinterpret_cast<const std::uint8_t*>(pcm.data() + pcm.size()));
  } else {
    raw.resize(samples);
    ulaw_encode(pcm, raw);
  }
  std::string in;
  base64_encode_append(raw, in);
  std::string out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(conv->convert_base64(in, out).ok());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
  set_realtime(state, static_cast<double>(ms) / 1000);
}
// 0 = OpenAI PCM16 24k, 1 = Gemini input 16k, 2 = OpenAI µ-law 8k, 3 = Gemini output 24k.
BENCHMARK(BM_ConvertBase64)
    ->Args({0, 1, 100})  // OpenAI client append -> Gemini realtimeInput
    ->Args({0, 1, 40})
    ->Args({1, 0, 40})  // Gemini client audio -> OpenAI append
    ->Args({2, 1, 40})  // OpenAI telephony client -> Gemini
    ->Args({3, 2, 40})  // Gemini output -> OpenAI telephony client
    ->Args({3, 0, 40})  // same rate: validate + copy through base64
    ->ArgNames({"from", "to", "ms"});

}  // namespace
