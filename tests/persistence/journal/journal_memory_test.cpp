// Journal behaviour on the in-memory store, the LevelDB way: write, damage the bytes, reopen.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "persistence/journal/crc.h"
#include "persistence/journal/memory_store.h"
#include "tests/persistence/journal/journal_test_util.h"

namespace sy::persist::journal {
namespace {

using testing::Collect;
using testing::CopiedRecord;
using testing::payload_for;
using testing::small_options;

// Appends `count` records (payload size from `size_of(i)`, key i % 3) and returns their positions.
template <class SizeFn>
std::vector<RecordPosition> write_records(SegmentStore& store, const JournalOptions& options,
                                          int count, SizeFn size_of) {
  auto journal = Journal::open(store, options);
  EXPECT_TRUE(journal.ok());
  std::vector<RecordPosition> positions;
  const std::uint64_t first = (*journal)->last_sequence() + 1;
  for (int i = 0; i < count; ++i) {
    const auto payload = payload_for(first + static_cast<std::uint64_t>(i), size_of(i));
    auto pos = (*journal)->append(static_cast<std::uint16_t>(1 + i % 5),
                                  static_cast<std::uint64_t>(i % 3), payload);
    EXPECT_TRUE(pos.ok());
    positions.push_back(*pos);
  }
  return positions;
}

std::vector<RecordPosition> write_fixed(SegmentStore& store, int count, std::size_t size,
                                        std::uint64_t segment_bytes = 4096) {
  return write_records(store, small_options(segment_bytes), count, [size](int) { return size; });
}

Collect reopen(SegmentStore& store, std::uint64_t segment_bytes = 4096) {
  Collect c;
  auto journal = Journal::open(store, small_options(segment_bytes), &c);
  EXPECT_TRUE(journal.ok());
  return c;
}

void expect_intact(const CopiedRecord& r) {
  EXPECT_EQ(r.payload, payload_for(r.sequence, r.payload.size())) << "sequence " << r.sequence;
}

TEST(JournalCrc, MatchesTheCrc32cCheckValueAndChains) {
  const char* text = "123456789";
  EXPECT_EQ(crc32c(text, 9), 0xE3069283u);
  EXPECT_EQ(crc32c(text + 4, 5, crc32c(text, 4)), 0xE3069283u);
  EXPECT_EQ(crc32c(text, 0), 0u);
}

// The seed image was produced from docs/journal-format.md by an independent encoder (Python),
// so this pins the on-disk format, not only agreement between this writer and this reader.
TEST(JournalFormat, ReadsAnImageEncodedFromTheSpec) {
  const char* src = std::getenv("SWITCHYARD_SOURCE_DIR");
  if (src == nullptr) GTEST_SKIP() << "run through ctest";
  std::ifstream in(std::string(src) + "/tests/persistence/journal/corpus/raw_three_records",
                   std::ios::binary);
  ASSERT_TRUE(in);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 1u + kSegmentHeaderSize);
  MemorySegmentStore::Image image(bytes.size() - 1);  // byte 0 is the fuzz target's mode
  std::memcpy(image.data(), bytes.data() + 1, image.size());
  Collect c;
  SegmentScanParams params;
  params.expected_index = 1;
  const auto r = scan_segment(image, params, c);
  EXPECT_TRUE(c.drops.empty());
  ASSERT_EQ(c.records.size(), 3u);
  EXPECT_EQ(r.last_sequence, 3u);
  EXPECT_EQ(c.records[0].type, 1u);
  EXPECT_EQ(c.records[0].key, 7u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(c.records[0].payload.data()), 5), "hello");
  EXPECT_EQ(c.records[1].offset, kSegmentHeaderSize + record_span(5));
  EXPECT_EQ(c.records[2].key, 9u);
  EXPECT_TRUE(c.records[2].payload.empty());
}

TEST(JournalMemory, RoundTripAcrossSegmentRolls) {
  MemorySegmentStore store;
  const auto positions = write_records(store, small_options(), 300, [](int i) {
    return static_cast<std::size_t>((i * 37) % 900);
  });
  ASSERT_GT(positions.back().segment, 5u);
  Collect c = reopen(store);
  ASSERT_EQ(c.records.size(), 300u);
  EXPECT_TRUE(c.drops.empty());
  for (std::size_t i = 0; i < c.records.size(); ++i) {
    const CopiedRecord& r = c.records[i];
    EXPECT_EQ(r.sequence, i + 1);
    EXPECT_EQ(r.segment, positions[i].segment);
    EXPECT_EQ(r.offset, positions[i].offset);
    EXPECT_EQ(r.type, 1 + i % 5);
    EXPECT_EQ(r.key, i % 3);
    EXPECT_EQ(r.payload.size(), (i * 37) % 900);
    expect_intact(r);
  }
}

