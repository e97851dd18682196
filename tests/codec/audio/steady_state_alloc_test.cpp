// Once warm, converting a 40 ms chunk must not touch the heap, ours or libsoxr's. This binary
// counts calls to malloc/calloc/realloc (which operator new and libsoxr both use) by defining
// them over glibc's entry points. Sanitizer builds replace the allocator themselves, so there the
// test is skipped.
#include <gtest/gtest.h>

#include "tests/support/malloc_counter.h"

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "codec/audio/audio_converter.h"
#include "tests/codec/audio/tone.h"

namespace sy::codec::audio {
namespace {

struct Path {
  AudioFormat from;
  AudioFormat to;
};

TEST(AudioSteadyState, FortyMillisecondChunksAllocateNothingOnceWarm) {
  if (!sy::test::kCountsMallocs) GTEST_SKIP() << "allocation counting is off under sanitizers";
  const Path paths[] = {{kOpenAiPcm16, kGeminiInput}, {kGeminiOutput, kOpenAiPcm16},
                        {kGeminiOutput, kOpenAiUlaw}, {kOpenAiUlaw, kGeminiInput},
                        {kOpenAiAlaw, kOpenAiPcm16},  {kGeminiInput, kOpenAiAlaw}};
  for (const Path& p : paths) {
    auto conv = AudioConverter::create(p.from, p.to);
    ASSERT_TRUE(conv.ok());
    const std::size_t samples = static_cast<std::size_t>(p.from.rate) / 25;
    const auto tone = testing::sine(440, 9000, p.from.rate, samples);
    std::vector<std::uint8_t> raw(samples * p.from.bytes_per_sample());
    for (std::size_t i = 0; i < raw.size(); ++i) raw[i] = static_cast<std::uint8_t>(tone[i / 2]);
    std::string in;
    base64_encode_append(raw, in);
    std::string out;
    out.reserve(1 << 16);
    for (int warm = 0; warm < 50; ++warm) {  // libsoxr grows its FIFO up to ~chunk 20
      out.clear();
      ASSERT_TRUE(conv->convert_base64(in, out).ok());
    }
    const long before = sy::test::allocations();
    for (int k = 0; k < 500; ++k) {
      out.clear();
      ASSERT_TRUE(conv->convert_base64(in, out).ok());
    }
    EXPECT_EQ(sy::test::allocations() - before, 0) << p.from.rate << "->" << p.to.rate << " allocated";
  }
}

}  // namespace
}  // namespace sy::codec::audio
