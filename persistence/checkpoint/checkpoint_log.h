// One shard's session checkpoints in its journal: deltas as they happen, a snapshot of a session
// every so many deltas (so that recovering it reads only its last snapshot and what followed),
// an ended record when a session is over, and retention that drops sealed segments nothing needs.
//
// Recovery is one scan: for each session key it keeps (copied) only the records since the key's
// latest snapshot, and decodes just those into a Conversation. A payload that does not decode
// (a record that passed its CRC but is not a valid checkpoint) is counted and skipped.
// Single-threaded: the owning shard calls everything.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "codec/conversation/conversation.h"
#include "core/base/result.h"
#include "persistence/checkpoint/records.h"
#include "persistence/journal/journal.h"

namespace sy::persist::checkpoint {

struct LogOptions {
  // A snapshot after this many deltas of one session, or this many delta bytes, whichever first.
  std::uint32_t snapshot_every = 64;
  std::uint64_t snapshot_bytes = 64u << 10;
};

struct RecoveredSession {
  std::uint64_t key = 0;
  conv::Conversation conversation;
  std::int64_t last_unix_ms = 0;  // time of its newest record
};

struct RecoveryStats {
  std::uint64_t sessions = 0;         // recovered, not ended
  std::uint64_t ended = 0;            // keys whose last record says the session ended
  std::uint64_t records_decoded = 0;  // payloads decoded (only those after each last snapshot)
  std::uint64_t records_skipped = 0;  // superseded by a later snapshot: copied, never decoded
  std::uint64_t bad_records = 0;      // passed the CRC but are not valid checkpoints
  journal::JournalCounters journal;   // the scan itself (damage, torn tail)
};

class CheckpointLog {
 public:
  // Opens the journal in `store` and recovers every session in it into `sessions`.
  [[nodiscard]] static Result<std::unique_ptr<CheckpointLog>> open(
      journal::SegmentStore& store, const journal::JournalOptions& journal_options,
      const LogOptions& options, std::vector<RecoveredSession>& sessions, RecoveryStats& stats);

  // Reads a journal (for example one a previous run with more shards left) without writing to it.
  [[nodiscard]] static Result<RecoveryStats> recover(journal::SegmentStore& store,
                                                     std::vector<RecoveredSession>& sessions);

  // Journals one delta of `key`; the session applies it afterwards.
  [[nodiscard]] Status append(std::uint64_t key, const conv::Delta& delta, std::int64_t unix_ms);
  // Writes a snapshot of `c` if enough deltas piled up since the key's last one.
  [[nodiscard]] Status maybe_snapshot(std::uint64_t key, const conv::Conversation& c,
                                      std::int64_t unix_ms);
  [[nodiscard]] Status snapshot(std::uint64_t key, const conv::Conversation& c,
                                std::int64_t unix_ms);
  // The session is over (expired, moved to another shard): none of its records is needed.
  [[nodiscard]] Status ended(std::uint64_t key, std::string_view reason, std::int64_t unix_ms);

  // Removes sealed segments whose every key has a later snapshot, has ended, or — unless `live`
  // says the session is running — was last written more than `ttl_ms` before `now_ms` (nobody can
  // resume it any more).
  [[nodiscard]] Result<journal::RetentionReport> collect(
      std::int64_t now_ms, std::int64_t ttl_ms, const std::function<bool(std::uint64_t)>& live);

  [[nodiscard]] journal::Journal& journal() noexcept { return *journal_; }
  [[nodiscard]] std::size_t tracked_keys() const noexcept { return keys_.size(); }

 private:
  struct KeyState {
    std::uint64_t snapshot_sequence = 0;  // sequence of the key's newest snapshot
    std::uint64_t ended_sequence = 0;     // of its ended record, 0 if none
    std::uint32_t deltas_since = 0;
    std::uint64_t bytes_since = 0;
    std::int64_t last_unix_ms = 0;
  };

  CheckpointLog(std::unique_ptr<journal::Journal> j, const LogOptions& o)
      : journal_(std::move(j)), options_(o) {}
  Status write(std::uint64_t key, std::uint16_t type, std::int64_t unix_ms);

  std::unique_ptr<journal::Journal> journal_;
  LogOptions options_;
  std::unordered_map<std::uint64_t, KeyState> keys_;
  std::string payload_;
};

}  // namespace sy::persist::checkpoint
