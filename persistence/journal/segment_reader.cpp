#include "persistence/journal/segment_reader.h"

#include <algorithm>
#include <cstring>

#include "persistence/journal/crc.h"

namespace sy::persist::journal {
namespace {

enum class Check { ok, zero, bad_header, length_past_end, checksum, stale_sequence };

DropReason reason_of(Check c) noexcept {
  switch (c) {
    case Check::bad_header: return DropReason::bad_record_header;
    case Check::length_past_end: return DropReason::length_past_end;
    case Check::stale_sequence: return DropReason::stale_sequence;
    case Check::zero: return DropReason::zeroed_region;
    default: return DropReason::checksum_mismatch;
  }
}

// Validates the record at `pos` (8-aligned, pos + kRecordHeaderSize <= limit). The cheap tests come
// first so the resynchronising scan spends almost nothing on zeros and on payload bytes.
Check check_record(const std::byte* base, std::uint64_t pos, std::uint64_t limit,
                   std::uint64_t segment, std::uint64_t min_sequence, RecordHeader& h) noexcept {
  std::memcpy(&h, base + pos, kRecordHeaderSize);
  std::uint64_t words[4];
  std::memcpy(words, &h, sizeof words);
  if ((words[0] | words[1] | words[2] | words[3]) == 0) return Check::zero;
  if (h.flags != 0 || h.reserved != 0 || h.type == 0) return Check::bad_header;
  if (record_span(h.length) > limit - pos) return Check::length_past_end;
  const std::span<const std::byte> payload(base + pos + kRecordHeaderSize, h.length);
  if (record_crc(segment, pos, h, payload) != h.crc) return Check::checksum;
  if (h.sequence < min_sequence) return Check::stale_sequence;
  return Check::ok;
}

}  // namespace

const char* to_string(DropReason reason) noexcept {
  switch (reason) {
    case DropReason::checksum_mismatch: return "checksum mismatch";
    case DropReason::bad_record_header: return "bad record header";
    case DropReason::length_past_end: return "length past the end of the segment";
    case DropReason::stale_sequence: return "sequence not increasing";
    case DropReason::zeroed_region: return "zeroed region inside a sealed segment";
    case DropReason::bad_segment_header: return "bad segment header";
    case DropReason::truncated_segment: return "sealed segment truncated";
    case DropReason::unreadable_segment: return "segment unreadable";
  }
  return "unknown";
}

bool parse_segment_header(std::span<const std::byte> image, SegmentHeader& out) noexcept {
  if (image.size() < kSegmentHeaderSize) return false;
  std::memcpy(&out, image.data(), kSegmentHeaderSize);
  return out.magic == kSegmentMagic && out.version == kFormatVersion &&
         out.header_size == kSegmentHeaderSize && out.flags == 0 && out.reserved == 0 &&
         out.reserved2 == 0 && out.capacity >= kSegmentHeaderSize &&
         segment_header_crc(out) == out.header_crc;
}

SegmentScanResult scan_segment(std::span<const std::byte> image, const SegmentScanParams& params,
                               ScanVisitor& visitor) noexcept {
  SegmentScanResult r;
  auto drop = [&](std::uint64_t offset, std::uint64_t bytes, DropReason reason) {
    if (bytes == 0) return;
    r.dropped_bytes += bytes;
    ++r.drop_events;
    visitor.on_drop(DropReport{params.expected_index, offset, bytes, reason});
  };

  if (!parse_segment_header(image, r.header) || r.header.segment_index != params.expected_index) {
    drop(0, std::max<std::uint64_t>(image.size(), params.seal_end.value_or(0)),
         DropReason::bad_segment_header);
    return r;
  }
  r.header_valid = true;
  std::uint64_t limit = std::min<std::uint64_t>(image.size(), r.header.capacity);
  // A truncated sealed segment is read like a tail; everything from where its valid records stop
  // to the seal is then reported as one truncation.
  const std::uint64_t seal =
      std::max<std::uint64_t>(params.seal_end.value_or(0), kSegmentHeaderSize);
  const bool truncated = params.seal_end.has_value() && seal > limit;
  const bool sealed = params.seal_end.has_value() && !truncated;
  if (sealed) limit = seal;
  limit &= ~static_cast<std::uint64_t>(kAlignment - 1);

  const std::byte* base = image.data();
  const std::uint64_t segment = params.expected_index;
  std::uint64_t min_sequence = std::max(params.min_sequence, r.header.first_sequence);
  std::uint64_t pos = kSegmentHeaderSize;
  RecordHeader h{};
  while (pos < limit) {
    Check c = pos + kRecordHeaderSize <= limit
                  ? check_record(base, pos, limit, segment, min_sequence, h)
                  : Check::length_past_end;
    if (c == Check::ok) {
      const std::uint64_t span = record_span(h.length);
      visitor.on_record(RecordView{segment, pos, h.type, h.session_key, h.sequence,
                                   {base + pos + kRecordHeaderSize, h.length}});
      ++r.records;
      r.record_bytes += span;
      r.last_sequence = h.sequence;
      min_sequence = h.sequence + 1;
      pos += span;
      continue;
    }
    // Zeros after the last record are the unused rest of a segment: the normal end of the log.
    if (c == Check::zero && !sealed) break;
    const Check first = c;
    const std::uint64_t claimed =
        (c == Check::zero || pos + kRecordHeaderSize > limit)
            ? 0
            : std::min<std::uint64_t>(record_span(h.length), limit - pos);
    std::uint64_t next = pos + kAlignment;
    for (; next + kRecordHeaderSize <= limit; next += kAlignment) {
      if (check_record(base, next, limit, segment, min_sequence, h) == Check::ok) break;
    }
    if (next + kRecordHeaderSize <= limit) {
      drop(pos, next - pos, reason_of(first));  // damage in the middle: skip it
      pos = next;
      continue;
    }
    if (sealed) {
      drop(pos, limit - pos, reason_of(first));
    } else {
      r.torn_bytes = claimed;  // a record the writer never finished: the end of the log
    }
    break;
  }
  r.end_offset = pos;
  if (truncated) {
    r.torn_bytes = 0;
    drop(pos, seal - pos, DropReason::truncated_segment);
  }
  return r;
}

}  // namespace sy::persist::journal
