// Compile-time options of the JSON reader and writer: how member names become JSON keys, how deep
// a document may nest, whether numbers may arrive quoted. Options are types, so the generated
// code carries no runtime branch for them.
//
//   json::OpenAiOptions  keys exactly as declared (snake_case), numbers unquoted.
//   json::ProtoOptions   proto3 JSON (Gemini): the reader accepts camelCase AND snake_case for every
//                        member declared in snake_case, the writer emits camelCase, and integers may
//                        arrive as strings ("123").
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace sy::codec::json {

// A name computed at compile time, stored inline so a view of it has static storage.
template <std::size_t N>
struct FixedName {
  std::array<char, N + 1> chars{};
  std::size_t size = 0;
  [[nodiscard]] constexpr std::string_view view() const { return {chars.data(), size}; }
};

constexpr std::size_t name_length(const char* s) {
  std::size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

// The key of a member as declared, minus a trailing '_' so members can be named after C++
// keywords (`default_` is the key "default").
template <std::size_t N>
constexpr FixedName<N> declared_key(const char* s) {
  FixedName<N> out;
  std::size_t n = N;
  if (n > 0 && s[n - 1] == '_') --n;
  for (std::size_t i = 0; i < n; ++i) out.chars[i] = s[i];
  out.size = n;
  return out;
}

// snake_case → lowerCamelCase ("generation_config" → "generationConfig"); a trailing '_' is
// dropped first as above.
template <std::size_t N>
constexpr FixedName<N> camel_key(const char* s) {
  FixedName<N> out;
  std::size_t n = N;
  if (n > 0 && s[n - 1] == '_') --n;
  bool upper = false;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[i];
    if (c == '_' && out.size > 0) {
      upper = true;
      continue;
    }
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    upper = false;
    out.chars[out.size++] = c;
  }
  return out;
}

// The JSON name of a described enumerator (static storage, so views of it may be kept).
template <class D>
inline constexpr auto enumerator_key = declared_key<name_length(D::name)>(D::name);

// Naming policies. `read_key<D>()`/`alt_key<D>()` are the keys the reader accepts for the member
// described by D (alt may equal read, then it is not tried twice); `write_key<D>()` is what the
// writer emits.
struct AsDeclared {
  template <class D>
  static constexpr auto key = declared_key<name_length(D::name)>(D::name);
  template <class D>
  static constexpr std::string_view read_key() { return key<D>.view(); }
  template <class D>
  static constexpr std::string_view alt_key() { return key<D>.view(); }
  template <class D>
  static constexpr std::string_view write_key() { return key<D>.view(); }
};

struct CamelAndSnake {
  template <class D>
  static constexpr auto snake = declared_key<name_length(D::name)>(D::name);
  template <class D>
  static constexpr auto camel = camel_key<name_length(D::name)>(D::name);
  template <class D>
  static constexpr std::string_view read_key() { return camel<D>.view(); }
  template <class D>
  static constexpr std::string_view alt_key() { return snake<D>.view(); }
  template <class D>
  static constexpr std::string_view write_key() { return camel<D>.view(); }
};

// MaxDepth counts objects and arrays the reflected reader descends into; values captured as
// RawJson or skipped as unknown are walked by simdjson without recursion.
template <class Naming = AsDeclared, unsigned MaxDepth = 32, bool QuotedNumbers = false>
struct Options {
  using naming = Naming;
  static constexpr unsigned max_depth = MaxDepth;
  static constexpr bool quoted_numbers = QuotedNumbers;
};

using OpenAiOptions = Options<AsDeclared, 32, false>;
using ProtoOptions = Options<CamelAndSnake, 32, true>;

}  // namespace sy::codec::json
