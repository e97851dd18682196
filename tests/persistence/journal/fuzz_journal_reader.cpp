// Fuzz target for the journal reader. The first byte picks a mode:
//  - even: the rest is a segment image, scanned as-is or with a valid segment header patched in
//    (so the record rules, not only the header check, see the bytes), sealed or as a tail;
//  - odd: the rest drives appends into an in-memory journal, then damages its segments (flips,
//    truncations, zeroed ranges) and recovers, checking every recovered record against what was
//    written and that appending after recovery yields a readable log.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <vector>

#include "core/base/log.h"
#include "persistence/journal/crc.h"
#include "persistence/journal/journal.h"
#include "persistence/journal/memory_store.h"
#include "persistence/journal/segment_reader.h"

namespace journal = sy::persist::journal;

namespace {

#define FUZZ_CHECK(cond) \
  do {                   \
    if (!(cond)) std::abort(); \
  } while (0)

class Checker final : public journal::ScanVisitor {
 public:
  explicit Checker(std::span<const std::byte> image) : image_(image) {}
  void on_record(const journal::RecordView& r) override {
    FUZZ_CHECK(r.offset >= journal::kSegmentHeaderSize);
    FUZZ_CHECK(r.offset % journal::kAlignment == 0);
    FUZZ_CHECK(r.offset >= next_offset_);
    FUZZ_CHECK(r.offset + journal::record_span(r.payload.size()) <= image_.size());
    FUZZ_CHECK(r.sequence > last_sequence_);
    FUZZ_CHECK(r.type != 0);
    FUZZ_CHECK(r.payload.data() == image_.data() + r.offset + journal::kRecordHeaderSize);
    journal::RecordHeader h;
    std::memcpy(&h, image_.data() + r.offset, sizeof h);
    FUZZ_CHECK(journal::record_crc(r.segment, r.offset, h, r.payload) == h.crc);
    next_offset_ = r.offset + journal::record_span(r.payload.size());
    last_sequence_ = r.sequence;
  }
  void on_drop(const journal::DropReport& d) override { FUZZ_CHECK(d.bytes > 0); }

 private:
  std::span<const std::byte> image_;
  std::uint64_t next_offset_ = 0;
  std::uint64_t last_sequence_ = 0;
};

void scan_image(const std::uint8_t* data, std::size_t size, std::uint8_t mode) {
  std::vector<std::byte> image(reinterpret_cast<const std::byte*>(data),
                               reinterpret_cast<const std::byte*>(data) + size);
  journal::SegmentScanParams params;
  params.expected_index = 1;
  if ((mode & 2) && image.size() >= journal::kSegmentHeaderSize) {
    journal::SegmentHeader h{};
    h.magic = journal::kSegmentMagic;
    h.version = journal::kFormatVersion;
    h.header_size = journal::kSegmentHeaderSize;
    h.segment_index = 1;
    h.capacity = image.size();
    h.first_sequence = 1;
    h.header_crc = journal::segment_header_crc(h);
    std::memcpy(image.data(), &h, sizeof h);
  }
  if (mode & 4) params.seal_end = size / 2 + (mode >> 4) * 64;
  Checker checker(image);
  const auto r = journal::scan_segment(image, params, checker);
  FUZZ_CHECK(r.end_offset <= std::max<std::uint64_t>(image.size(), journal::kSegmentHeaderSize));
  FUZZ_CHECK(r.record_bytes <= image.size());
}

struct Cursor {
  const std::uint8_t* p;
  std::size_t n;
  std::uint32_t take(std::uint32_t bytes) {
    std::uint32_t v = 0;
    for (std::uint32_t i = 0; i < bytes && n > 0; ++i, ++p, --n) v = (v << 8) | *p;
    return v;
  }
};

void write_damage_recover(const std::uint8_t* data, std::size_t size) {
  Cursor in{data, size};
  journal::MemorySegmentStore store;
  journal::JournalOptions options;
  options.segment_bytes = 4096;
  options.sync = journal::SyncPolicy::none;
  std::map<std::uint64_t, std::vector<std::byte>> written;  // sequence -> payload
  {
    auto j = journal::Journal::open(store, options);
    FUZZ_CHECK(j.ok());
    const std::uint32_t records = in.take(1) % 64;
    for (std::uint32_t i = 0; i < records; ++i) {
      const std::uint32_t len = in.take(2) % 1500;
      std::vector<std::byte> payload(len, static_cast<std::byte>(i * 31 + len));
      auto pos = (*j)->append(1 + i % 3, i % 4, payload);
      FUZZ_CHECK(pos.ok());
      written[pos->sequence] = std::move(payload);
    }
  }
  while (in.n >= 4) {  // damage: op, segment, offset (2 bytes)
    const std::uint32_t op = in.take(1);
    auto listed = store.list();
    if (listed->empty()) break;
    auto* image = store.image((*listed)[in.take(1) % listed->size()]);
    const std::uint32_t at = in.take(2);
    if (image->empty()) continue;
    const std::size_t off = at % image->size();
    switch (op % 3) {
      case 0: (*image)[off] ^= static_cast<std::byte>(1u << (op >> 5)); break;
      case 1: image->resize(off); break;
      default: std::memset(image->data() + off, 0, std::min<std::size_t>(op, image->size() - off));
    }
  }
  for (int round = 0; round < 2; ++round) {
    struct Verify final : journal::ScanVisitor {
      std::map<std::uint64_t, std::vector<std::byte>>* written;
      std::uint64_t last = 0;
      void on_record(const journal::RecordView& r) override {
        FUZZ_CHECK(r.sequence > last);
        last = r.sequence;
        auto it = written->find(r.sequence);
        FUZZ_CHECK(it != written->end());
        FUZZ_CHECK(it->second.size() == r.payload.size());
        FUZZ_CHECK(r.payload.empty() ||
                   std::memcmp(it->second.data(), r.payload.data(), r.payload.size()) == 0);
      }
    } verify;
    verify.written = &written;
    auto j = journal::Journal::open(store, options, &verify);
    FUZZ_CHECK(j.ok());
    std::vector<std::byte> payload(17, std::byte{0x5a});
    auto pos = (*j)->append(2, 99, payload);
    FUZZ_CHECK(pos.ok());
    FUZZ_CHECK(pos->sequence > verify.last);
    written[pos->sequence] = payload;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool quiet = (sy::log::set_level(sy::log::Level::off), true);
  (void)quiet;
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  if (mode & 1) {
    write_damage_recover(data + 1, size - 1);
  } else {
    scan_image(data + 1, size - 1, mode);
  }
  return 0;
}
