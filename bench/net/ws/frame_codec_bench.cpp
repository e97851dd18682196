// Throughput of the receive path of the frame codec, in bytes of wire input per second.
#include <benchmark/benchmark.h>

#include <cstring>
#include <span>
#include <vector>

#include "net/ws/frame_parser.h"
#include "net/ws/frame_writer.h"
#include "net/ws/mask.h"
#include "net/ws/utf8.h"

namespace {

using namespace sy::net::ws;
using Bytes = std::vector<std::uint8_t>;

struct Sink {
  std::size_t bytes = 0;
  bool on_message(Opcode, std::span<std::uint8_t> p) {
    bytes += p.size();
    benchmark::DoNotOptimize(p.data());
    return true;
  }
  bool on_control(Opcode, std::span<std::uint8_t>) { return true; }
};

void append_frame(Bytes& out, Opcode op, std::span<const std::uint8_t> payload, bool fin,
                  std::uint32_t key) {
  std::uint8_t h[kMaxHeaderBytes];
  std::size_t n = write_header(h, op, payload.size(), fin, &key);
  out.insert(out.end(), h, h + n);
  std::size_t at = out.size();
  out.insert(out.end(), payload.begin(), payload.end());
  apply_mask({out.data() + at, payload.size()}, key);
}

// About 1 MiB of back-to-back masked frames of `size` bytes, `fragments` frames per message.
Bytes stream(Opcode op, std::size_t size, std::size_t fragments, const Bytes& payload,
             std::uint32_t key) {
  Bytes out;
  const std::size_t messages = std::max<std::size_t>(1, (1u << 20) / (size * fragments));
  for (std::size_t m = 0; m < messages; ++m)
    for (std::size_t f = 0; f < fragments; ++f)
      append_frame(out, f == 0 ? op : Opcode::continuation, payload, f + 1 == fragments, key);
  return out;
}

Bytes text_payload(std::size_t size, bool multibyte) {
  Bytes p(size, 'a');
  if (multibyte)
    for (std::size_t i = 0; i + 3 <= size; i += 7) p[i] = 0xE2, p[i + 1] = 0x82, p[i + 2] = 0xAC;
  return p;
}

// Parsing unmasks in place, so a binary stream alternates between masked and clear payloads
// across iterations: the headers stay valid and the work is identical.
void BM_ParseMaskedBinary(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  Bytes s = stream(Opcode::binary, size, 1, Bytes(size, 0x5A), 0x12345678);
  FrameParser parser;
  Sink sink;
  for (auto _ : state) {
    auto r = parser.parse(s, sink);
    if (!r || *r != s.size()) state.SkipWithError("parse failed");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.size()));
}
BENCHMARK(BM_ParseMaskedBinary)->Arg(125)->Arg(4096)->Arg(65536);

// Text must stay valid across iterations, so the key is zero: the XOR still runs.
void BM_ParseMaskedText(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  Bytes s = stream(Opcode::text, size, 1, text_payload(size, state.range(1) != 0), 0);
  FrameParser parser;
  Sink sink;
  for (auto _ : state) {
    auto r = parser.parse(s, sink);
    if (!r || *r != s.size()) state.SkipWithError("parse failed");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.size()));
}
BENCHMARK(BM_ParseMaskedText)->Args({4096, 0})->Args({4096, 1})->Args({65536, 0})->Args({65536, 1});

// A 64 KiB message in 4 KiB fragments: unmasking and compaction in one pass.
void BM_ParseFragmented(benchmark::State& state) {
  Bytes s = stream(Opcode::binary, 4096, 16, Bytes(4096, 0x5A), 0x12345678);
  FrameParser parser;
  Sink sink;
  for (auto _ : state) {
    // Compaction overwrites headers, so each iteration parses a fresh copy (copy cost included).
    Bytes copy = s;
    auto r = parser.parse(copy, sink);
    if (!r || *r != copy.size()) state.SkipWithError("parse failed");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.size()));
}
BENCHMARK(BM_ParseFragmented);

// The same 1 MiB stream arriving in 16 KiB reads, through the caller's keep-the-rest loop.
void BM_ParseInReads(benchmark::State& state) {
  Bytes s = stream(Opcode::binary, 65536, 1, Bytes(65536, 0x5A), 0x12345678);
  const std::size_t read = 16384;
  Bytes buf(s.size() + read);
  FrameParser parser;
  Sink sink;
  for (auto _ : state) {
    std::size_t kept = 0;
    for (std::size_t at = 0; at < s.size(); at += read) {
      std::size_t n = std::min(read, s.size() - at);
      std::memcpy(buf.data() + kept, s.data() + at, n);
      auto r = parser.parse({buf.data(), kept + n}, sink);
      if (!r) state.SkipWithError("parse failed");
      std::memmove(buf.data(), buf.data() + *r, kept + n - *r);
      kept = kept + n - *r;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.size()));
}
BENCHMARK(BM_ParseInReads);

void BM_Utf8(benchmark::State& state) {
  Bytes p = text_payload(static_cast<std::size_t>(state.range(0)), state.range(1) != 0);
  for (auto _ : state) {
    Utf8Validator v;
    benchmark::DoNotOptimize(v.feed(p));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * p.size()));
}
BENCHMARK(BM_Utf8)->Args({256, 0})->Args({4096, 0})->Args({65536, 0})->Args({65536, 1});

void BM_ApplyMask(benchmark::State& state) {
  Bytes p(static_cast<std::size_t>(state.range(0)), 0x33);
  for (auto _ : state) {
    apply_mask(p, 0x12345678, 1);
    benchmark::DoNotOptimize(p.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * p.size()));
}
BENCHMARK(BM_ApplyMask)->Arg(125)->Arg(4096)->Arg(65536);

}  // namespace
