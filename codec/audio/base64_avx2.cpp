// AVX2 base64 kernels: 32 characters <-> 24 bytes per step. Character classification and
// translation use nibble-indexed pshufb lookups; the 6-bit fields are packed with multiply-add
// instructions. Every function carries target("avx2") instead of the whole file being compiled
// with -mavx2, so no inline function shared with other files can pick up AVX2 code; callers check
// cpu_has_avx2() first.
#include <immintrin.h>

#include "codec/audio/base64_kernels.h"

namespace sy::codec::audio::base64_detail {
namespace {

#define SY_AVX2 __attribute__((target("avx2")))

// Validity: a character is in the alphabet iff lo_invalid[low nibble] & hi_class[high nibble] is 0.
// High nibbles fall into classes (bit 0: 0x2_, bit 1: 0x3_, bit 2: 0x4_/0x6_, bit 3: 0x5_/0x7_,
// bit 4: everything else); each low-nibble entry lists the classes in which it is NOT a letter of
// the alphabet ('+' = 0x2B, '/' = 0x2F, '0'-'9', 'A'-'Z', 'a'-'z').
SY_AVX2 inline __m256i lo_invalid_lut() {
  return _mm256_setr_epi8(0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1A,
                          0x1B, 0x1B, 0x1B, 0x1A, 0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                          0x11, 0x11, 0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A);
}
SY_AVX2 inline __m256i hi_class_lut() {
  return _mm256_setr_epi8(0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10,
                          0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08,
                          0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
}
// Offset added to a valid character to get its value, indexed by high nibble; '/' shares the
// high nibble of '+' and is moved to index 1 by adding its compare mask (-1).
SY_AVX2 inline __m256i roll_lut() {
  return _mm256_setr_epi8(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 19, 4,
                          -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
}

}  // namespace

SY_AVX2 std::size_t decode_quanta_avx2(const char* in, std::size_t quanta,
                                       std::uint8_t* out) noexcept {
  const __m256i lo_lut = lo_invalid_lut();
  const __m256i hi_lut = hi_class_lut();
  const __m256i roll = roll_lut();
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  const __m256i slash = _mm256_set1_epi8('/');
  // Per 128-bit lane: take bytes 2,1,0 of each 32-bit word (the 24 decoded bits, big-endian).
  const __m256i pack_bytes =
      _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1, 2, 1, 0, 6, 5, 4, 10,
                       9, 8, 14, 13, 12, -1, -1, -1, -1);
  const __m256i pack_lanes = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 7, 7);
  std::size_t q = 0;
  for (; q + 8 <= quanta; q += 8) {
    const __m256i text = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + q * 4));
    const __m256i hi = _mm256_and_si256(_mm256_srli_epi32(text, 4), nibble);
    const __m256i lo = _mm256_and_si256(text, nibble);
    const __m256i bad =
        _mm256_and_si256(_mm256_shuffle_epi8(lo_lut, lo), _mm256_shuffle_epi8(hi_lut, hi));
    if (!_mm256_testz_si256(bad, bad)) break;  // the scalar kernel pins down the quantum
    const __m256i idx = _mm256_add_epi8(hi, _mm256_cmpeq_epi8(text, slash));
    const __m256i values = _mm256_add_epi8(text, _mm256_shuffle_epi8(roll, idx));
    // [a b c d] -> 16-bit (a<<6|b), (c<<6|d) -> 32-bit (a<<18|b<<12|c<<6|d).
    const __m256i pairs = _mm256_maddubs_epi16(values, _mm256_set1_epi32(0x01400140));
    const __m256i words = _mm256_madd_epi16(pairs, _mm256_set1_epi32(0x00011000));
    const __m256i packed =
        _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(words, pack_bytes), pack_lanes);
    // Store exactly 24 bytes: the caller's buffer has no slack.
    std::uint8_t* dst = out + q * 3;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), _mm256_castsi256_si128(packed));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + 16), _mm256_extracti128_si256(packed, 1));
  }
  return q + decode_quanta_scalar(in + q * 4, quanta - q, out + q * 3);
}

SY_AVX2 void encode_avx2(const std::uint8_t* in, std::size_t n, char* out) noexcept {
  // Per lane, 12 input bytes as 4 groups [s0 s1 s2] -> 32-bit words with bytes [s1 s0 s2 s1], so
  // each 16-bit half holds two of the four 6-bit fields at known positions.
  const __m256i spread = _mm256_setr_epi8(1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10, 1, 0,
                                          2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10);
  // Offset from a 6-bit value to its character, by class: 0 = 26..51, 1..10 = 52..61,
  // 11 = 62 ('+'), 12 = 63 ('/'), 13 = 0..25.
  const __m256i offsets =
      _mm256_setr_epi8(71, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -19, -16, 65, 0, 0, 71, -4, -4,
                       -4, -4, -4, -4, -4, -4, -4, -4, -19, -16, 65, 0, 0);
  std::size_t i = 0;
  // Each step reads bytes [i, i+28): two 16-byte loads at i and i+12 of which 24 bytes are used.
  for (; i + 28 <= n; i += 24, out += 32) {
    const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
    const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i + 12));
    const __m256i src = _mm256_shuffle_epi8(_mm256_setr_m128i(lo, hi), spread);
    // Fields a (bits 15..10 of the low half) and c (bits 11..6 of the high half) -> bytes 0, 2.
    const __m256i ac = _mm256_mulhi_epu16(_mm256_and_si256(src, _mm256_set1_epi32(0x0FC0FC00)),
                                          _mm256_set1_epi32(0x04000040));
    // Fields b (bits 9..4 of the low half) and d (bits 5..0 of the high half) -> bytes 1, 3.
    const __m256i bd = _mm256_mullo_epi16(_mm256_and_si256(src, _mm256_set1_epi32(0x003F03F0)),
                                          _mm256_set1_epi32(0x01000010));
    const __m256i values = _mm256_or_si256(ac, bd);
    __m256i cls = _mm256_subs_epu8(values, _mm256_set1_epi8(51));
    const __m256i upper = _mm256_cmpgt_epi8(_mm256_set1_epi8(26), values);
    cls = _mm256_or_si256(cls, _mm256_and_si256(upper, _mm256_set1_epi8(13)));
    const __m256i chars = _mm256_add_epi8(values, _mm256_shuffle_epi8(offsets, cls));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), chars);
  }
  encode_scalar(in + i, n - i, out);
}

#undef SY_AVX2

}  // namespace sy::codec::audio::base64_detail
