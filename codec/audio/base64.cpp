// Base64 front end: sizes, validation of the final quantum, kernel dispatch, and the scalar
// kernels (four pre-shifted lookup tables per decoded quantum, a 12-bit pair table for encoding).
#include "codec/audio/base64.h"

#include <array>

#include "codec/audio/audio_error.h"
#include "codec/audio/base64_kernels.h"

namespace sy::codec::audio {
namespace base64_detail {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr int alphabet_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Bit 24 marks an invalid character: OR-ing the four lookups keeps it, so one test per quantum
// validates all four characters.
constexpr std::uint32_t kInvalid = 0x01000000u;

constexpr std::array<std::uint32_t, 256> make_decode_table(int shift) {
  std::array<std::uint32_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const int v = alphabet_value(static_cast<unsigned char>(c));
    t[c] = v < 0 ? kInvalid : static_cast<std::uint32_t>(v) << shift;
  }
  return t;
}

constexpr auto kDec0 = make_decode_table(18);
constexpr auto kDec1 = make_decode_table(12);
constexpr auto kDec2 = make_decode_table(6);
constexpr auto kDec3 = make_decode_table(0);

// 12 input bits -> two output characters, so a 3-byte group costs two lookups.
constexpr std::array<std::array<char, 2>, 4096> make_pair_table() {
  std::array<std::array<char, 2>, 4096> t{};
  for (int i = 0; i < 4096; ++i) t[i] = {kAlphabet[i >> 6], kAlphabet[i & 63]};
  return t;
}
constexpr auto kPairs = make_pair_table();

}  // namespace

int decode_char(char c) noexcept {
  return alphabet_value(static_cast<unsigned char>(c));
}

std::size_t decode_quanta_scalar(const char* in, std::size_t quanta, std::uint8_t* out) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(in);
  for (std::size_t q = 0; q < quanta; ++q, p += 4, out += 3) {
    const std::uint32_t v = kDec0[p[0]] | kDec1[p[1]] | kDec2[p[2]] | kDec3[p[3]];
    if (v & 0xFF000000u) return q;
    out[0] = static_cast<std::uint8_t>(v >> 16);
    out[1] = static_cast<std::uint8_t>(v >> 8);
    out[2] = static_cast<std::uint8_t>(v);
  }
  return quanta;
}

void encode_scalar(const std::uint8_t* in, std::size_t n, char* out) noexcept {
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3, out += 4) {
    const std::uint32_t v =
        (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) | in[i + 2];
    const auto& hi = kPairs[v >> 12];
    const auto& lo = kPairs[v & 0xFFF];
    out[0] = hi[0];
    out[1] = hi[1];
    out[2] = lo[0];
    out[3] = lo[1];
  }
  if (n - i == 1) {
    const std::uint32_t v = std::uint32_t{in[i]} << 16;
    out[0] = kAlphabet[v >> 18];
    out[1] = kAlphabet[(v >> 12) & 63];
    out[2] = '=';
    out[3] = '=';
  } else if (n - i == 2) {
    const std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8);
    out[0] = kAlphabet[v >> 18];
    out[1] = kAlphabet[(v >> 12) & 63];
    out[2] = kAlphabet[(v >> 6) & 63];
    out[3] = '=';
  }
}

bool cpu_has_avx2() noexcept {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return has;
}

}  // namespace base64_detail

