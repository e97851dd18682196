#include "persistence/journal/summary.h"

#include <algorithm>

namespace sy::persist::journal {

void KeySummaryCollector::on_record(const RecordView& r) {
  KeySummary& k = by_key_[r.session_key];
  if (k.records == 0) {
    k.session_key = r.session_key;
    k.first_sequence = r.sequence;
  }
  ++k.records;
  k.payload_bytes += r.payload.size();
  k.last_sequence = r.sequence;
  k.last_type = r.type;
  if (records_ == 0) first_sequence_ = r.sequence;
  ++records_;
  last_sequence_ = r.sequence;
}

std::vector<KeySummary> KeySummaryCollector::take_sorted() {
  std::vector<KeySummary> out;
  out.reserve(by_key_.size());
  for (const auto& [key, summary] : by_key_) out.push_back(summary);
  by_key_.clear();
  std::sort(out.begin(), out.end(), [](const KeySummary& a, const KeySummary& b) {
    return a.session_key < b.session_key;
  });
  return out;
}

Result<SegmentSummary> summarize_segment(SegmentStore& store, std::uint64_t index) {
  auto file = store.open(index, false);
  if (!file) return file.error();
  KeySummaryCollector collector;
  SegmentScanParams params;
  params.expected_index = index;
  (void)scan_segment((*file)->bytes(), params, collector);
  SegmentSummary s;
  s.index = index;
  s.records = collector.records();
  s.first_sequence = collector.first_sequence();
  s.last_sequence = collector.last_sequence();
  s.keys = collector.take_sorted();
  return s;
}

}  // namespace sy::persist::journal
