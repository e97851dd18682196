#include "codec/audio/base64.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "codec/audio/audio_error.h"
#include "codec/audio/base64_kernels.h"

namespace sy::codec::audio {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string encode(std::string_view raw) {
  std::string out;
  base64_encode_append(bytes_of(raw), out);
  return out;
}

Result<std::string> decode(std::string_view text,
                           Base64Padding padding = Base64Padding::kRequired) {
  std::vector<std::uint8_t> buf(base64_decoded_size(text));
  auto n = base64_decode(text, buf, padding);
  if (!n) return n.error();
  return std::string(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
}

std::vector<std::uint8_t> random_bytes(std::mt19937& rng, std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) b = static_cast<std::uint8_t>(rng());
  return v;
}

void expect_error(std::string_view text, AudioErrc code, std::uint32_t offset,
                  Base64Padding padding = Base64Padding::kRequired) {
  auto r = decode(text, padding);
  ASSERT_FALSE(r.ok()) << "accepted: " << text;
  EXPECT_TRUE(r.error().is(code)) << text << " gave code " << r.error().code;
  EXPECT_EQ(r.error().offset, offset) << text;
}

TEST(Base64, Rfc4648Vectors) {
  const std::pair<std::string_view, std::string_view> vectors[] = {{"", ""},
                                                                   {"f", "Zg=="},
                                                                   {"fo", "Zm8="},
                                                                   {"foo", "Zm9v"},
                                                                   {"foob", "Zm9vYg=="},
                                                                   {"fooba", "Zm9vYmE="},
                                                                   {"foobar", "Zm9vYmFy"}};
  for (const auto& [raw, text] : vectors) {
    EXPECT_EQ(encode(raw), text);
    EXPECT_EQ(base64_encoded_size(raw.size()), text.size());
    EXPECT_EQ(base64_decoded_size(text), raw.size());
    auto r = decode(text);
    ASSERT_TRUE(r.ok()) << text;
    EXPECT_EQ(*r, raw);
  }
}

TEST(Base64, EncodeAppendKeepsPrefix) {
  std::string out = "prefix:";
  base64_encode_append(bytes_of("foobar"), out);
  EXPECT_EQ(out, "prefix:Zm9vYmFy");
}

TEST(Base64, RoundTripEveryLengthUpTo300AndLarge) {
  std::mt19937 rng(7);
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 300; ++n) lengths.push_back(n);
  lengths.push_back(4800);  // 100 ms of PCM16 24 kHz
  lengths.push_back(1 << 20);
  for (std::size_t n : lengths) {
    const auto raw = random_bytes(rng, n);
    std::string text(base64_encoded_size(n), '\0');
    ASSERT_EQ(base64_encode(raw, text.data()), text.size());
    std::vector<std::uint8_t> back(base64_decoded_size(text));
    ASSERT_EQ(back.size(), n);
    auto got = base64_decode(text, back);
    ASSERT_TRUE(got.ok()) << n;
    EXPECT_EQ(*got, n);
    EXPECT_EQ(back, raw) << n;
  }
}

// The AVX2 and scalar kernels must agree byte for byte, whatever the CPU picks.
TEST(Base64, KernelsAgree) {
  if (!base64_detail::cpu_has_avx2()) GTEST_SKIP() << "no AVX2 on this CPU";
  std::mt19937 rng(11);
  for (std::size_t n = 0; n < 400; ++n) {
    const auto raw = random_bytes(rng, n);
    std::string a(base64_encoded_size(n), '\0');
    std::string b(base64_encoded_size(n), '\0');
    base64_detail::encode_scalar(raw.data(), n, a.data());
    base64_detail::encode_avx2(raw.data(), n, b.data());
    ASSERT_EQ(a, b) << n;
    const std::size_t quanta = a.size() / 4;
    std::vector<std::uint8_t> da(quanta * 3), db(quanta * 3);
    // The last quantum may hold '=', which kernels reject: give them the padding-free part.
    const std::size_t whole = n % 3 == 0 ? quanta : quanta - 1;
    EXPECT_EQ(base64_detail::decode_quanta_scalar(a.data(), whole, da.data()), whole);
    EXPECT_EQ(base64_detail::decode_quanta_avx2(a.data(), whole, db.data()), whole);
    EXPECT_EQ(da, db) << n;
  }
}

