// Reads a whole journal: every segment of a store in index order, each scanned with the seal its
// successor recorded (see SegmentScanParams). Used by recovery, by retention's summaries and by
// tools/journal-inspect.
#pragma once

#include <cstdint>
#include <optional>

#include "persistence/journal/segment_reader.h"
#include "persistence/journal/segment_store.h"

namespace sy::persist::journal {

struct ReadStats {
  std::uint64_t segments = 0;
  std::uint64_t records = 0;
  std::uint64_t record_bytes = 0;
  std::uint64_t dropped_bytes = 0;
  std::uint64_t drop_events = 0;
  std::uint64_t torn_bytes = 0;
};

struct JournalReadResult {
  ReadStats stats;
  std::uint64_t last_sequence = 0;  // highest sequence seen or promised by a segment header
  // The newest segment, where a writer would continue.
  std::optional<std::uint64_t> last_segment;
  bool last_header_valid = false;
  SegmentHeader last_header{};
  std::uint64_t last_end_offset = 0;  // valid end of the newest segment
  std::uint64_t last_image_size = 0;  // bytes the newest segment's file holds
};

// Reads every segment of `store`; fails only if the store cannot be listed. Damage is reported to
// `visitor.on_drop` and counted, never returned as an error.
[[nodiscard]] Result<JournalReadResult> read_journal(SegmentStore& store, ScanVisitor& visitor);

}  // namespace sy::persist::journal
