#include "codec/audio/audio_converter.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "codec/audio/audio_error.h"
#include "codec/audio/g711.h"
#include "tests/codec/audio/tone.h"

namespace sy::codec::audio {
namespace {

using testing::sine;
using testing::tone_amplitude;

std::string to_base64(const void* data, std::size_t bytes) {
  std::string out;
  base64_encode_append({static_cast<const std::uint8_t*>(data), bytes}, out);
  return out;
}

std::vector<std::uint8_t> from_base64(std::string_view text) {
  std::vector<std::uint8_t> out(base64_decoded_size(text));
  auto n = base64_decode(text, out);
  EXPECT_TRUE(n.ok());
  out.resize(n.ok() ? *n : 0);
  return out;
}

std::vector<std::int16_t> as_pcm(const std::vector<std::uint8_t>& bytes) {
  std::vector<std::int16_t> pcm(bytes.size() / 2);
  if (!pcm.empty()) std::memcpy(pcm.data(), bytes.data(), pcm.size() * 2);
  return pcm;
}

// OpenAI telephony input to Gemini: µ-law 8 kHz base64 in 20 ms appends -> PCM16 16 kHz base64.
TEST(AudioConverter, UlawEightKilohertzToGeminiInput) {
  auto conv = AudioConverter::create(kOpenAiUlaw, kGeminiInput);
  ASSERT_TRUE(conv.ok());
  EXPECT_TRUE(conv->resamples());
  const auto tone = sine(1000, 12000, 8000, 8000);  // 1 s
  std::vector<std::uint8_t> ulaw(tone.size());
  ulaw_encode(tone, ulaw);
  std::vector<std::int16_t> out;
  for (std::size_t pos = 0; pos < ulaw.size(); pos += 160) {
    std::string b64;
    ASSERT_TRUE(conv->convert_base64(to_base64(ulaw.data() + pos, 160), b64).ok());
    const auto pcm = as_pcm(from_base64(b64));
    out.insert(out.end(), pcm.begin(), pcm.end());
  }
  std::string tail;
  ASSERT_TRUE(conv->flush_base64(tail).ok());
  const auto pcm = as_pcm(from_base64(tail));
  out.insert(out.end(), pcm.begin(), pcm.end());
  ASSERT_EQ(out.size(), 16000u);  // 1 s at 16 kHz
  const std::span<const std::int16_t> steady(out.data() + 4000, 8000);
  EXPECT_NEAR(tone_amplitude(steady, 1000, 16000), 12000, 12000 * 0.06);
}

// Gemini output to an OpenAI telephony client: PCM16 24 kHz -> µ-law 8 kHz, then back to PCM.
TEST(AudioConverter, GeminiOutputToUlaw) {
  auto conv = AudioConverter::create(kGeminiOutput, kOpenAiUlaw);
  ASSERT_TRUE(conv.ok());
  const auto tone = sine(440, 8000, 24000, 24000);
  std::vector<std::uint8_t> codes;
  for (std::size_t pos = 0; pos < tone.size(); pos += 960) {  // 40 ms chunks
    auto got = conv->convert({reinterpret_cast<const std::uint8_t*>(tone.data() + pos), 1920});
    ASSERT_TRUE(got.ok());
    codes.insert(codes.end(), got->begin(), got->end());
  }
  auto tail = conv->flush();
  ASSERT_TRUE(tail.ok());
  codes.insert(codes.end(), tail->begin(), tail->end());
  ASSERT_EQ(codes.size(), 8000u);
  std::vector<std::int16_t> pcm(codes.size());
  ulaw_decode(codes, pcm);
  const std::span<const std::int16_t> steady(pcm.data() + 2000, 4000);
  EXPECT_NEAR(tone_amplitude(steady, 440, 8000), 8000, 8000 * 0.06);
}

TEST(AudioConverter, SameRateIsPureTranscoding) {
  auto conv = AudioConverter::create(kOpenAiAlaw, AudioFormat{AudioEncoding::kPcm16, 8000});
  ASSERT_TRUE(conv.ok());
  EXPECT_FALSE(conv->resamples());
  const std::uint8_t codes[] = {0xD5, 0x55, 0xAA, 0x2A, 0xFA};
  auto got = conv->convert(codes);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 10u);
  std::int16_t pcm[5];
  std::memcpy(pcm, got->data(), 10);
  EXPECT_EQ(pcm[0], 8);
  EXPECT_EQ(pcm[1], -8);
  EXPECT_EQ(pcm[2], 32256);
  EXPECT_EQ(pcm[3], -32256);
  EXPECT_EQ(pcm[4], 1008);
  EXPECT_EQ(conv->flush()->size(), 0u);
  EXPECT_EQ(conv->delay_ms(), 0.0);
}

TEST(AudioConverter, IdentityKeepsBytesAndNormalisesPadding) {
  auto conv = AudioConverter::create(kOpenAiPcm16, kOpenAiPcm16);
  ASSERT_TRUE(conv.ok());
  std::string out;
  ASSERT_TRUE(conv->convert_base64("AAECAwQF", out).ok());
  EXPECT_EQ(out, "AAECAwQF");
  out.clear();
  ASSERT_TRUE(conv->convert_base64("AAE", out, Base64Padding::kOptional).ok());
  EXPECT_EQ(out, "AAE=");
}

TEST(AudioConverter, OddPcmIsAnErrorAndLeavesTheStreamIntact) {
  auto conv = AudioConverter::create(kOpenAiPcm16, kGeminiInput);
  auto clean = AudioConverter::create(kOpenAiPcm16, kGeminiInput);
  ASSERT_TRUE(conv.ok());
  ASSERT_TRUE(clean.ok());
  const auto tone = sine(700, 6000, 24000, 960);
  const std::string good = to_base64(tone.data(), 1920);
  std::string a;
  std::string b;
  ASSERT_TRUE(conv->convert_base64(good, a).ok());
  ASSERT_TRUE(clean->convert_base64(good, b).ok());
  std::string out = "kept";
  auto odd = conv->convert_base64(to_base64(tone.data(), 1919), out);
  ASSERT_FALSE(odd.ok());
  EXPECT_TRUE(odd.error().is(AudioErrc::kOddPcmBytes));
  EXPECT_EQ(odd.error().offset, 1919u);
  EXPECT_EQ(out, "kept");
  auto odd_raw = conv->convert({reinterpret_cast<const std::uint8_t*>(tone.data()), 3});
  ASSERT_FALSE(odd_raw.ok());
  EXPECT_TRUE(odd_raw.error().is(AudioErrc::kOddPcmBytes));
  ASSERT_TRUE(conv->convert_base64(good, a).ok());
  ASSERT_TRUE(clean->convert_base64(good, b).ok());
  EXPECT_EQ(a, b);
}

TEST(AudioConverter, InvalidBase64IsReportedWithItsOffset) {
  auto conv = AudioConverter::create(kOpenAiUlaw, kGeminiInput);
  ASSERT_TRUE(conv.ok());
  std::string out;
  auto r = conv->convert_base64("AAAA$AAA", out);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(AudioErrc::kInvalidBase64Char));
  EXPECT_EQ(r.error().offset, 4u);
  EXPECT_TRUE(out.empty());
}

TEST(AudioConverter, ResetDropsHeldBackAudio) {
  auto conv = AudioConverter::create(kOpenAiPcm16, kOpenAiUlaw);
  ASSERT_TRUE(conv.ok());
  const auto tone = sine(700, 6000, 24000, 960);
  ASSERT_TRUE(conv->convert({reinterpret_cast<const std::uint8_t*>(tone.data()), 1920}).ok());
  EXPECT_GT(conv->delay_ms(), 0.0);
  conv->reset();
  EXPECT_EQ(conv->flush()->size(), 0u);
}

TEST(AudioConverter, RefusesUnsupportedRates) {
  auto r = AudioConverter::create(AudioFormat{AudioEncoding::kPcm16, 44000}, kGeminiInput);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(AudioErrc::kBadRate));
}

}  // namespace
}  // namespace sy::codec::audio
