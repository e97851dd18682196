// Tables are built at compile time from the G.191 reference formulas: 256 entries to expand, and
// to compress one entry per distinct input (µ-law depends only on a sample's top 14 bits, A-law on
// its top 12), 16 KiB and 4 KiB, small enough to stay in cache during a chunk.
#include "codec/audio/g711.h"

#include <array>
#include <cassert>

namespace sy::codec::audio {
namespace {

constexpr std::int16_t ulaw_expand(std::uint8_t code) {
  const int sign = code < 0x80 ? -1 : 1;
  const int inv = static_cast<std::uint8_t>(~code);
  const int exponent = (inv >> 4) & 0x07;
  const int mantissa = inv & 0x0F;
  const int step = 4 << (exponent + 1);
  return static_cast<std::int16_t>(sign *
                                   ((0x80 << exponent) + step * mantissa + step / 2 - 4 * 33));
}

constexpr std::int16_t alaw_expand(std::uint8_t code) {
  const int ix = (code ^ 0x55) & 0x7F;
  const int exponent = ix >> 4;
  int mant = ix & 0x0F;
  if (exponent > 0) mant += 16;
  mant = (mant << 4) + 8;
  if (exponent > 1) mant <<= exponent - 1;
  return static_cast<std::int16_t>(code > 127 ? mant : -mant);
}

constexpr std::uint8_t ulaw_compress(int sample) {
  // Negative samples are folded by one's complement, as in G.191, so the two signs are symmetric.
  int abs14 = (sample < 0 ? ~sample : sample) >> 2;
  abs14 += 33;
  if (abs14 > 0x1FFF) abs14 = 0x1FFF;
  int segment = 1;
  for (int i = abs14 >> 6; i != 0; i >>= 1) ++segment;
  const int high = 8 - segment;
  const int low = 0x0F - ((abs14 >> segment) & 0x0F);
  int out = (high << 4) | low;
  if (sample >= 0) out |= 0x80;
  return static_cast<std::uint8_t>(out);
}

constexpr std::uint8_t alaw_compress(int sample) {
  int ix = (sample < 0 ? ~sample : sample) >> 4;
  if (ix > 15) {
    int exponent = 1;
    while (ix > 16 + 15) {
      ix >>= 1;
      ++exponent;
    }
    ix -= 16;
    ix += exponent << 4;
  }
  if (sample >= 0) ix |= 0x80;
  return static_cast<std::uint8_t>(ix ^ 0x55);
}

template <class F>
constexpr std::array<std::int16_t, 256> make_expand_table(F f) {
  std::array<std::int16_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = f(static_cast<std::uint8_t>(c));
  return t;
}

// Index = the sample's top `bits` bits as an unsigned pattern; the compress formulas depend on
// nothing below them, so any sample with those bits is a representative.
template <int kBits, class F>
constexpr std::array<std::uint8_t, (1u << kBits)> make_compress_table(F f) {
  std::array<std::uint8_t, (1u << kBits)> t{};
  for (unsigned i = 0; i < (1u << kBits); ++i) {
    const auto sample = static_cast<std::int16_t>(static_cast<std::uint16_t>(i << (16 - kBits)));
    t[i] = f(sample);
  }
  return t;
}

constexpr auto kUlawToPcm = make_expand_table(ulaw_expand);
constexpr auto kAlawToPcm = make_expand_table(alaw_expand);
constexpr auto kPcmToUlaw = make_compress_table<14>(ulaw_compress);
constexpr auto kPcmToAlaw = make_compress_table<12>(alaw_compress);

inline std::uint16_t bits_of(std::int16_t s) {
  return static_cast<std::uint16_t>(s);
}

}  // namespace

std::int16_t ulaw_to_pcm16(std::uint8_t code) noexcept {
  return kUlawToPcm[code];
}
std::int16_t alaw_to_pcm16(std::uint8_t code) noexcept {
  return kAlawToPcm[code];
}
std::uint8_t pcm16_to_ulaw(std::int16_t sample) noexcept {
  return kPcmToUlaw[bits_of(sample) >> 2];
}
std::uint8_t pcm16_to_alaw(std::int16_t sample) noexcept {
  return kPcmToAlaw[bits_of(sample) >> 4];
}

std::size_t ulaw_decode(std::span<const std::uint8_t> in, std::span<std::int16_t> out) noexcept {
  assert(out.size() >= in.size());
  for (std::size_t i = 0; i < in.size(); ++i) out[i] = kUlawToPcm[in[i]];
  return in.size();
}

std::size_t alaw_decode(std::span<const std::uint8_t> in, std::span<std::int16_t> out) noexcept {
  assert(out.size() >= in.size());
  for (std::size_t i = 0; i < in.size(); ++i) out[i] = kAlawToPcm[in[i]];
  return in.size();
}

std::size_t ulaw_encode(std::span<const std::int16_t> in, std::span<std::uint8_t> out) noexcept {
  assert(out.size() >= in.size());
  for (std::size_t i = 0; i < in.size(); ++i) out[i] = kPcmToUlaw[bits_of(in[i]) >> 2];
  return in.size();
}

std::size_t alaw_encode(std::span<const std::int16_t> in, std::span<std::uint8_t> out) noexcept {
  assert(out.size() >= in.size());
  for (std::size_t i = 0; i < in.size(); ++i) out[i] = kPcmToAlaw[bits_of(in[i]) >> 4];
  return in.size();
}

}  // namespace sy::codec::audio
