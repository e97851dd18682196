// Leveled logging to stderr, printf-style so a call site never allocates when its level is off.
// Secrets (account secrets, provider keys, tokens) are never passed to a log call: log an id or
// `redact()` of the value instead.
#pragma once

#include <cstdarg>
#include <string_view>

namespace sy::log {

enum class Level : int { debug = 0, info = 1, warn = 2, error = 3, off = 4 };

void set_level(Level level) noexcept;
[[nodiscard]] Level level() noexcept;
[[nodiscard]] bool parse_level(std::string_view text, Level& out) noexcept;

// The shard index printed with each line of the calling thread (-1: not a shard thread).
void set_thread_shard(int shard) noexcept;

void write(Level level, const char* fmt, ...) noexcept __attribute__((format(printf, 2, 3)));

// A printable stand-in for a secret: its length and the first two characters at most.
struct Redacted {
  char text[32];
};
[[nodiscard]] Redacted redact(std::string_view secret) noexcept;

}  // namespace sy::log

#define SY_LOG(lvl, ...)                                              \
  do {                                                                \
    if (static_cast<int>(lvl) >= static_cast<int>(::sy::log::level())) \
      ::sy::log::write(lvl, __VA_ARGS__);                             \
  } while (0)
#define SY_DEBUG(...) SY_LOG(::sy::log::Level::debug, __VA_ARGS__)
#define SY_INFO(...) SY_LOG(::sy::log::Level::info, __VA_ARGS__)
#define SY_WARN(...) SY_LOG(::sy::log::Level::warn, __VA_ARGS__)
#define SY_ERROR(...) SY_LOG(::sy::log::Level::error, __VA_ARGS__)
