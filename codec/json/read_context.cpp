#include "codec/json/read_context.h"

#include <cstring>

namespace sy::codec::json {

Error ReadContext::fail(simdjson::error_code code) {
  using simdjson::error_code;
  switch (code) {
    case error_code::INCORRECT_TYPE:
      return fail(JsonErrc::wrong_type, "wrong JSON type");
    case error_code::NUMBER_OUT_OF_RANGE:
      return fail(JsonErrc::number_out_of_range, "number out of range");
    case error_code::NUMBER_ERROR:
      return fail(JsonErrc::number_out_of_range, "invalid or unrepresentable number");
    case error_code::UTF8_ERROR:
      return fail(JsonErrc::invalid_utf8, "string is not valid UTF-8");
    case error_code::STRING_ERROR:
    case error_code::UNESCAPED_CHARS:
    case error_code::UNCLOSED_STRING:
      return fail(JsonErrc::invalid_string, "invalid string (escape or control character)");
    case error_code::DEPTH_ERROR:
      return fail(JsonErrc::too_deep, "JSON nested too deeply");
    case error_code::CAPACITY:
      return fail(JsonErrc::too_large, "JSON document too large");
    case error_code::EMPTY:
      return fail(JsonErrc::empty, "empty JSON document");
    case error_code::TRAILING_CONTENT:
      return fail(JsonErrc::trailing_content, "content after the JSON value");
    default:
      return fail(JsonErrc::malformed, "malformed JSON");
  }
}

std::string_view ReadContext::format_path(std::span<char> out) const {
  std::size_t n = 0;
  for (unsigned i = path_len; i-- > 0;) {
    std::string_view name = path[i];
    std::size_t need = name.size() + (n > 0 ? 1 : 0);
    if (n + need > out.size()) break;
    if (n > 0) out[n++] = '.';
    std::memcpy(out.data() + n, name.data(), name.size());
    n += name.size();
  }
  return {out.data(), n};
}

namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

// Nonzero iff some byte of x is zero / below n (n <= 128): the classic SWAR tests.
constexpr std::uint64_t has_zero(std::uint64_t x) { return (x - kOnes) & ~x & kHighs; }
constexpr std::uint64_t has_less(std::uint64_t x, std::uint8_t n) {
  return (x - kOnes * n) & ~x & kHighs;
}

}  // namespace

bool is_plain_string(std::string_view s) noexcept {
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    if (has_less(w, 0x20) | has_zero(w ^ (kOnes * '\\'))) return false;
    p += 8;
    n -= 8;
  }
  for (; n > 0; --n, ++p) {
    auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c == '\\') return false;
  }
  return true;
}

}  // namespace sy::codec::json
