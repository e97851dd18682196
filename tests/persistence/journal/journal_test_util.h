// Shared helpers for the journal tests: deterministic payloads and a visitor that keeps copies of
// everything a read yields.
#pragma once

#include <cstdint>
#include <vector>

#include "persistence/journal/journal.h"
#include "persistence/journal/segment_reader.h"

namespace sy::persist::journal::testing {

// Payload bytes derived from the record's sequence, so a reader can check each record alone.
inline std::vector<std::byte> payload_for(std::uint64_t sequence, std::size_t size) {
  std::vector<std::byte> out(size);
  std::uint64_t x = sequence * 0x9E3779B97F4A7C15ULL + 1;
  for (auto& b : out) {
    x ^= x >> 29;
    x *= 0xBF58476D1CE4E5B9ULL;
    b = static_cast<std::byte>(x >> 56);
  }
  return out;
}

struct CopiedRecord {
  std::uint64_t segment, offset, sequence, key;
  std::uint16_t type;
  std::vector<std::byte> payload;
};

class Collect final : public ScanVisitor {
 public:
  void on_record(const RecordView& r) override {
    records.push_back(CopiedRecord{r.segment, r.offset, r.sequence, r.session_key, r.type,
                                   {r.payload.begin(), r.payload.end()}});
  }
  void on_drop(const DropReport& d) override { drops.push_back(d); }

  std::vector<CopiedRecord> records;
  std::vector<DropReport> drops;
};

inline JournalOptions small_options(std::uint64_t segment_bytes = 4096) {
  JournalOptions o;
  o.segment_bytes = segment_bytes;
  o.sync = SyncPolicy::none;
  return o;
}

}  // namespace sy::persist::journal::testing
