// Per-session-key summaries of journal records, without knowing what a record type means: how
// many records and bytes a key has and the range of its sequences. Retention asks its caller
// about each key of a sealed segment; journal-inspect prints them.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "persistence/journal/segment_reader.h"
#include "persistence/journal/segment_store.h"

namespace sy::persist::journal {

struct KeySummary {
  std::uint64_t session_key = 0;
  std::uint64_t records = 0;
  std::uint64_t payload_bytes = 0;
  std::uint64_t first_sequence = 0;
  std::uint64_t last_sequence = 0;
  std::uint16_t last_type = 0;
};

struct SegmentSummary {
  std::uint64_t index = 0;
  std::uint64_t records = 0;
  std::uint64_t first_sequence = 0;  // 0 when the segment holds no record
  std::uint64_t last_sequence = 0;
  std::vector<KeySummary> keys;  // ascending by session_key
};

// A visitor that folds records into per-key summaries (forwarding nothing).
class KeySummaryCollector final : public ScanVisitor {
 public:
  void on_record(const RecordView& record) override;
  // The summaries, ascending by key; the collector is empty afterwards.
  [[nodiscard]] std::vector<KeySummary> take_sorted();
  [[nodiscard]] std::uint64_t records() const noexcept { return records_; }
  [[nodiscard]] std::uint64_t first_sequence() const noexcept { return first_sequence_; }
  [[nodiscard]] std::uint64_t last_sequence() const noexcept { return last_sequence_; }

 private:
  std::unordered_map<std::uint64_t, KeySummary> by_key_;
  std::uint64_t records_ = 0;
  std::uint64_t first_sequence_ = 0;
  std::uint64_t last_sequence_ = 0;
};

// Scans one segment of `store` (as a tail: damage is not reported again here) and summarizes it.
[[nodiscard]] Result<SegmentSummary> summarize_segment(SegmentStore& store, std::uint64_t index);

}  // namespace sy::persist::journal
