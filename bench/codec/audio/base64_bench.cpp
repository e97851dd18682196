// Base64 throughput (MB/s of raw bytes) at audio event sizes: the kernel picked at run time, the
// AVX2 and table-driven scalar kernels, and a plain bit-accumulator codec as the baseline.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "codec/audio/base64.h"
#include "codec/audio/base64_kernels.h"

namespace {

using namespace sy::codec::audio;

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Baseline: the textbook loop, one character at a time with a branchy value lookup.
void simple_encode(const std::uint8_t* in, std::size_t n, char* out) {
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    acc = (acc << 8) | in[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      *out++ = kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) *out++ = kAlphabet[(acc << (6 - bits)) & 63];
  while ((n % 3) != 0 && n++ % 3 != 0) *out++ = '=';
}

int simple_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::size_t simple_decode(const char* in, std::size_t n, std::uint8_t* out) {
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t w = 0;
  for (std::size_t i = 0; i < n && in[i] != '='; ++i) {
    const int v = simple_value(in[i]);
    if (v < 0) return 0;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[w++] = static_cast<std::uint8_t>(acc >> bits);
    }
  }
  return w;
}

std::vector<std::uint8_t> random_bytes(std::size_t n) {
  std::mt19937 rng(1);
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) b = static_cast<std::uint8_t>(rng());
  return v;
}

enum Kernel { kDispatch, kAvx2, kTableScalar, kSimple };

void BM_Base64Encode(benchmark::State& state) {
  const auto kernel = static_cast<Kernel>(state.range(0));
  if (kernel == kAvx2 && !base64_detail::cpu_has_avx2()) {
    state.SkipWithError("no AVX2");
    return;
  }
  const auto raw = random_bytes(static_cast<std::size_t>(state.range(1)));
  std::string out(base64_encoded_size(raw.size()), '\0');
  for (auto _ : state) {
    switch (kernel) {
      case kDispatch:
        base64_encode(raw, out.data());
        break;
      case kAvx2:
        base64_detail::encode_avx2(raw.data(), raw.size(), out.data());
        break;
      case kTableScalar:
        base64_detail::encode_scalar(raw.data(), raw.size(), out.data());
        break;
      case kSimple:
        simple_encode(raw.data(), raw.size(), out.data());
        break;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
}

void BM_Base64Decode(benchmark::State& state) {
  const auto kernel = static_cast<Kernel>(state.range(0));
  if (kernel == kAvx2 && !base64_detail::cpu_has_avx2()) {
    state.SkipWithError("no AVX2");
    return;
  }
  const auto raw = random_bytes(static_cast<std::size_t>(state.range(1)));
  std::string text;
  base64_encode_append(raw, text);
  std::vector<std::uint8_t> out(raw.size());
  const std::size_t quanta = text.size() / 4;
  for (auto _ : state) {
    switch (kernel) {
      case kDispatch:
        benchmark::DoNotOptimize(base64_decode(text, out).ok());
        break;
      case kAvx2:
        benchmark::DoNotOptimize(
            base64_detail::decode_quanta_avx2(text.data(), quanta, out.data()));
        break;
      case kTableScalar:
        benchmark::DoNotOptimize(
            base64_detail::decode_quanta_scalar(text.data(), quanta, out.data()));
        break;
      case kSimple:
        benchmark::DoNotOptimize(simple_decode(text.data(), text.size(), out.data()));
        break;
    }
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
}

// Sizes: 20 ms of µ-law, 40 ms and 100 ms of PCM16 24 kHz, 64 KiB, 1 MiB (all multiples of 3 so
// the kernels see whole quanta).
void sizes(benchmark::internal::Benchmark* b) {
  for (int kernel : {kDispatch, kAvx2, kTableScalar, kSimple}) {
    for (int n : {159, 1920, 4800, 65535, 1048575}) b->Args({kernel, n});
  }
  b->ArgNames({"kernel", "bytes"});
}

BENCHMARK(BM_Base64Encode)->Apply(sizes);
BENCHMARK(BM_Base64Decode)->Apply(sizes);

}  // namespace