TEST(JournalMemory, ReopenContinuesSequenceAndPosition) {
  MemorySegmentStore store;
  const auto first = write_fixed(store, 10, 40);
  const auto second = write_fixed(store, 10, 40);
  EXPECT_EQ(second.front().sequence, 11u);
  EXPECT_EQ(second.front().segment, first.back().segment);
  EXPECT_EQ(second.front().offset, first.back().offset + record_span(40));
  Collect c = reopen(store);
  ASSERT_EQ(c.records.size(), 20u);
  for (std::size_t i = 0; i < 20; ++i) EXPECT_EQ(c.records[i].sequence, i + 1);
  EXPECT_TRUE(c.drops.empty());
}

TEST(JournalMemory, EveryBitFlipInAMiddleRecordIsReportedAndSkipped) {
  MemorySegmentStore seed;
  const auto positions = write_fixed(seed, 12, 48);  // 48: no padding, every byte is checked
  const RecordPosition victim = positions[5];
  ASSERT_EQ(victim.segment, positions.back().segment);
  const std::size_t span = record_span(48);
  for (std::size_t byte = 0; byte < span; ++byte) {
    for (int bit = 0; bit < 8; bit += 3) {
      MemorySegmentStore store;
      store.put(victim.segment, *seed.image(victim.segment));
      (*store.image(victim.segment))[victim.offset + byte] ^= static_cast<std::byte>(1 << bit);
      Collect c = reopen(store);
      ASSERT_EQ(c.drops.size(), 1u) << "byte " << byte << " bit " << bit;
      EXPECT_EQ(c.drops[0].offset, victim.offset);
      EXPECT_EQ(c.drops[0].bytes, span);
      ASSERT_EQ(c.records.size(), 11u);
      for (const auto& r : c.records) {
        EXPECT_NE(r.sequence, victim.sequence);
        expect_intact(r);
      }
    }
  }
}

TEST(JournalMemory, DamageReportsReasonAndCounters) {
  MemorySegmentStore store;
  const auto positions = write_fixed(store, 6, 64);
  auto& image = *store.image(positions[2].segment);
  image[positions[2].offset + kRecordHeaderSize + 3] ^= std::byte{0x40};
  Collect c;
  auto journal = Journal::open(store, small_options(), &c);
  ASSERT_TRUE(journal.ok());
  ASSERT_EQ(c.drops.size(), 1u);
  EXPECT_EQ(c.drops[0].reason, DropReason::checksum_mismatch);
  EXPECT_EQ((*journal)->counters().bytes_dropped, record_span(64));
  EXPECT_EQ((*journal)->counters().drop_events, 1u);
  EXPECT_EQ((*journal)->counters().records_recovered, 5u);
  EXPECT_EQ((*journal)->last_sequence(), 6u);
}

TEST(JournalMemory, TruncationAtEveryOffsetOfTheLastRecordIsATornTail) {
  MemorySegmentStore seed;
  const auto positions = write_fixed(seed, 8, 100);
  const RecordPosition last = positions.back();
  for (std::uint64_t cut = last.offset; cut < last.offset + record_span(100); ++cut) {
    MemorySegmentStore store;
    for (std::uint64_t s = 1; s <= last.segment; ++s) store.put(s, *seed.image(s));
    store.image(last.segment)->resize(cut);
    {
      Collect c;
      auto journal = Journal::open(store, small_options(), &c);
      ASSERT_TRUE(journal.ok());
      EXPECT_TRUE(c.drops.empty()) << "cut at " << cut;
      ASSERT_EQ(c.records.size(), 7u);
      EXPECT_EQ((*journal)->last_sequence(), 7u);
      // The truncated segment is left sealed at its last valid record; appends go to a new one.
      auto pos = (*journal)->append(9, 42, payload_for(8, 10));
      ASSERT_TRUE(pos.ok());
      EXPECT_EQ(pos->sequence, 8u);
      EXPECT_EQ(pos->segment, last.segment + 1);
    }
    Collect again = reopen(store);
    EXPECT_TRUE(again.drops.empty()) << "cut at " << cut;
    ASSERT_EQ(again.records.size(), 8u);
    EXPECT_EQ(again.records.back().key, 42u);
    for (const auto& r : again.records) expect_intact(r);
  }
}

