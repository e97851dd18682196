#include "codec/gemini/proto_types.h"

#include <cstring>

namespace sy::codec::gemini {

bool parse_duration_ms(std::string_view text, std::uint64_t& ms) noexcept {
  if (text.size() < 2 || text.back() != 's') return false;
  text.remove_suffix(1);
  std::uint64_t seconds = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (seconds > 315576000000ULL) return false;  // proto3's limit: 10,000 years
    seconds = seconds * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  if (i == 0) return false;
  std::uint64_t millis = 0;
  if (i < text.size()) {
    if (text[i] != '.') return false;
    std::size_t digits = 0;
    for (++i; i < text.size(); ++i, ++digits) {
      if (text[i] < '0' || text[i] > '9' || digits >= 9) return false;
      if (digits < 3) millis = millis * 10 + static_cast<std::uint64_t>(text[i] - '0');
    }
    if (digits == 0) return false;
    for (std::size_t d = digits; d < 3; ++d) millis *= 10;
  }
  ms = seconds * 1000 + millis;
  return true;
}

std::string_view format_duration(std::uint64_t ms, char* buf) noexcept {
  char digits[24];
  std::size_t n = 0;
  std::uint64_t s = ms / 1000;
  do {
    digits[n++] = static_cast<char>('0' + s % 10);
    s /= 10;
  } while (s != 0);
  std::size_t len = 0;
  while (n > 0) buf[len++] = digits[--n];
  if (std::uint64_t frac = ms % 1000; frac != 0) {
    buf[len++] = '.';
    buf[len++] = static_cast<char>('0' + frac / 100);
    buf[len++] = static_cast<char>('0' + frac / 10 % 10);
    buf[len++] = static_cast<char>('0' + frac % 10);
  }
  buf[len++] = 's';
  return {buf, len};
}

}  // namespace sy::codec::gemini
