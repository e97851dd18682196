#include "codec/audio/g711.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

namespace sy::codec::audio {
namespace {

// Reference points from ITU-T G.711 (its tables scaled to 16 bits: µ-law decision values x4,
// A-law x8) and the G.191 reference coder.
TEST(G711, UlawReferenceValues) {
  EXPECT_EQ(ulaw_to_pcm16(0x00), -32124);  // largest negative
  EXPECT_EQ(ulaw_to_pcm16(0x80), 32124);   // largest positive
  EXPECT_EQ(ulaw_to_pcm16(0xFF), 0);       // positive zero
  EXPECT_EQ(ulaw_to_pcm16(0x7F), 0);       // negative zero
  EXPECT_EQ(ulaw_to_pcm16(0xFE), 8);
  EXPECT_EQ(ulaw_to_pcm16(0x7E), -8);
  EXPECT_EQ(ulaw_to_pcm16(0xCE), 988);
  EXPECT_EQ(ulaw_to_pcm16(0xEF), 132);  // first value of segment 1
  EXPECT_EQ(pcm16_to_ulaw(0), 0xFF);
  EXPECT_EQ(pcm16_to_ulaw(-1), 0x7F);  // one's-complement rounding: -1 is a negative zero
  EXPECT_EQ(pcm16_to_ulaw(1000), 0xCE);
  EXPECT_EQ(pcm16_to_ulaw(-1000), 0x4E);
  EXPECT_EQ(pcm16_to_ulaw(32767), 0x80);  // clipped
  EXPECT_EQ(pcm16_to_ulaw(-32768), 0x00);
}

TEST(G711, AlawReferenceValues) {
  EXPECT_EQ(alaw_to_pcm16(0xD5), 8);  // smallest positive (A-law has no zero code)
  EXPECT_EQ(alaw_to_pcm16(0x55), -8);
  EXPECT_EQ(alaw_to_pcm16(0xAA), 32256);  // largest positive
  EXPECT_EQ(alaw_to_pcm16(0x2A), -32256);
  EXPECT_EQ(alaw_to_pcm16(0xFA), 1008);
  EXPECT_EQ(pcm16_to_alaw(0), 0xD5);
  EXPECT_EQ(pcm16_to_alaw(-1), 0x55);
  EXPECT_EQ(pcm16_to_alaw(1000), 0xFA);
  EXPECT_EQ(pcm16_to_alaw(-1000), 0x7A);
  EXPECT_EQ(pcm16_to_alaw(32767), 0xAA);
  EXPECT_EQ(pcm16_to_alaw(-32768), 0x2A);
}

TEST(G711, EveryCodeSurvivesARoundTrip) {
  for (int c = 0; c < 256; ++c) {
    const auto code = static_cast<std::uint8_t>(c);
    EXPECT_EQ(pcm16_to_alaw(alaw_to_pcm16(code)), code) << c;
    const std::uint8_t want = code == 0x7F ? 0xFF : code;  // µ-law's two zeros become one
    EXPECT_EQ(pcm16_to_ulaw(ulaw_to_pcm16(code)), want) << c;
  }
}

// Independent formulation for non-negative samples: find the segment by its upper end (the
// classic table search) instead of counting bits; negative samples mirror through one's
// complement with the sign bit cleared.
std::uint8_t ulaw_by_segment_search(int sample) {
  static const int kSegEnd[8] = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
  int v = (sample >> 2) + 33;
  if (v > 0x1FFF) v = 0x1FFF;
  int seg = 0;
  while (v > kSegEnd[seg]) ++seg;
  return static_cast<std::uint8_t>(((seg << 4) | ((v >> (seg + 1)) & 0x0F)) ^ 0xFF);
}

std::uint8_t alaw_by_segment_search(int sample) {
  static const int kSegEnd[8] = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
  const int v = sample >> 3;
  int seg = 0;
  while (seg < 8 && v > kSegEnd[seg]) ++seg;
  int code = seg >= 8 ? 0x7F : (seg << 4) | ((v >> (seg < 2 ? 1 : seg)) & 0x0F);
  return static_cast<std::uint8_t>((code | 0x80) ^ 0x55);
}

TEST(G711, EncodersMatchSegmentSearchOverAllSamples) {
  for (int s = 0; s <= 32767; ++s) {
    ASSERT_EQ(pcm16_to_ulaw(static_cast<std::int16_t>(s)), ulaw_by_segment_search(s)) << s;
    ASSERT_EQ(pcm16_to_alaw(static_cast<std::int16_t>(s)), alaw_by_segment_search(s)) << s;
    const auto neg = static_cast<std::int16_t>(~s);  // -s-1
    ASSERT_EQ(pcm16_to_ulaw(neg), ulaw_by_segment_search(s) & 0x7F) << neg;
    ASSERT_EQ(pcm16_to_alaw(neg), (alaw_by_segment_search(s) ^ 0x55 ^ 0x80) ^ 0x55) << neg;
  }
}

TEST(G711, QuantisationIsMonotoneAndWithinHalfAStep) {
  int prev_u = -40000;
  int prev_a = -40000;
  for (int s = -32768; s <= 32767; ++s) {
    const int u = ulaw_to_pcm16(pcm16_to_ulaw(static_cast<std::int16_t>(s)));
    const int a = alaw_to_pcm16(pcm16_to_alaw(static_cast<std::int16_t>(s)));
    ASSERT_GE(u, prev_u) << s;
    ASSERT_GE(a, prev_a) << s;
    prev_u = u;
    prev_a = a;
    // Largest steps are 1024 (µ-law) and 1024 (A-law); beyond the top level the codes clip.
    if (std::abs(s) <= 32124) {
      ASSERT_LE(std::abs(u - s), 512 + 4) << s;
    }
    if (std::abs(s) <= 32256) {
      ASSERT_LE(std::abs(a - s), 512 + 8) << s;
    }
  }
}

TEST(G711, BulkMatchesPerSample) {
  std::vector<std::uint8_t> codes(256);
  for (int c = 0; c < 256; ++c) codes[c] = static_cast<std::uint8_t>(c);
  std::vector<std::int16_t> pcm(256);
  ASSERT_EQ(ulaw_decode(codes, pcm), 256u);
  for (int c = 0; c < 256; ++c) EXPECT_EQ(pcm[c], ulaw_to_pcm16(codes[c]));
  std::vector<std::uint8_t> back(256);
  ASSERT_EQ(ulaw_encode(pcm, back), 256u);
  for (int c = 0; c < 256; ++c) EXPECT_EQ(back[c], pcm16_to_ulaw(pcm[c]));
  ASSERT_EQ(alaw_decode(codes, pcm), 256u);
  for (int c = 0; c < 256; ++c) EXPECT_EQ(pcm[c], alaw_to_pcm16(codes[c]));
  ASSERT_EQ(alaw_encode(pcm, back), 256u);
  EXPECT_EQ(back, codes);
}

}  // namespace
}  // namespace sy::codec::audio
