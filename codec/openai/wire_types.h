// Small OpenAI wire types that have more than one JSON shape, with their json::Adapter:
//   StringOr<T>  a string (beta "pcm16", tool_choice "auto") or an object (GA {type, rate},
//                {type:"function", name})
//   TokenLimit   an integer or the string "inf"
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "codec/json/read_value.h"
#include "codec/json/writer.h"

namespace sy::codec::openai {

template <class T>
struct StringOr {
  bool is_string = false;
  std::string_view str;
  T obj{};
};

struct TokenLimit {
  bool infinite = true;
  std::uint32_t count = 0;
};

}  // namespace sy::codec::openai

namespace sy::codec::json {

template <class T>
struct Adapter<openai::StringOr<T>> {
  template <class Opts>
  static Status read(od::value& v, openai::StringOr<T>& out, ReadContext& ctx) {
    od::json_type t{};
    if (auto e = v.type().get(t)) return ctx.fail(e);
    if (t == od::json_type::string) {
      out.is_string = true;
      return read_string_view(v, out.str, ctx);
    }
    out.is_string = false;
    return read_value<Opts>(v, out.obj, ctx);
  }
  template <class Opts>
  static void write(Writer& w, const openai::StringOr<T>& v) {
    if (v.is_string) {
      w.string(v.str);
    } else {
      write_value<Opts>(w, v.obj);
    }
  }
};

template <>
struct Adapter<openai::TokenLimit> {
  template <class Opts>
  static Status read(od::value& v, openai::TokenLimit& out, ReadContext& ctx) {
    od::json_type t{};
    if (auto e = v.type().get(t)) return ctx.fail(e);
    if (t == od::json_type::string) {
      std::string_view s;
      if (auto st = read_string_view(v, s, ctx); !st) return st;
      if (s != "inf") return ctx.fail(JsonErrc::unknown_enum, "expected an integer or \"inf\"");
      out = openai::TokenLimit{true, 0};
      return {};
    }
    out.infinite = false;
    return read_value<Opts>(v, out.count, ctx);
  }
  template <class Opts>
  static void write(Writer& w, const openai::TokenLimit& v) {
    if (v.infinite) {
      w.string("inf");
    } else {
      w.unsigned_integer(v.count);
    }
  }
};

}  // namespace sy::codec::json
