#include "codec/audio/resampler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <vector>

#include "codec/audio/audio_error.h"
#include "tests/codec/audio/tone.h"

namespace sy::codec::audio {
namespace {

using testing::sine;
using testing::tone_amplitude;

constexpr int kRates[] = {8000, 16000, 24000, 48000};

// Runs `in` through a fresh resampler cut at the given chunk sizes (cycled), then flushes.
std::vector<std::int16_t> run_chunked(int from, int to, const std::vector<std::int16_t>& in,
                                      const std::vector<std::size_t>& chunks) {
  auto r = Resampler::create(from, to);
  EXPECT_TRUE(r.ok());
  std::vector<std::int16_t> out;
  std::vector<std::int16_t> buf;
  std::size_t pos = 0;
  for (std::size_t k = 0; pos < in.size(); ++k) {
    const std::size_t n = std::min(chunks[k % chunks.size()], in.size() - pos);
    buf.resize(r->max_output(n));
    auto got = r->process({in.data() + pos, n}, buf);
    EXPECT_TRUE(got.ok());
    out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*got));
    pos += n;
  }
  buf.resize(r->max_flush_output());
  auto tail = r->flush(buf);
  EXPECT_TRUE(tail.ok());
  out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*tail));
  return out;
}

std::size_t expected_samples(std::size_t in, int from, int to) {
  return static_cast<std::size_t>(std::llround(static_cast<double>(in) * to / from));
}

TEST(Resampler, RefusesUnsupportedRates) {
  EXPECT_TRUE(Resampler::create(44000, 16000).error().is(AudioErrc::kBadRate));
  EXPECT_TRUE(Resampler::create(16000, 16000).error().is(AudioErrc::kBadRate));
  EXPECT_TRUE(Resampler::create(0, 16000).error().is(AudioErrc::kBadRate));
}

// Property: over many random chunkings (including empty and one-sample chunks) the output length
// is the input duration at the new rate, and each chunk's output never runs ahead of its input.
TEST(Resampler, DurationKeptOverRandomChunkings) {
  std::mt19937 rng(2024);
  for (int from : kRates) {
    for (int to : kRates) {
      if (from == to) continue;
      for (int trial = 0; trial < 12; ++trial) {
        const std::size_t total = rng() % (from / 2) + 1;  // up to 500 ms
        const auto in = sine(440, 8000, from, total);
        auto r = Resampler::create(from, to);
        ASSERT_TRUE(r.ok());
        std::vector<std::int16_t> buf;
        std::size_t in_done = 0;
        std::size_t out_done = 0;
        std::size_t chunks = 0;
        while (in_done < total) {
          const std::size_t pick = rng() % 4;
          std::size_t n = pick == 0 ? rng() % 2 : pick == 1 ? rng() % 64 : rng() % (from / 10);
          n = std::min(n, total - in_done);
          buf.resize(r->max_output(n));
          auto got = r->process({in.data() + in_done, n}, buf);
          ASSERT_TRUE(got.ok());
          in_done += n;
          out_done += *got;
          ++chunks;
          // Never ahead of the input; behind by at most the documented worst-case delay + a chunk.
          ASSERT_LE(out_done, expected_samples(in_done, from, to) + 1);
        }
        buf.resize(r->max_flush_output());
        auto tail = r->flush(buf);
        ASSERT_TRUE(tail.ok());
        out_done += *tail;
        const auto want = static_cast<long>(expected_samples(total, from, to));
        // Allowed: one sample per chunk boundary; libsoxr in fact lands exactly on the rounding.
        EXPECT_LE(std::labs(static_cast<long>(out_done) - want), static_cast<long>(chunks))
            << from << "->" << to << " total " << total;
        EXPECT_EQ(static_cast<long>(out_done), want) << from << "->" << to << " total " << total;
      }
    }
  }
}

// The less common capture rates a Gemini client may declare, in both directions against the
// rates the dialects use: duration kept, chunked output equal to one-shot output.
TEST(Resampler, CaptureRatesKeepDurationAndMatchOneShot) {
  for (int odd : {11025, 12000, 22050, 32000, 44100}) {
    for (int dialect : {8000, 16000, 24000}) {
      for (auto [from, to] : {std::pair{odd, dialect}, std::pair{dialect, odd}}) {
        const auto in = sine(440, 9000, from, static_cast<std::size_t>(from) * 3 / 10 + 7);
        const auto one_shot = run_chunked(from, to, in, {in.size()});
        const auto chunked = run_chunked(from, to, in, {static_cast<std::size_t>(from / 25), 3});
        EXPECT_EQ(one_shot.size(), expected_samples(in.size(), from, to)) << from << "->" << to;
        ASSERT_EQ(chunked.size(), one_shot.size()) << from << "->" << to;
        for (std::size_t i = 0; i < one_shot.size(); ++i) {
          ASSERT_LE(std::abs(one_shot[i] - chunked[i]), 1) << from << "->" << to << " at " << i;
        }
      }
    }
  }
}

