// proto3-JSON value types the Gemini Live wire needs beyond what the reflected reader knows, with
// their json::Adapter:
//   InlineList<T, N>  a JSON array kept in N inline slots (spilling to a vector beyond), so that
//                     re-reading a message with a few parts into a reused struct never allocates
//   Int64             an int64, which proto3 JSON writes as a string ("42") and reads either way
//   Duration          a google.protobuf.Duration ("30s", "1.5s"), kept as milliseconds
//   Empty             an empty message ({}), e.g. activityStart or setupComplete
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "codec/json/read_value.h"
#include "codec/json/writer.h"

namespace sy::codec::gemini {

template <class T, std::size_t N>
class InlineList {
 public:
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  T& operator[](std::size_t i) { return i < N ? inline_[i] : spill_[i - N]; }
  const T& operator[](std::size_t i) const { return i < N ? inline_[i] : spill_[i - N]; }
  // Appends a default element and returns it (a fresh value: slots are reset on reuse).
  T& emplace_back() {
    std::size_t i = size_++;
    if (i < N) {
      inline_[i] = T{};
      return inline_[i];
    }
    return spill_.emplace_back();
  }
  void push_back(const T& v) { emplace_back() = v; }
  void clear() {
    size_ = 0;
    spill_.clear();
  }

 private:
  std::array<T, N> inline_{};
  std::vector<T> spill_;
  std::size_t size_ = 0;
};

struct Int64 {
  std::int64_t value = 0;
  friend bool operator==(const Int64&, const Int64&) = default;
};

struct Duration {
  std::uint64_t ms = 0;
  friend bool operator==(const Duration&, const Duration&) = default;
};

struct Empty {};

// "30s", "1.5s", "0.000000001s" -> milliseconds (sub-millisecond parts round down). False when the
// text is not a proto3 duration (negative durations are refused: none is meaningful here).
[[nodiscard]] bool parse_duration_ms(std::string_view text, std::uint64_t& ms) noexcept;
// Writes "Ns" or "N.mmms" into buf (at least 32 bytes) and returns the view.
std::string_view format_duration(std::uint64_t ms, char* buf) noexcept;

}  // namespace sy::codec::gemini

namespace sy::codec::json {

// A repeated field may be left out in proto3 JSON: an absent list reads as empty.
template <class T, std::size_t N>
inline constexpr bool is_required_v<gemini::InlineList<T, N>> = false;

template <class T, std::size_t N>
struct Adapter<gemini::InlineList<T, N>> {
  template <class Opts>
  static Status read(od::value& v, gemini::InlineList<T, N>& out, ReadContext& ctx) {
    od::array arr;
    if (auto e = v.get_array().get(arr)) return ctx.fail(e);
    if (++ctx.depth > Opts::max_depth) return ctx.fail(JsonErrc::too_deep, "JSON nested too deeply");
    out.clear();
    for (auto element : arr) {
      od::value item;
      if (auto e = element.get(item)) return ctx.fail(e);
      if (auto st = read_value<Opts>(item, out.emplace_back(), ctx); !st) return st;
    }
    --ctx.depth;
    return {};
  }
  template <class Opts>
  static void write(Writer& w, const gemini::InlineList<T, N>& v) {
    w.begin_array();
    for (std::size_t i = 0; i < v.size(); ++i) write_value<Opts>(w, v[i]);
    w.end_array();
  }
};

template <>
struct Adapter<gemini::Int64> {
  template <class Opts>
  static Status read(od::value& v, gemini::Int64& out, ReadContext& ctx) {
    // The reader's quoted-number rule already takes "42" and 42 alike.
    return read_integer<Options<typename Opts::naming, Opts::max_depth, true>>(v, out.value, ctx);
  }
  template <class Opts>
  static void write(Writer& w, const gemini::Int64& v) {
    char buf[24];
    char* end = buf + sizeof buf;
    char* p = end;
    std::uint64_t u = v.value < 0 ? 0 - static_cast<std::uint64_t>(v.value)
                                  : static_cast<std::uint64_t>(v.value);
    do {
      *--p = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    if (v.value < 0) *--p = '-';
    w.string(std::string_view(p, static_cast<std::size_t>(end - p)));
  }
};

template <>
struct Adapter<gemini::Duration> {
  template <class Opts>
  static Status read(od::value& v, gemini::Duration& out, ReadContext& ctx) {
    std::string_view s;
    if (auto st = read_string_view(v, s, ctx); !st) return st;
    if (!gemini::parse_duration_ms(s, out.ms)) {
      return ctx.fail(JsonErrc::wrong_type, "expected a duration such as \"30s\"");
    }
    return {};
  }
  template <class Opts>
  static void write(Writer& w, const gemini::Duration& v) {
    char buf[32];
    w.string(gemini::format_duration(v.ms, buf));
  }
};

template <>
struct Adapter<gemini::Empty> {
  template <class Opts>
  static Status read(od::value& v, gemini::Empty&, ReadContext& ctx) {
    od::object obj;
    if (auto e = v.get_object().get(obj)) {
      return e == simdjson::INCORRECT_TYPE ? ctx.fail(JsonErrc::not_object, "expected an object")
                                           : ctx.fail(e);
    }
    for (auto field : obj) {  // members are ignored (skipped), but must be well-formed
      if (auto e = field.error()) return ctx.fail(e);
    }
    return {};
  }
  template <class Opts>
  static void write(Writer& w, const gemini::Empty&) {
    w.begin_object();
    w.end_object();
  }
};

}  // namespace sy::codec::json
