// Journal settings and their environment variables (JOURNAL_SYNC, JOURNAL_SYNC_INTERVAL_MS,
// JOURNAL_SEGMENT_BYTES, JOURNAL_MAX_BYTES). docs/journal-format.md says what each sync policy
// loses on a process crash and on a power loss.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "core/base/result.h"
#include "persistence/journal/format.h"

namespace sy::persist::journal {

enum class SyncPolicy : std::uint8_t {
  none,      // copy into the map only; the kernel writes back when it likes (~30 s)
  interval,  // msync(MS_SYNC) what was appended since the last sync, at most every interval
  always,    // msync(MS_SYNC) each record before append() returns
};

enum class OptionError : std::uint16_t { bad_sync_policy = 1, bad_number, out_of_range };

struct JournalOptions {
  std::uint64_t segment_bytes = kDefaultSegmentBytes;
  // interval: a power loss costs at most this much of the conversation, and at 200 ms the msync
  // cost (a few ms per call on SSDs) stays below 2% of one core.
  SyncPolicy sync = SyncPolicy::interval;
  std::uint32_t sync_interval_ms = 200;
  // Total bytes of all segment files; 0 = unbounded. When a roll would exceed it the oldest sealed
  // segments are deleted first. Must be 0 or at least two segments (the active one and the next).
  std::uint64_t max_bytes = 0;
};

[[nodiscard]] const char* to_string(SyncPolicy policy) noexcept;
[[nodiscard]] Result<SyncPolicy> parse_sync_policy(std::string_view text) noexcept;
// "123", "64k", "64MiB", "2G": binary multiples, case-insensitive, optional "B"/"iB".
[[nodiscard]] Result<std::uint64_t> parse_byte_size(std::string_view text) noexcept;
[[nodiscard]] Status validate(const JournalOptions& options) noexcept;

// Reads the JOURNAL_* variables through `lookup` (std::getenv in production; returns nullptr for an
// unset variable) on top of `defaults`.
[[nodiscard]] Result<JournalOptions> options_from_env(
    const std::function<const char*(const char*)>& lookup, JournalOptions defaults = {});

}  // namespace sy::persist::journal