// Chunked processing produces the same samples as a single call: filter state carries over, so
// there is nothing at the chunk boundaries that one-shot processing would not have.
TEST(Resampler, ChunkedEqualsOneShot) {
  for (int from : kRates) {
    for (int to : kRates) {
      if (from == to) continue;
      const auto in = sine(997, 12000, from, static_cast<std::size_t>(from));  // 1 s
      const auto one_shot = run_chunked(from, to, in, {in.size()});
      const auto chunked_40ms = run_chunked(from, to, in, {static_cast<std::size_t>(from / 25)});
      const auto ragged = run_chunked(from, to, in, {1, 17, 333, 0, 640, 5});
      ASSERT_EQ(one_shot.size(), chunked_40ms.size());
      ASSERT_EQ(one_shot.size(), ragged.size());
      int max_diff = 0;
      for (std::size_t i = 0; i < one_shot.size(); ++i) {
        max_diff = std::max(
            {max_diff, std::abs(one_shot[i] - chunked_40ms[i]), std::abs(one_shot[i] - ragged[i])});
      }
      EXPECT_LE(max_diff, 1) << from << "->" << to;
    }
  }
}

// A tone through 24k -> 16k -> 24k in 40 ms chunks keeps its frequency and level, and the
// sample-to-sample steps at chunk boundaries are no larger than anywhere else.
TEST(Resampler, SineSurvivesRoundTripThroughSixteenKilohertz) {
  for (double freq : {300.0, 1000.0, 3000.0, 5000.0}) {
    const auto in = sine(freq, 10000, 24000, 48000);  // 2 s
    const auto mid = run_chunked(24000, 16000, in, {960});
    const auto back = run_chunked(16000, 24000, mid, {640});
    ASSERT_EQ(back.size(), in.size());
    // Skip the filters' settling time at both ends; measure over a whole number of periods
    // (0.5 s holds an integer count for every test frequency).
    const std::span<const std::int16_t> steady(back.data() + 12000, 12000);
    const double amp = tone_amplitude(steady, freq, 24000);
    EXPECT_NEAR(amp, 10000, 10000 * 0.06) << freq;  // within about 0.5 dB
    // The energy sits at `freq`, not at its neighbours.
    EXPECT_LT(tone_amplitude(steady, freq * 0.9, 24000), amp * 0.05) << freq;
    EXPECT_LT(tone_amplitude(steady, freq * 1.1, 24000), amp * 0.05) << freq;
    // Largest step of a sine of amplitude A at f: 2*pi*f*A/rate; allow 10% for ripple.
    const double max_step = 2 * std::numbers::pi * freq * 10000 / 24000 * 1.1 + 2;
    for (std::size_t i = 2400; i + 2400 < back.size(); ++i) {
      ASSERT_LE(std::abs(back[i] - back[i - 1]), max_step) << freq << " at " << i;
    }
  }
}

TEST(Resampler, FlushAndResetStartAFreshStream) {
  const auto a = sine(500, 9000, 24000, 2400);
  const auto b = sine(1500, 7000, 24000, 4800);
  const auto fresh_b = run_chunked(24000, 8000, b, {960});
  auto r = Resampler::create(24000, 8000);
  ASSERT_TRUE(r.ok());
  std::vector<std::int16_t> buf(r->max_output(a.size()));
  ASSERT_TRUE(r->process(a, buf).ok());
  r->reset();  // drop what a left behind
  EXPECT_EQ(r->delay_ms(), 0.0);
  std::vector<std::int16_t> out;
  for (std::size_t pos = 0; pos < b.size(); pos += 960) {
    buf.resize(r->max_output(960));
    auto got = r->process({b.data() + pos, 960}, buf);
    ASSERT_TRUE(got.ok());
    EXPECT_GT(r->delay_ms(), 0.0);
    EXPECT_LT(r->delay_ms(), 40.0);
    out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*got));
  }
  buf.resize(r->max_flush_output());
  auto tail = r->flush(buf);
  ASSERT_TRUE(tail.ok());
  out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*tail));
  EXPECT_EQ(out, fresh_b);
}

TEST(Resampler, ShortOutputAndEmptyInput) {
  auto r = Resampler::create(16000, 24000);
  ASSERT_TRUE(r.ok());
  const auto in = sine(440, 5000, 16000, 640);
  std::vector<std::int16_t> small(r->max_output(in.size()) - 1);
  auto bad = r->process(in, small);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().is(AudioErrc::kOutputTooSmall));
  std::vector<std::int16_t> buf(r->max_output(0));
  auto none = r->process({}, buf);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0u);
  // The refused chunk was not consumed: the whole stream is still just its length at 24 kHz.
  buf.resize(r->max_output(in.size()));
  auto got = r->process(in, buf);
  ASSERT_TRUE(got.ok());
  std::size_t total = *got;
  buf.resize(r->max_flush_output());
  auto tail = r->flush(buf);
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(total + *tail, 960u);
}

TEST(Resampler, MovedFromIsInert) {
  auto r = Resampler::create(8000, 16000);
  ASSERT_TRUE(r.ok());
  Resampler moved = std::move(*r);
  EXPECT_EQ(moved.in_rate(), 8000);
  EXPECT_EQ(moved.out_rate(), 16000);
  Resampler other = Resampler::create(24000, 16000).value();
  other = std::move(moved);
  EXPECT_EQ(other.in_rate(), 8000);
}

}  // namespace
}  // namespace sy::codec::audio
