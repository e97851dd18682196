// Result values for code that handles untrusted input: no exceptions on the per-message path.
// An error carries a code (each room defines its own enum), the byte offset where it applies and a
// static message, so producing one never allocates.
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>
#include <variant>

namespace sy {

struct Error {
  std::uint16_t code = 0;     // value of a room-specific `enum class ... : std::uint16_t`
  std::uint32_t offset = 0;   // byte offset into the input, where one applies
  const char* message = "";   // static storage; safe to keep and to log

  template <class E>
    requires std::is_enum_v<E>
  [[nodiscard]] constexpr bool is(E e) const noexcept {
    return code == static_cast<std::uint16_t>(e);
  }
};

template <class E>
  requires std::is_enum_v<E>
[[nodiscard]] constexpr Error make_error(E code, const char* message,
                                         std::uint32_t offset = 0) noexcept {
  return Error{static_cast<std::uint16_t>(code), offset, message};
}

// Result<T>: a T or an Error. Result<void> is a status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Error error) : v_(std::in_place_index<1>, error) {}         // NOLINT

  [[nodiscard]] bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return *std::get_if<0>(&v_); }
  const T& value() const& { return *std::get_if<0>(&v_); }
  T&& value() && { return std::move(*std::get_if<0>(&v_)); }
  T* operator->() { return std::get_if<0>(&v_); }
  const T* operator->() const { return std::get_if<0>(&v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  [[nodiscard]] const Error& error() const { return *std::get_if<1>(&v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(error), ok_(false) {}  // NOLINT: implicit on purpose

  [[nodiscard]] bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  [[nodiscard]] const Error& error() const { return error_; }

 private:
  Error error_{};
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace sy
