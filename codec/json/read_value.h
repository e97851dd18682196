// The reflected reader: one function template per kind of member, chosen at compile time. Object
// keys are matched against names computed at compile time from the Boost.Describe member list
// (Opts::naming), unknown keys are skipped by simdjson, required members are tracked in a bit
// mask, and strings without escapes are returned as views into the padded input (no copy).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/mp11/algorithm.hpp>

#include "codec/json/naming.h"
#include "codec/json/read_context.h"
#include "codec/json/types.h"

namespace sy::codec::json {

template <class Opts, class T>
Status read_value(od::value& v, T& out, ReadContext& ctx);

template <class Opts, class T>
Status read_fields(od::object& obj, T& out, ReadContext& ctx);

// A string member: a view into the input when the JSON string has no escapes, otherwise the
// unescaped copy simdjson keeps in the parser (valid until the parser's next document).
inline Status read_string_view(od::value& v, std::string_view& out, ReadContext& ctx) {
  std::string_view tok = v.raw_json_token();
  while (!tok.empty() && (tok.back() == ' ' || tok.back() == '\n' || tok.back() == '\r' ||
                          tok.back() == '\t')) {
    tok.remove_suffix(1);
  }
  if (tok.empty() || tok.front() != '"') return ctx.fail(JsonErrc::wrong_type, "expected a string");
  if (tok.size() >= 2 && tok.back() == '"') {
    std::string_view inner = tok.substr(1, tok.size() - 2);
    if (is_plain_string(inner)) {
      out = inner;
      return {};
    }
  }
  if (auto e = v.get_string().get(out)) return ctx.fail(e);
  return {};
}

template <class E>
Status read_enum(od::value& v, E& out, ReadContext& ctx) {
  std::string_view name;
  if (auto st = read_string_view(v, name, ctx); !st) return st;
  bool found = false;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto D) {
    if (found) return;
    constexpr std::string_view key = enumerator_key<decltype(D)>.view();
    if (name == key) {
      out = D.value;
      found = true;
    }
  });
  if (!found) return ctx.fail(JsonErrc::unknown_enum, "unknown enumeration value");
  return {};
}

template <class Opts, class I>
Status read_integer(od::value& v, I& out, ReadContext& ctx) {
  using Wide = std::conditional_t<std::is_signed_v<I>, std::int64_t, std::uint64_t>;
  Wide wide{};
  simdjson::error_code e;
  bool quoted = false;
  if constexpr (Opts::quoted_numbers) {
    od::json_type t{};
    if (auto te = v.type().get(t)) return ctx.fail(te);
    quoted = t == od::json_type::string;
  }
  if constexpr (std::is_signed_v<I>) {
    e = quoted ? v.get_int64_in_string().get(wide) : v.get_int64().get(wide);
  } else {
    e = quoted ? v.get_uint64_in_string().get(wide) : v.get_uint64().get(wide);
  }
  if (e == simdjson::INCORRECT_TYPE && !quoted) {
    // A negative value for an unsigned member or 1.5 for an integer one is out of range, not
    // a wrong type, when the token is a number.
    od::json_type t{};
    if (!v.type().get(t) && t == od::json_type::number) {
      return ctx.fail(JsonErrc::number_out_of_range, "number is not an integer in range");
    }
  }
  if (e) return ctx.fail(e);
  if (wide < static_cast<Wide>(std::numeric_limits<I>::min()) ||
      wide > static_cast<Wide>(std::numeric_limits<I>::max())) {
    return ctx.fail(JsonErrc::number_out_of_range, "integer out of range");
  }
  out = static_cast<I>(wide);
  return {};
}

template <class Opts, class F>
Status read_floating(od::value& v, F& out, ReadContext& ctx) {
  double d = 0;
  simdjson::error_code e;
  if constexpr (Opts::quoted_numbers) {
    od::json_type t{};
    if (auto te = v.type().get(t)) return ctx.fail(te);
    e = t == od::json_type::string ? v.get_double_in_string().get(d) : v.get_double().get(d);
  } else {
    e = v.get_double().get(d);
  }
  if (e) return ctx.fail(e);
  if (!std::isfinite(d) || std::fabs(d) > static_cast<double>(std::numeric_limits<F>::max())) {
    return ctx.fail(JsonErrc::number_out_of_range, "number out of range");
  }
  out = static_cast<F>(d);
  return {};
}

inline Status read_raw(od::value& v, RawJson& out, ReadContext& ctx) {
  od::json_type t{};
  if (auto e = v.type().get(t)) return ctx.fail(e);
  std::string_view raw;
  if (t == od::json_type::object) {
    od::object o;
    if (auto e = v.get_object().get(o)) return ctx.fail(e);
    if (auto e = o.raw_json().get(raw)) return ctx.fail(e);
  } else if (t == od::json_type::array) {
    od::array a;
    if (auto e = v.get_array().get(a)) return ctx.fail(e);
    if (auto e = a.raw_json().get(raw)) return ctx.fail(e);
  } else {
    raw = v.raw_json_token();
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' ||
                            raw.back() == '\t')) {
      raw.remove_suffix(1);
    }
  }
  out.json = raw;
  return {};
}

