// Scans one segment image: a pure function over bytes, no I/O, no allocation. It yields every valid
// record, skips damaged ranges by rescanning at 8-byte alignment for the next valid record, and
// tells a torn tail (the end of the log) from damage in the middle. docs/journal-format.md states
// the rules; journal_reader.h applies them across a directory of segments.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "persistence/journal/format.h"

namespace sy::persist::journal {

struct RecordView {
  std::uint64_t segment = 0;
  std::uint64_t offset = 0;  // of the record header within the segment
  std::uint16_t type = 0;
  std::uint64_t session_key = 0;
  std::uint64_t sequence = 0;
  std::span<const std::byte> payload;  // points into the segment; valid during the callback
};

enum class DropReason : std::uint16_t {
  checksum_mismatch = 1,  // header plausible, CRC wrong
  bad_record_header,      // reserved fields set or type 0
  length_past_end,        // the length runs past the segment's end
  stale_sequence,         // valid CRC but a sequence not above the previous record's
  zeroed_region,          // zeros where a sealed segment still had records
  bad_segment_header,     // magic, version, CRC or index wrong: the whole segment is dropped
  truncated_segment,      // a sealed segment is shorter than its recorded end
  unreadable_segment,     // the store could not open it
};
[[nodiscard]] const char* to_string(DropReason reason) noexcept;

struct DropReport {
  std::uint64_t segment = 0;
  std::uint64_t offset = 0;  // first dropped byte
  std::uint64_t bytes = 0;   // how many bytes were skipped
  DropReason reason = DropReason::checksum_mismatch;
};

class ScanVisitor {
 public:
  virtual ~ScanVisitor() = default;
  virtual void on_record(const RecordView& record) = 0;
  virtual void on_drop(const DropReport&) {}
};

struct SegmentScanParams {
  std::uint64_t expected_index = 0;  // the index the store lists the segment under
  std::uint64_t min_sequence = 1;    // every record must carry at least this sequence
  // Where the writer left this segment when it moved on (the next segment's prev_segment_end).
  // Known: everything before it must be valid, so damage up to it is reported. Unknown (the last
  // segment, or the next one is missing): the first invalid record with nothing valid after it
  // is a torn tail, the normal end of the log after a crash.
  std::optional<std::uint64_t> seal_end;
};

struct SegmentScanResult {
  bool header_valid = false;
  SegmentHeader header{};
  std::uint64_t end_offset = 0;     // just past the last valid record: where appends continue
  std::uint64_t last_sequence = 0;  // of the last valid record; 0 if none
  std::uint64_t records = 0;
  std::uint64_t record_bytes = 0;   // bytes the valid records occupy, headers and padding included
  std::uint64_t dropped_bytes = 0;
  std::uint64_t drop_events = 0;
  std::uint64_t torn_bytes = 0;     // what the torn record at the tail claimed (not an error)
};

// Reads and validates a segment header (magic, version, size, flags, CRC).
[[nodiscard]] bool parse_segment_header(std::span<const std::byte> image,
                                        SegmentHeader& out) noexcept;

SegmentScanResult scan_segment(std::span<const std::byte> image, const SegmentScanParams& params,
                               ScanVisitor& visitor) noexcept;

}  // namespace sy::persist::journal
