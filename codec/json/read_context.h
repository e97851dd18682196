// State threaded through one reflected read: the input's base address (for byte offsets), the
// nesting depth, the first error and the names of the members enclosing it. Success costs nothing
// here; the field path is only filled while a failure unwinds.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include <simdjson.h>

#include "codec/json/types.h"
#include "core/base/result.h"

namespace sy::codec::json {

namespace od = simdjson::ondemand;

// simdjson reads up to this many bytes past the end of a document; inputs must have them.
inline constexpr std::size_t kPadding = simdjson::SIMDJSON_PADDING;

struct ReadContext {
  static constexpr unsigned kMaxPath = 16;

  const char* base = nullptr;  // first byte of the document
  const char* at = nullptr;    // key (or value) being read, for error offsets
  unsigned depth = 0;
  Error error{};
  // Names of the members enclosing the failure, innermost first (static storage).
  std::array<std::string_view, kMaxPath> path{};
  unsigned path_len = 0;

  void reset(const char* begin) {
    base = begin;
    at = begin;
    depth = 0;
    error = Error{};
    path_len = 0;
  }

  [[nodiscard]] std::uint32_t offset_of(const char* p) const {
    if (base == nullptr || p == nullptr || p < base) return 0;
    return static_cast<std::uint32_t>(p - base);
  }

  Error fail(JsonErrc code, const char* message) {
    error = make_error(code, message, offset_of(at));
    return error;
  }

  // Maps a simdjson error met while reading the current member.
  Error fail(simdjson::error_code code);

  void push_field(std::string_view name) {
    if (path_len < kMaxPath) path[path_len++] = name;
  }

  // The innermost member named in the failure, "" when the failure is at the top level.
  [[nodiscard]] std::string_view field() const {
    return path_len == 0 ? std::string_view{} : path[0];
  }

  // Writes the dotted path of the failure ("session.audio.input.format") into `out` and returns
  // the part that fits. Never allocates.
  std::string_view format_path(std::span<char> out) const;
};

// True when `s` can be used as a JSON string's content verbatim: no backslash, no control byte.
// Word-at-a-time, because base64 audio of many KiB goes through it.
[[nodiscard]] bool is_plain_string(std::string_view s) noexcept;

}  // namespace sy::codec::json
