#include "codec/json/writer.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace sy::codec::json {

namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

constexpr std::uint64_t has_zero(std::uint64_t x) { return (x - kOnes) & ~x & kHighs; }

// Nonzero iff some byte of w must be escaped: below 0x20, '"' or '\\'.
constexpr std::uint64_t needs_escape(std::uint64_t w) {
  return ((w - kOnes * 0x20) & ~w & kHighs) | has_zero(w ^ (kOnes * '"')) |
         has_zero(w ^ (kOnes * '\\'));
}

constexpr bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

constexpr char kHex[] = "0123456789abcdef";

// Length of the prefix of [p, p+n) that needs no escaping, 8 bytes at a time.
std::size_t clean_prefix(const char* p, std::size_t n) {
  std::size_t i = 0;
  while (i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (needs_escape(w)) break;
    i += 8;
  }
  while (i < n && !needs_escape(static_cast<unsigned char>(p[i]))) ++i;
  return i;
}

}  // namespace

void Writer::append_escaped(std::string_view s) {
  buf_.push_back('"');
  const char* p = s.data();
  std::size_t n = s.size();
  while (n > 0) {
    std::size_t clean = clean_prefix(p, n);
    buf_.append(p, clean);
    p += clean;
    n -= clean;
    if (n == 0) break;
    auto c = static_cast<unsigned char>(*p);
    switch (c) {
      case '"': buf_.append("\\\"", 2); break;
      case '\\': buf_.append("\\\\", 2); break;
      case '\n': buf_.append("\\n", 2); break;
      case '\r': buf_.append("\\r", 2); break;
      case '\t': buf_.append("\\t", 2); break;
      case '\b': buf_.append("\\b", 2); break;
      case '\f': buf_.append("\\f", 2); break;
      default: {
        char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        buf_.append(esc, 6);
      }
    }
    ++p;
    --n;
  }
  buf_.push_back('"');
}

void Writer::integer(std::int64_t v) {
  separate();
  char tmp[24];
  auto r = std::to_chars(tmp, tmp + sizeof(tmp), v);
  buf_.append(tmp, static_cast<std::size_t>(r.ptr - tmp));
}

void Writer::unsigned_integer(std::uint64_t v) {
  separate();
  char tmp[24];
  auto r = std::to_chars(tmp, tmp + sizeof(tmp), v);
  buf_.append(tmp, static_cast<std::size_t>(r.ptr - tmp));
}

void Writer::number(double v) {
  if (!std::isfinite(v)) {
    null();
    return;
  }
  separate();
  char tmp[32];
  // Shortest round-trip form; exponent notation only where it is shorter ("1e+300").
  auto r = std::to_chars(tmp, tmp + sizeof(tmp), v);
  buf_.append(tmp, static_cast<std::size_t>(r.ptr - tmp));
}

}  // namespace sy::codec::json
