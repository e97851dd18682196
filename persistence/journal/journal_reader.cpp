#include "persistence/journal/journal_reader.h"

#include <memory>
#include <vector>

namespace sy::persist::journal {

Result<JournalReadResult> read_journal(SegmentStore& store, ScanVisitor& visitor) {
  auto listed = store.list();
  if (!listed) return listed.error();
  const std::vector<std::uint64_t>& indices = *listed;
  JournalReadResult out;
  std::uint64_t min_sequence = 1;

  // Segment i's seal lives in segment i+1's header, so each segment is opened one step ahead.
  std::unique_ptr<SegmentFile> next;
  auto open_at = [&](std::size_t i) -> std::unique_ptr<SegmentFile> {
    if (i >= indices.size()) return nullptr;
    auto f = store.open(indices[i], false);
    if (!f) {
      const auto size = store.size_of(indices[i]);
      const DropReport d{indices[i], 0, size ? *size : 0, DropReason::unreadable_segment};
      out.stats.dropped_bytes += d.bytes;
      ++out.stats.drop_events;
      visitor.on_drop(d);
      return nullptr;
    }
    return std::move(*f);
  };
  if (!indices.empty()) next = open_at(0);

  for (std::size_t i = 0; i < indices.size(); ++i) {
    std::unique_ptr<SegmentFile> current = std::move(next);
    next = open_at(i + 1);
    const bool is_last = i + 1 == indices.size();
    if (is_last) out.last_segment = indices[i];
    if (current == nullptr) continue;  // reported by open_at

    SegmentScanParams params;
    params.expected_index = indices[i];
    params.min_sequence = min_sequence;
    SegmentHeader successor{};
    if (next != nullptr && indices[i + 1] == indices[i] + 1 &&
        parse_segment_header(next->bytes(), successor) && successor.prev_segment_end != 0) {
      params.seal_end = successor.prev_segment_end;
    }
    const std::span<const std::byte> image = current->bytes();
    const SegmentScanResult r = scan_segment(image, params, visitor);
    ++out.stats.segments;
    out.stats.records += r.records;
    out.stats.record_bytes += r.record_bytes;
    out.stats.dropped_bytes += r.dropped_bytes;
    out.stats.drop_events += r.drop_events;
    out.stats.torn_bytes += r.torn_bytes;
    if (r.last_sequence != 0) min_sequence = r.last_sequence + 1;
    // A segment promises its first sequence even if it holds no record yet; never reuse those.
    if (r.header_valid && r.header.first_sequence > min_sequence) {
      min_sequence = r.header.first_sequence;
    }
    if (is_last) {
      out.last_header_valid = r.header_valid;
      out.last_header = r.header;
      out.last_end_offset = r.end_offset;
      out.last_image_size = image.size();
    }
  }
  out.last_sequence = min_sequence - 1;
  return out;
}

}  // namespace sy::persist::journal
