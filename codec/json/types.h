// Value types the reflected reader and writer understand beyond the obvious ones (bool, integers,
// floating point, std::string_view, std::string, described structs and enums, std::optional,
// std::vector), and the error codes they report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>

namespace sy::codec::json {

enum class JsonErrc : std::uint16_t {
  ok = 0,
  malformed,            // not JSON (simdjson rejected the bytes)
  invalid_utf8,         // a string is not valid UTF-8
  invalid_string,       // bad escape or raw control character in a string
  not_object,           // the document (or a struct member) is not an object
  wrong_type,           // a member has the wrong JSON type
  missing_field,        // a required member is absent
  number_out_of_range,  // an integer does not fit its member, or a number is not finite
  unknown_enum,         // a string names no enumerator
  too_deep,             // nesting beyond Options::max_depth
  trailing_content,     // bytes after the top-level value
  too_large,            // the document exceeds the reader's capacity
  empty,                // no document at all
};

// Any JSON value, captured verbatim as a view into the input (for example a tool's `parameters`
// schema, passed through untouched). The writer emits it as-is; an empty view is written as null.
struct RawJson {
  std::string_view json;
  friend bool operator==(const RawJson&, const RawJson&) = default;
};

// A member that distinguishes "absent" from an explicit `null` (a partial update where null
// means "turn this off", such as `turn_detection: null`). The writer skips absent, writes null.
template <class T>
struct Nullable {
  enum class State : std::uint8_t { absent, null, value };
  State state = State::absent;
  T value{};

  [[nodiscard]] bool absent() const { return state == State::absent; }
  [[nodiscard]] bool is_null() const { return state == State::null; }
  [[nodiscard]] bool has_value() const { return state == State::value; }
  static Nullable null_value() { return Nullable{State::null, T{}}; }
  static Nullable of(T v) { return Nullable{State::value, std::move(v)}; }
  friend bool operator==(const Nullable&, const Nullable&) = default;
};

// Customisation point: specialise Adapter<T> with
//   template <class Opts> static sy::Status read(simdjson::ondemand::value&, T&, ReadContext&);
//   template <class Opts> static void write(Writer&, const T&);
// to give a type its own JSON shape (an integer-or-"inf", a value that is either a string or an
// object...). The reader and writer prefer an Adapter over every built-in rule.
template <class T>
struct Adapter;

template <class T, class = void>
struct has_adapter : std::false_type {};
template <class T>
struct has_adapter<T, std::void_t<decltype(sizeof(Adapter<T>))>> : std::true_type {};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct is_nullable : std::false_type {};
template <class T>
struct is_nullable<Nullable<T>> : std::true_type {};

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

template <class T>
inline constexpr bool is_described_struct_v =
    boost::describe::has_describe_members<T>::value && std::is_class_v<T>;

template <class T>
inline constexpr bool is_described_enum_v =
    boost::describe::has_describe_enumerators<T>::value && std::is_enum_v<T>;

// A member is required unless it can say "absent" (std::optional, Nullable).
template <class T>
inline constexpr bool is_required_v = !is_optional<T>::value && !is_nullable<T>::value;

template <class T>
using members_of = boost::describe::describe_members<T, boost::describe::mod_public>;

}  // namespace sy::codec::json