TEST(JournalMemory, ZeroedTailIsTheEndOfTheLog) {
  MemorySegmentStore store;
  const auto positions = write_fixed(store, 8, 100);
  auto& image = *store.image(positions.back().segment);
  // A record whose payload reached the map but whose header did not (the writer's order).
  std::memset(image.data() + positions.back().offset, 0, kRecordHeaderSize);
  Collect c = reopen(store);
  EXPECT_TRUE(c.drops.empty());
  EXPECT_EQ(c.records.size(), 7u);
}

TEST(JournalMemory, HeaderWithoutChecksumIsATornTail) {
  MemorySegmentStore store;
  const auto positions = write_fixed(store, 8, 100);
  auto& image = *store.image(positions.back().segment);
  std::memset(image.data() + positions.back().offset, 0, 4);  // the CRC is written last
  Collect c;
  auto journal = Journal::open(store, small_options(), &c);
  ASSERT_TRUE(journal.ok());
  EXPECT_TRUE(c.drops.empty());
  EXPECT_EQ(c.records.size(), 7u);
  EXPECT_EQ((*journal)->counters().torn_tail_bytes, record_span(100));
}

TEST(JournalMemory, LengthPastTheEndIsATornTailInTheLastSegment) {
  MemorySegmentStore store;
  const auto positions = write_fixed(store, 8, 100);
  auto& image = *store.image(positions.back().segment);
  const std::uint32_t huge = 0xFFFFFF00u;
  std::memcpy(image.data() + positions.back().offset + 4, &huge, 4);
  Collect c = reopen(store);
  EXPECT_TRUE(c.drops.empty());
  EXPECT_EQ(c.records.size(), 7u);
}

TEST(JournalMemory, LengthPastTheSealInASealedSegmentIsReported) {
  MemorySegmentStore store;
  const auto positions = write_fixed(store, 60, 100);
  ASSERT_GE(positions.back().segment, 2u);
  std::size_t last_of_first = 0;
  while (positions[last_of_first + 1].segment == 1) ++last_of_first;
  const std::uint32_t huge = 0x00FFFFF0u;
  std::memcpy(store.image(1)->data() + positions[last_of_first].offset + 4, &huge, 4);
  Collect c = reopen(store);
  ASSERT_EQ(c.drops.size(), 1u);
  EXPECT_EQ(c.drops[0].segment, 1u);
  EXPECT_EQ(c.drops[0].offset, positions[last_of_first].offset);
  EXPECT_EQ(c.drops[0].bytes, record_span(100));
  EXPECT_EQ(c.drops[0].reason, DropReason::length_past_end);
  EXPECT_EQ(c.records.size(), 59u);
}

TEST(JournalMemory, TruncatedOrZeroedSealedSegmentIsReported) {
  MemorySegmentStore store;
  const auto positions = write_fixed(store, 60, 100);
  ASSERT_GE(positions.back().segment, 3u);
  store.image(1)->resize(1000);
  auto& second = *store.image(2);
  std::memset(second.data() + 2000, 0, 500);
  Collect c = reopen(store);
  ASSERT_EQ(c.drops.size(), 2u);
  EXPECT_EQ(c.drops[0].segment, 1u);
  EXPECT_EQ(c.drops[0].reason, DropReason::truncated_segment);
  EXPECT_EQ(c.drops[1].segment, 2u);
  for (const auto& r : c.records) expect_intact(r);
  EXPECT_EQ(c.records.back().sequence, 60u);
}

TEST(JournalMemory, BadSegmentHeaderDropsOnlyThatSegment) {
  MemorySegmentStore store;
  const auto positions = write_fixed(store, 60, 100);
  ASSERT_GE(positions.back().segment, 3u);
  (*store.image(2))[9] ^= std::byte{1};  // version field
  Collect c = reopen(store);
  ASSERT_EQ(c.drops.size(), 1u);
  EXPECT_EQ(c.drops[0].segment, 2u);
  EXPECT_EQ(c.drops[0].reason, DropReason::bad_segment_header);
  std::size_t in_two = 0;
  for (const auto& p : positions) in_two += p.segment == 2;
  EXPECT_EQ(c.records.size(), 60u - in_two);
}

