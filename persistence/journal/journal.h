// The append-only journal of one shard: recovery on open, appends copied into the mapped active
// segment, rolls to a new segment when it is full, the JOURNAL_SYNC policy, and retention of
// sealed segments. Record types are opaque to it: a small non-zero uint16 plus payload bytes,
// filed under a 64-bit session key. Single-threaded: the owning shard calls everything.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "core/base/result.h"
#include "persistence/journal/journal_reader.h"
#include "persistence/journal/options.h"
#include "persistence/journal/segment_store.h"
#include "persistence/journal/summary.h"

namespace sy::persist::journal {

enum class JournalError : std::uint16_t {
  bad_type = 1,      // type 0 is reserved
  record_too_large,  // payload larger than a segment can hold
  bad_options,
  roll_failed,       // a new segment could not be created (see the log); append may be retried
  sync_failed,
};

struct RecordPosition {
  std::uint64_t segment = 0;
  std::uint64_t offset = 0;
  std::uint64_t sequence = 0;
};

// Plain numbers for the metrics the lead publishes; monotonic over the journal's lifetime.
struct JournalCounters {
  // Recovery, filled once by open().
  std::uint64_t segments_scanned = 0;
  std::uint64_t records_recovered = 0;
  std::uint64_t bytes_recovered = 0;
  std::uint64_t bytes_dropped = 0;    // damaged bytes skipped (reported through on_drop)
  std::uint64_t drop_events = 0;
  std::uint64_t torn_tail_bytes = 0;  // an unfinished last record: expected after a crash
  // Writing.
  std::uint64_t records_appended = 0;
  std::uint64_t bytes_appended = 0;   // record bytes in the map, headers and padding included
  std::uint64_t syncs = 0;
  std::uint64_t sync_failures = 0;
  std::uint64_t segments_created = 0;
  // Retention.
  std::uint64_t segments_removed = 0;  // by remove_superseded()
  std::uint64_t bytes_removed = 0;
  std::uint64_t segments_evicted = 0;  // by the JOURNAL_MAX_BYTES bound
  std::uint64_t bytes_evicted = 0;
};

struct RetentionReport {
  std::uint64_t segments_removed = 0;
  std::uint64_t bytes_freed = 0;
};

// Asked once per session key of a sealed segment: true when nothing the key wrote up to
// `summary.last_sequence` is needed any more (a later snapshot exists, or the session expired).
using SupersededFn = std::function<bool(const KeySummary& summary)>;

class Journal {
 public:
  // Recovers `store` (every valid record goes to `recovered`, damage to its on_drop and the log),
  // then positions the writer after the last valid record. `store` must outlive the journal.
  [[nodiscard]] static Result<std::unique_ptr<Journal>> open(SegmentStore& store,
                                                             const JournalOptions& options,
                                                             ScanVisitor* recovered = nullptr);
  // Syncs what the policy promises (interval and always: everything appended).
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Copies one record into the map. No allocation except when a roll creates a segment.
  [[nodiscard]] Result<RecordPosition> append(std::uint16_t type, std::uint64_t session_key,
                                              std::span<const std::byte> payload);
  // Makes everything appended so far durable, whatever the policy.
  Status sync();
  // For the owner's timer under `interval`: syncs if the interval has passed since the last sync
  // and something is pending, so an idle journal does not keep unsynced records forever.
  Status sync_if_due();

  // Removes sealed segments all of whose keys `superseded` approves, oldest first. Summaries of
  // sealed segments are computed once (one scan) and cached.
  [[nodiscard]] Result<RetentionReport> remove_superseded(const SupersededFn& superseded);

  [[nodiscard]] const JournalCounters& counters() const noexcept { return counters_; }
  [[nodiscard]] std::uint64_t last_sequence() const noexcept { return next_sequence_ - 1; }
  [[nodiscard]] std::uint64_t active_segment() const noexcept { return active_index_; }
  [[nodiscard]] std::uint64_t active_offset() const noexcept { return pos_; }
  [[nodiscard]] std::uint64_t disk_bytes() const noexcept;
  [[nodiscard]] std::vector<std::uint64_t> sealed_segments() const;
  [[nodiscard]] const JournalOptions& options() const noexcept { return options_; }

 private:
  struct Sealed {
    std::uint64_t index = 0;
    std::uint64_t bytes = 0;  // file size
    std::shared_ptr<const SegmentSummary> summary;  // filled on first retention pass
  };

  Journal(SegmentStore& store, const JournalOptions& options) : store_(store), options_(options) {}
  Status resume(const JournalReadResult& recovered);
  Status zero_stale_tail();
  Status roll();
  Status evict_for(std::uint64_t incoming_bytes);
  Status sync_pending();
  [[nodiscard]] static std::uint64_t now_ms() noexcept;

  SegmentStore& store_;
  JournalOptions options_;
  std::vector<Sealed> sealed_;  // ascending index
  std::unique_ptr<SegmentFile> active_;
  std::byte* base_ = nullptr;        // active segment's map
  std::uint64_t capacity_ = 0;       // usable bytes of the active segment
  std::uint64_t active_index_ = 0;   // 0: no active segment yet
  std::uint64_t last_index_ = 0;     // highest segment index ever seen; the next roll adds one
  std::uint64_t prev_end_ = 0;       // valid end of a newest segment left sealed at open
  std::uint64_t active_bytes_ = 0;   // its file size
  std::uint64_t pos_ = 0;            // next record offset
  std::uint64_t synced_ = 0;         // bytes of the active segment known durable
  std::uint64_t next_sequence_ = 1;
  std::uint64_t last_sync_ms_ = now_ms();  // an interval starts when the journal opens
  std::uint64_t max_payload_ = 0;
  JournalCounters counters_;
};

}  // namespace sy::persist::journal
