// Retention: removing sealed segments nobody needs (remove_superseded) and keeping the directory
// under JOURNAL_MAX_BYTES (evict_for). The active segment is never removed.
#include <algorithm>
#include <cinttypes>

#include "core/base/log.h"
#include "persistence/journal/journal.h"

namespace sy::persist::journal {

Result<RetentionReport> Journal::remove_superseded(const SupersededFn& superseded) {
  RetentionReport report;
  for (auto it = sealed_.begin(); it != sealed_.end();) {
    if (it->summary == nullptr) {
      auto summary = summarize_segment(store_, it->index);
      if (!summary) {
        SY_WARN("journal: cannot summarize sealed segment %" PRIu64 "; keeping it", it->index);
        ++it;
        continue;
      }
      it->summary = std::make_shared<const SegmentSummary>(std::move(*summary));
    }
    const auto& keys = it->summary->keys;
    if (!std::all_of(keys.begin(), keys.end(), superseded)) {
      ++it;
      continue;
    }
    if (Status s = store_.remove(it->index); !s && !s.error().is(StoreError::not_found)) {
      ++it;  // logged by the store; tried again on the next pass
      continue;
    }
    ++report.segments_removed;
    report.bytes_freed += it->bytes;
    ++counters_.segments_removed;
    counters_.bytes_removed += it->bytes;
    it = sealed_.erase(it);
  }
  return report;
}

Status Journal::evict_for(std::uint64_t incoming_bytes) {
  if (options_.max_bytes == 0) return {};
  while (!sealed_.empty() && disk_bytes() + incoming_bytes > options_.max_bytes) {
    const Sealed& oldest = sealed_.front();
    // Whatever this segment held is gone: sessions whose latest snapshot lived here can only be
    // recovered from later records, if any. The log line and counter make that visible.
    SY_WARN("journal: JOURNAL_MAX_BYTES=%" PRIu64 " reached; deleting oldest sealed segment %" PRIu64
            " (%" PRIu64 " bytes) before its sessions are superseded",
            options_.max_bytes, oldest.index, oldest.bytes);
    if (Status s = store_.remove(oldest.index); !s && !s.error().is(StoreError::not_found)) {
      return make_error(JournalError::roll_failed, "cannot delete a segment to stay in budget");
    }
    ++counters_.segments_evicted;
    counters_.bytes_evicted += oldest.bytes;
    sealed_.erase(sealed_.begin());
  }
  return {};
}

}  // namespace sy::persist::journal