namespace {

using namespace base64_detail;

// Decodes the final 2..4 characters (the only place '=' may appear). `at` is their offset.
Result<std::size_t> decode_tail(const char* p, std::size_t len, std::size_t at, std::uint8_t* out,
                                Base64Padding padding) noexcept {
  std::size_t data = len;  // characters before the first '='
  for (std::size_t k = 0; k < len; ++k) {
    if (p[k] == '=') {
      data = k;
      break;
    }
  }
  // '=' only as the third and/or fourth character of a full quantum, and only '=' after it.
  if (data < len) {
    if (len != 4 || data < 2)
      return make_error(AudioErrc::kBadBase64Padding, "base64 padding misplaced",
                        static_cast<std::uint32_t>(at + data));
    for (std::size_t k = data; k < len; ++k) {
      if (p[k] != '=')
        return make_error(AudioErrc::kBadBase64Padding, "base64 data after padding",
                          static_cast<std::uint32_t>(at + k));
    }
  } else if (len < 4 && padding == Base64Padding::kRequired) {
    return make_error(AudioErrc::kBadBase64Length, "base64 length not a multiple of 4",
                      static_cast<std::uint32_t>(at + len));
  }
  if (data < 2)
    return make_error(AudioErrc::kBadBase64Length, "base64 ends with a lone character",
                      static_cast<std::uint32_t>(at));
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < data; ++k) {
    const int d = decode_char(p[k]);
    if (d < 0)
      return make_error(AudioErrc::kInvalidBase64Char, "invalid base64 character",
                        static_cast<std::uint32_t>(at + k));
    v |= static_cast<std::uint32_t>(d) << (18 - 6 * k);
  }
  const std::size_t bytes = data - 1;  // 2 chars -> 1 byte, 3 -> 2, 4 -> 3
  // Bits below the last whole byte must be zero, else two encodings would decode alike.
  const std::uint32_t unused_mask = (1u << (24 - 8 * bytes)) - 1;
  if (v & unused_mask)
    return make_error(AudioErrc::kBadBase64Padding, "base64 trailing bits not zero",
                      static_cast<std::uint32_t>(at + data - 1));
  for (std::size_t k = 0; k < bytes; ++k) out[k] = static_cast<std::uint8_t>(v >> (16 - 8 * k));
  return bytes;
}

}  // namespace

std::size_t base64_decoded_size(std::string_view text) noexcept {
  const std::size_t n = text.size();
  const std::size_t rem = n % 4;
  if (rem != 0) return n / 4 * 3 + (rem >= 2 ? rem - 1 : 0);
  if (n == 0) return 0;
  std::size_t pad = 0;
  if (text[n - 1] == '=') pad = text[n - 2] == '=' ? 2 : 1;
  return n / 4 * 3 - pad;
}

std::size_t base64_encode(std::span<const std::uint8_t> in, char* out) noexcept {
  if (cpu_has_avx2()) {
    encode_avx2(in.data(), in.size(), out);
  } else {
    encode_scalar(in.data(), in.size(), out);
  }
  return base64_encoded_size(in.size());
}

void base64_encode_append(std::span<const std::uint8_t> in, std::string& out) {
  const std::size_t old = out.size();
  out.resize(old + base64_encoded_size(in.size()));
  base64_encode(in, out.data() + old);
}

Result<std::size_t> base64_decode(std::string_view in, std::span<std::uint8_t> out,
                                  Base64Padding padding) noexcept {
  const std::size_t n = in.size();
  if (out.size() < base64_decoded_size(in))
    return make_error(AudioErrc::kOutputTooSmall, "base64 output buffer too small");
  if (n == 0) return std::size_t{0};
  if (padding == Base64Padding::kRequired && n % 4 != 0)
    return make_error(AudioErrc::kBadBase64Length, "base64 length not a multiple of 4",
                      static_cast<std::uint32_t>(n));
  // Everything before the final 1..4 characters is whole quanta without padding.
  const std::size_t tail_len = n % 4 == 0 ? 4 : n % 4;
  const std::size_t body_quanta = (n - tail_len) / 4;
  const std::size_t done = cpu_has_avx2()
                               ? decode_quanta_avx2(in.data(), body_quanta, out.data())
                               : decode_quanta_scalar(in.data(), body_quanta, out.data());
  if (done < body_quanta) {
    const std::size_t at = done * 4;
    for (std::size_t k = at; k < at + 4; ++k) {
      if (in[k] == '=')
        return make_error(AudioErrc::kBadBase64Padding, "base64 padding before the end",
                          static_cast<std::uint32_t>(k));
      if (decode_char(in[k]) < 0)
        return make_error(AudioErrc::kInvalidBase64Char, "invalid base64 character",
                          static_cast<std::uint32_t>(k));
    }
    // Unreachable: a kernel stops only at a quantum holding a byte outside the alphabet.
    return make_error(AudioErrc::kInvalidBase64Char, "invalid base64 character",
                      static_cast<std::uint32_t>(at));
  }
  auto tail = decode_tail(in.data() + n - tail_len, tail_len, n - tail_len,
                          out.data() + body_quanta * 3, padding);
  if (!tail) return tail.error();
  return body_quanta * 3 + *tail;
}

const char* base64_kernel_name() noexcept {
  return cpu_has_avx2() ? "avx2" : "scalar";
}

}  // namespace sy::codec::audio
