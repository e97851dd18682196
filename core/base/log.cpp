#include "core/base/log.h"

#include <atomic>
#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace sy::log {
namespace {
std::atomic<int> g_level{static_cast<int>(Level::info)};
thread_local int t_shard = -1;
constexpr const char* kNames[] = {"DEBUG", "INFO", "WARN", "ERROR"};
}  // namespace

void set_level(Level l) noexcept { g_level.store(static_cast<int>(l), std::memory_order_relaxed); }
Level level() noexcept { return static_cast<Level>(g_level.load(std::memory_order_relaxed)); }

bool parse_level(std::string_view t, Level& out) noexcept {
  if (t == "debug") out = Level::debug;
  else if (t == "info") out = Level::info;
  else if (t == "warn") out = Level::warn;
  else if (t == "error") out = Level::error;
  else if (t == "off") out = Level::off;
  else return false;
  return true;
}

void set_thread_shard(int shard) noexcept { t_shard = shard; }

void write(Level l, const char* fmt, ...) noexcept {
  char line[1024];
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  tm tmv{};
  gmtime_r(&ts.tv_sec, &tmv);
  int n = std::snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %-5s ",
                        tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday, tmv.tm_hour, tmv.tm_min,
                        tmv.tm_sec, ts.tv_nsec / 1000000, kNames[static_cast<int>(l) & 3]);
  if (t_shard >= 0 && n > 0 && n < static_cast<int>(sizeof line))
    n += std::snprintf(line + n, sizeof line - n, "[shard %d] ", t_shard);
  if (n > 0 && n < static_cast<int>(sizeof line)) {
    va_list ap;
    va_start(ap, fmt);
    int m = std::vsnprintf(line + n, sizeof line - n, fmt, ap);
    va_end(ap);
    if (m > 0) n += m;
  }
  if (n >= static_cast<int>(sizeof line)) n = sizeof line - 1;
  line[n++] = '\n';
  // One write(2) per line keeps lines from different shards whole.
  ssize_t ignored = ::write(2, line, static_cast<size_t>(n));
  (void)ignored;
}

Redacted redact(std::string_view secret) noexcept {
  Redacted r{};
  std::snprintf(r.text, sizeof r.text, "%.*s…(%zu chars)", secret.size() >= 8 ? 2 : 0,
                secret.data(), secret.size());
  return r;
}

}  // namespace sy::log