// Every byte value at every position of two 32-character vector blocks: accepted exactly when it
// belongs to the alphabet, else reported at its own offset.
TEST(Base64, EveryByteAtEveryPosition) {
  std::string base(96, 'A');
  for (std::size_t i = 0; i < base.size(); ++i) base[i] = kAlphabet[(i * 7) % 64];
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    const bool valid = kAlphabet.find(ch) != std::string_view::npos;
    for (std::size_t pos = 0; pos < 92; ++pos) {
      std::string text = base;
      text[pos] = ch;
      auto r = decode(text);
      if (valid) {
        ASSERT_TRUE(r.ok()) << c << "@" << pos;
        continue;
      }
      ASSERT_FALSE(r.ok()) << c << "@" << pos;
      const AudioErrc want =
          ch == '=' ? AudioErrc::kBadBase64Padding : AudioErrc::kInvalidBase64Char;
      ASSERT_TRUE(r.error().is(want)) << c << "@" << pos;
      ASSERT_EQ(r.error().offset, pos) << c << "@" << pos;
    }
  }
}

TEST(Base64, FirstOfSeveralBadBytesIsReported) {
  std::string text(4000, 'Q');
  text[2000] = '*';
  text[1500] = '\n';
  text[3999] = '!';
  expect_error(text, AudioErrc::kInvalidBase64Char, 1500);
}

TEST(Base64, RejectsWhitespaceAndUrlAlphabet) {
  expect_error("Zm9v\nYmFy", AudioErrc::kBadBase64Length, 9);
  expect_error("Zm9v YmF", AudioErrc::kInvalidBase64Char, 4);
  expect_error("Zm9-YmFy", AudioErrc::kInvalidBase64Char, 3);
  expect_error("Zm9_YmFy", AudioErrc::kInvalidBase64Char, 3);
  expect_error("Zm9vYmF\xC3", AudioErrc::kInvalidBase64Char, 7);
}

TEST(Base64, RejectsBadPadding) {
  expect_error("Zg=", AudioErrc::kBadBase64Length, 3);
  expect_error("Zg", AudioErrc::kBadBase64Length, 2);
  expect_error("Z===", AudioErrc::kBadBase64Padding, 1);
  expect_error("====", AudioErrc::kBadBase64Padding, 0);
  expect_error("Zg=a", AudioErrc::kBadBase64Padding, 3);
  expect_error("Zm8=Zm8=", AudioErrc::kBadBase64Padding, 3);
  expect_error("Zg==Zg==", AudioErrc::kBadBase64Padding, 2);
  // Non-zero bits under the padding: "Zh==" and "Zm9=" are not what any encoder writes.
  expect_error("Zh==", AudioErrc::kBadBase64Padding, 1);
  expect_error("Zm9=", AudioErrc::kBadBase64Padding, 2);
}

TEST(Base64, OptionalPaddingAcceptsUnpaddedTailOnly) {
  const auto opt = Base64Padding::kOptional;
  EXPECT_EQ(base64_decoded_size("Zm9vYg"), 4u);
  EXPECT_EQ(*decode("Zm9vYg", opt), "foob");
  EXPECT_EQ(*decode("Zm9vYmE", opt), "fooba");
  EXPECT_EQ(*decode("Zm9vYg==", opt), "foob");  // padded input stays fine
  expect_error("Zm9vY", AudioErrc::kBadBase64Length, 4, opt);
  expect_error("Zm9vYg=", AudioErrc::kBadBase64Padding, 6, opt);
  expect_error("Zm9vYh", AudioErrc::kBadBase64Padding, 5, opt);
  expect_error("Zm9v!g", AudioErrc::kInvalidBase64Char, 4, opt);
}

TEST(Base64, ShortOutputBufferIsRefusedUpFront) {
  std::vector<std::uint8_t> buf(5, 0xAA);
  auto r = base64_decode("Zm9vYmFy", buf);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(AudioErrc::kOutputTooSmall));
  EXPECT_EQ(buf, std::vector<std::uint8_t>(5, 0xAA));
}

TEST(Base64, DecodedSizeBoundsMalformedInput) {
  // Whatever the input, decode never needs more room than base64_decoded_size reports.
  std::mt19937 rng(3);
  const std::string_view pool = "AQgw+/=!Zz9";
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text(rng() % 80, 'A');
    for (auto& ch : text) ch = pool[rng() % pool.size()];
    std::vector<std::uint8_t> buf(base64_decoded_size(text));
    auto r =
        base64_decode(text, buf, iter % 2 ? Base64Padding::kOptional : Base64Padding::kRequired);
    if (r.ok()) {
      EXPECT_EQ(*r, buf.size()) << text;
    } else {
      EXPECT_LE(r.error().offset, text.size()) << text;
    }
  }
}

}  // namespace
}  // namespace sy::codec::audio