template <class Opts, class T>
Status read_array(od::value& v, std::vector<T>& out, ReadContext& ctx) {
  od::array arr;
  if (auto e = v.get_array().get(arr)) return ctx.fail(e);
  if (++ctx.depth > Opts::max_depth) return ctx.fail(JsonErrc::too_deep, "JSON nested too deeply");
  out.clear();
  for (auto element : arr) {
    od::value item;
    if (auto e = element.get(item)) return ctx.fail(e);
    out.emplace_back();
    if (auto st = read_value<Opts>(item, out.back(), ctx); !st) return st;
  }
  --ctx.depth;
  return {};
}

template <class Opts, class T>
Status read_value(od::value& v, T& out, ReadContext& ctx) {
  if constexpr (has_adapter<T>::value) {
    return Adapter<T>::template read<Opts>(v, out, ctx);
  } else if constexpr (std::is_same_v<T, bool>) {
    if (auto e = v.get_bool().get(out)) return ctx.fail(e);
    return {};
  } else if constexpr (std::is_integral_v<T>) {
    return read_integer<Opts>(v, out, ctx);
  } else if constexpr (std::is_floating_point_v<T>) {
    return read_floating<Opts>(v, out, ctx);
  } else if constexpr (std::is_same_v<T, std::string_view>) {
    return read_string_view(v, out, ctx);
  } else if constexpr (std::is_same_v<T, std::string>) {
    std::string_view s;
    if (auto st = read_string_view(v, s, ctx); !st) return st;
    out.assign(s);
    return {};
  } else if constexpr (std::is_same_v<T, RawJson>) {
    return read_raw(v, out, ctx);
  } else if constexpr (is_optional<T>::value || is_nullable<T>::value) {
    bool null = false;
    if (auto e = v.is_null().get(null)) return ctx.fail(e);
    if constexpr (is_optional<T>::value) {
      if (null) {
        out.reset();
        return {};
      }
      return read_value<Opts>(v, out.emplace(), ctx);
    } else {
      if (null) {
        out.state = T::State::null;
        return {};
      }
      out.state = T::State::value;
      return read_value<Opts>(v, out.value, ctx);
    }
  } else if constexpr (is_vector<T>::value) {
    return read_array<Opts>(v, out, ctx);
  } else if constexpr (is_described_enum_v<T>) {
    return read_enum(v, out, ctx);
  } else if constexpr (is_described_struct_v<T>) {
    od::object obj;
    if (auto e = v.get_object().get(obj)) {
      return e == simdjson::INCORRECT_TYPE ? ctx.fail(JsonErrc::not_object, "expected an object")
                                           : ctx.fail(e);
    }
    return read_fields<Opts>(obj, out, ctx);
  } else {
    static_assert(sizeof(T) == 0, "no JSON reader for this member type: describe it or add an Adapter");
  }
}

// Members are reset first (vectors keep their capacity), so a struct can be reused across reads.
template <class T>
void reset_member(T& m) {
  if constexpr (is_vector<T>::value || std::is_same_v<T, std::string>) {
    m.clear();
  } else {
    m = T{};
  }
}

template <class Opts, class T>
Status read_fields(od::object& obj, T& out, ReadContext& ctx) {
  using Members = members_of<T>;
  constexpr std::size_t kCount = boost::mp11::mp_size<Members>::value;
  static_assert(kCount <= 64, "a reflected struct has at most 64 members");
  if (++ctx.depth > Opts::max_depth) return ctx.fail(JsonErrc::too_deep, "JSON nested too deeply");

  boost::mp11::mp_for_each<Members>([&](auto D) { reset_member(out.*D.pointer); });

  constexpr std::uint64_t kRequired = [] {
    std::uint64_t mask = 0;
    boost::mp11::mp_for_each<boost::mp11::mp_iota_c<kCount>>([&](auto I) {
      using D = boost::mp11::mp_at_c<Members, I>;
      using M = std::remove_cvref_t<decltype(std::declval<T&>().*D::pointer)>;
      if (is_required_v<M>) mask |= std::uint64_t{1} << I;
    });
    return mask;
  }();

  const char* object_at = ctx.at;
  std::uint64_t seen = 0;
  for (auto field_result : obj) {
    od::field field;
    if (auto e = std::move(field_result).get(field)) return ctx.fail(e);
    od::raw_json_string key = field.key();
    ctx.at = key.raw() - 1;  // the key's opening quote
    Status st;
    bool matched = false;
    boost::mp11::mp_for_each<boost::mp11::mp_iota_c<kCount>>([&](auto I) {
      using D = boost::mp11::mp_at_c<Members, I>;
      constexpr std::string_view primary = Opts::naming::template read_key<D>();
      constexpr std::string_view alt = Opts::naming::template alt_key<D>();
      if (matched) return;
      if (key.unsafe_is_equal(primary) || (alt != primary && key.unsafe_is_equal(alt))) {
        matched = true;
        seen |= std::uint64_t{1} << I;
        st = read_value<Opts>(field.value(), out.*D::pointer, ctx);
        if (!st) ctx.push_field(primary);
      }
    });
    if (!st) return st;
  }

  if ((seen & kRequired) != kRequired) {
    boost::mp11::mp_for_each<boost::mp11::mp_iota_c<kCount>>([&](auto I) {
      using D = boost::mp11::mp_at_c<Members, I>;
      if (ctx.path_len == 0 && (kRequired & ~seen & (std::uint64_t{1} << I))) {
        ctx.push_field(Opts::naming::template write_key<D>());
      }
    });
    ctx.at = object_at;
    return ctx.fail(JsonErrc::missing_field, "required field is missing");
  }
  --ctx.depth;
  return {};
}

}  // namespace sy::codec::json
