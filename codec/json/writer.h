// Writer: appends JSON to a buffer the caller reuses (clear() keeps the capacity, so a warm writer
// does not allocate). Strings are escaped (quote, backslash, control bytes; valid UTF-8 passes
// through unchanged), integers are exact, doubles are the shortest text that reads back to the
// same value. Commas are placed by the writer, so call sites only say what comes next.
//
//   json::Writer w;
//   w.begin_object(); w.key("type"); w.string("response.done"); w.end_object();
//   json::write<json::OpenAiOptions>(w, described_struct);   // reflected; skips unset optionals
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include <boost/mp11/algorithm.hpp>

#include "codec/json/naming.h"
#include "codec/json/types.h"

namespace sy::codec::json {

class Writer {
 public:
  Writer() = default;
  explicit Writer(std::size_t reserve) { buf_.reserve(reserve); }

  void clear() {
    buf_.clear();
    depth_ = 0;
    first_ = 1;
  }
  [[nodiscard]] std::string_view view() const { return buf_; }
  [[nodiscard]] std::string& buffer() { return buf_; }
  [[nodiscard]] const std::string& buffer() const { return buf_; }
  [[nodiscard]] std::size_t size() const { return buf_.size(); }

  void begin_object() {
    separate();
    buf_.push_back('{');
    push();
  }
  void end_object() {
    pop();
    buf_.push_back('}');
  }
  void begin_array() {
    separate();
    buf_.push_back('[');
    push();
  }
  void end_array() {
    pop();
    buf_.push_back(']');
  }

  // A key known to need no escaping (a compile-time member name or a literal).
  void key(std::string_view k) {
    separate();
    buf_.push_back('"');
    buf_.append(k);
    buf_.append("\":", 2);
    after_key_ = true;
  }
  // A key from data, escaped.
  void escaped_key(std::string_view k) {
    string(k);
    buf_.push_back(':');
    after_key_ = true;
  }

  void string(std::string_view s) {
    separate();
    append_escaped(s);
  }
  void null() {
    separate();
    buf_.append("null", 4);
  }
  void boolean(bool b) {
    separate();
    if (b) {
      buf_.append("true", 4);
    } else {
      buf_.append("false", 5);
    }
  }
  void integer(std::int64_t v);
  void unsigned_integer(std::uint64_t v);
  // Non-finite values have no JSON form and are written as null.
  void number(double v);
  // Verbatim JSON (a captured RawJson); an empty view is written as null.
  void raw(std::string_view json) {
    if (json.empty()) {
      null();
      return;
    }
    separate();
    buf_.append(json);
  }

 private:
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ > 0 && depth_ <= 64) {
      std::uint64_t bit = std::uint64_t{1} << (depth_ - 1);
      if (first_ & bit) {
        first_ &= ~bit;
      } else {
        buf_.push_back(',');
      }
    }
  }
  void push() {
    ++depth_;
    if (depth_ <= 64) first_ |= std::uint64_t{1} << (depth_ - 1);
  }
  void pop() {
    if (depth_ > 0) --depth_;
  }
  void append_escaped(std::string_view s);

  std::string buf_;
  // Bit d-1 set while the container at depth d has no element yet (depth beyond 64 is not
  // produced by any message we write).
  std::uint64_t first_ = 1;
  unsigned depth_ = 0;
  bool after_key_ = false;
};

template <class Opts, class T>
void write_value(Writer& w, const T& v);

template <class Opts, class T>
void write_fields(Writer& w, const T& v) {
  w.begin_object();
  boost::mp11::mp_for_each<members_of<T>>([&](auto D) {
    using M = std::remove_cvref_t<decltype(v.*D.pointer)>;
    const M& m = v.*D.pointer;
    if constexpr (is_optional<M>::value) {
      if (!m.has_value()) return;
    } else if constexpr (is_nullable<M>::value) {
      if (m.absent()) return;
    }
    w.key(Opts::naming::template write_key<decltype(D)>());
    write_value<Opts>(w, m);
  });
  w.end_object();
}

template <class Opts, class T>
void write_value(Writer& w, const T& v) {
  if constexpr (has_adapter<T>::value) {
    Adapter<T>::template write<Opts>(w, v);
  } else if constexpr (std::is_same_v<T, bool>) {
    w.boolean(v);
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    w.integer(v);
  } else if constexpr (std::is_integral_v<T>) {
    w.unsigned_integer(v);
  } else if constexpr (std::is_floating_point_v<T>) {
    w.number(static_cast<double>(v));
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    w.string(std::string_view(v));
  } else if constexpr (std::is_same_v<T, RawJson>) {
    w.raw(v.json);
  } else if constexpr (is_optional<T>::value) {
    if (v.has_value()) {
      write_value<Opts>(w, *v);
    } else {
      w.null();
    }
  } else if constexpr (is_nullable<T>::value) {
    if (v.has_value()) {
      write_value<Opts>(w, v.value);
    } else {
      w.null();
    }
  } else if constexpr (is_vector<T>::value) {
    w.begin_array();
    for (const auto& e : v) write_value<Opts>(w, e);
    w.end_array();
  } else if constexpr (is_described_enum_v<T>) {
    std::string_view name;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto D) {
      constexpr std::string_view key = enumerator_key<decltype(D)>.view();
      if (v == D.value) name = key;
    });
    w.string(name);
  } else if constexpr (is_described_struct_v<T>) {
    write_fields<Opts>(w, v);
  } else {
    static_assert(sizeof(T) == 0, "no JSON writer for this member type: describe it or add an Adapter");
  }
}

// Appends `v` to the writer (does not clear it first).
template <class Opts, class T>
void write(Writer& w, const T& v) {
  write_value<Opts>(w, v);
}

}  // namespace sy::codec::json