TEST(JournalMemory, StaleBytesAfterTheEndNeverReappearBehindNewAppends) {
  MemorySegmentStore store;
  const auto positions = write_fixed(store, 10, 40);
  ASSERT_EQ(positions.back().segment, 1u);
  // A hole (a page a power loss did not write): records 6..10 are beyond the end of the log.
  std::memset(store.image(1)->data() + positions[5].offset, 0, kRecordHeaderSize);
  {
    Collect c;
    auto journal = Journal::open(store, small_options(), &c);
    ASSERT_TRUE(journal.ok());
    ASSERT_EQ(c.records.size(), 5u);
    // Same size as record 6, so it ends exactly where record 7 began.
    auto pos = (*journal)->append(1, 7, payload_for(6, 40));
    ASSERT_TRUE(pos.ok());
    EXPECT_EQ(pos->offset, positions[5].offset);
  }
  Collect c = reopen(store);
  EXPECT_TRUE(c.drops.empty());
  ASSERT_EQ(c.records.size(), 6u);
  EXPECT_EQ(c.records.back().key, 7u);
}

TEST(JournalMemory, RecordImageInsideAPayloadIsNeverMistakenForARecord) {
  MemorySegmentStore store;
  std::vector<std::byte> inner_image;
  {
    auto journal = Journal::open(store, small_options());
    ASSERT_TRUE(journal.ok());
    ASSERT_TRUE((*journal)->append(1, 1, payload_for(1, 64)).ok());
    // Record 2 carries a byte-exact copy of record 1, as an application might journal a journal.
    const auto& image = *store.image(1);
    inner_image.assign(image.begin() + kSegmentHeaderSize,
                       image.begin() + kSegmentHeaderSize + record_span(64));
    ASSERT_TRUE((*journal)->append(2, 2, inner_image).ok());
    ASSERT_TRUE((*journal)->append(3, 3, payload_for(3, 64)).ok());
  }
  const std::uint64_t outer = kSegmentHeaderSize + record_span(64);
  (*store.image(1))[outer] ^= std::byte{1};  // damage record 2's CRC: the scan resynchronises
  Collect c = reopen(store);
  ASSERT_EQ(c.records.size(), 2u);
  EXPECT_EQ(c.records[0].sequence, 1u);
  EXPECT_EQ(c.records[1].sequence, 3u);
  ASSERT_EQ(c.drops.size(), 1u);
  EXPECT_EQ(c.drops[0].bytes, record_span(inner_image.size()));
}

TEST(JournalMemory, RejectsTypeZeroAndOversizedPayloads) {
  MemorySegmentStore store;
  auto journal = Journal::open(store, small_options());
  ASSERT_TRUE(journal.ok());
  auto zero = (*journal)->append(0, 1, {});
  ASSERT_FALSE(zero.ok());
  EXPECT_TRUE(zero.error().is(JournalError::bad_type));
  std::vector<std::byte> big(max_payload(4096) + 1);
  auto too_big = (*journal)->append(1, 1, big);
  ASSERT_FALSE(too_big.ok());
  EXPECT_TRUE(too_big.error().is(JournalError::record_too_large));
  big.resize(max_payload(4096));
  EXPECT_TRUE((*journal)->append(1, 1, big).ok());
  EXPECT_TRUE((*journal)->append(1, 1, {}).ok());
}

TEST(JournalMemory, SyncPolicies) {
  {
    MemorySegmentStore store;
    JournalOptions o = small_options(1 << 20);
    o.sync = SyncPolicy::always;
    auto journal = Journal::open(store, o);
    ASSERT_TRUE(journal.ok());
    for (int i = 0; i < 5; ++i) ASSERT_TRUE((*journal)->append(1, 1, payload_for(1, 10)).ok());
    EXPECT_EQ(store.syncs(), 5u);
    EXPECT_EQ((*journal)->counters().syncs, 5u);
  }
  {
    MemorySegmentStore store;
    JournalOptions o = small_options(1 << 20);
    o.sync = SyncPolicy::interval;
    o.sync_interval_ms = 3'600'000;  // never due inside the test
    auto journal = Journal::open(store, o);
    ASSERT_TRUE(journal.ok());
    for (int i = 0; i < 5; ++i) ASSERT_TRUE((*journal)->append(1, 1, payload_for(1, 10)).ok());
    ASSERT_TRUE((*journal)->sync_if_due().ok());
    EXPECT_EQ(store.syncs(), 0u);
    journal->reset();  // closing syncs what interval promised
    EXPECT_EQ(store.syncs(), 1u);
  }
  {
    MemorySegmentStore store;
    auto journal = Journal::open(store, small_options(1 << 20));
    ASSERT_TRUE(journal.ok());
    for (int i = 0; i < 5; ++i) ASSERT_TRUE((*journal)->append(1, 1, payload_for(1, 10)).ok());
    journal->reset();
    EXPECT_EQ(store.syncs(), 0u);
  }
}

}  // namespace
}  // namespace sy::persist::journal
