// Incremental UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) for
// text messages that arrive in pieces. Bulk runs go to simdjson's SIMD validator; only the few
// bytes of a sequence split between two pieces walk a small state machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace sy::net::ws {

class Utf8Validator {
 public:
  static constexpr std::size_t kValid = static_cast<std::size_t>(-1);

  // Validates the next piece. Returns kValid, or the index in `bytes` of the byte at which the
  // input can no longer be UTF-8 (fail fast: a bad prefix is reported without waiting for more).
  // After a failure the validator stays failed until reset().
  [[nodiscard]] std::size_t feed(std::span<const std::uint8_t> bytes) noexcept;

  // True when everything fed so far is valid and no sequence is left unfinished.
  [[nodiscard]] bool complete() const noexcept { return state_ == 0; }
  [[nodiscard]] bool failed() const noexcept { return state_ == 1; }
  void reset() noexcept { state_ = 0; }

  // The state is one byte so the frame parser can keep it in its packed state.
  [[nodiscard]] std::uint8_t state() const noexcept { return state_; }
  void set_state(std::uint8_t s) noexcept { state_ = s; }

 private:
  std::uint8_t state_ = 0;  // 0 = between characters, 1 = failed, 2-8 = inside a sequence
};

// One-shot check of a complete string.
[[nodiscard]] bool is_valid_utf8(std::span<const std::uint8_t> bytes) noexcept;
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace sy::net::ws
