// Retention of sealed segments by the caller's verdict on each session key, and the size bound.
#include <gtest/gtest.h>

#include <set>

#include "persistence/journal/memory_store.h"
#include "tests/persistence/journal/journal_test_util.h"

namespace sy::persist::journal {
namespace {

using testing::Collect;
using testing::payload_for;
using testing::small_options;

TEST(JournalRetention, RemovesOnlySegmentsWhoseKeysAreAllSuperseded) {
  MemorySegmentStore store;
  auto journal = Journal::open(store, small_options());
  ASSERT_TRUE(journal.ok());
  // Keys 1 and 2 write first, then key 3 alone; key 1 keeps writing in between.
  std::uint64_t seq = 0;
  auto append = [&](std::uint64_t key) {
    ++seq;
    ASSERT_TRUE((*journal)->append(1, key, payload_for(seq, 200)).ok());
  };
  for (int i = 0; i < 40; ++i) append(i % 2 == 0 ? 1 : 2);
  for (int i = 0; i < 40; ++i) append(3);
  const auto sealed_before = (*journal)->sealed_segments();
  ASSERT_GE(sealed_before.size(), 3u);

  // Nothing is superseded: nothing goes.
  auto none = (*journal)->remove_superseded([](const KeySummary&) { return false; });
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->segments_removed, 0u);

  // Keys 1 and 2 have later snapshots: segments holding only them go, key 3's stay.
  std::set<std::uint64_t> asked;
  auto some = (*journal)->remove_superseded([&](const KeySummary& k) {
    asked.insert(k.session_key);
    EXPECT_GT(k.records, 0u);
    EXPECT_LE(k.first_sequence, k.last_sequence);
    return k.session_key != 3;
  });
  ASSERT_TRUE(some.ok());
  EXPECT_GT(some->segments_removed, 0u);
  EXPECT_EQ(asked, (std::set<std::uint64_t>{1, 2, 3}));
  EXPECT_EQ((*journal)->counters().segments_removed, some->segments_removed);
  for (std::uint64_t index : (*journal)->sealed_segments()) {
    auto summary = summarize_segment(store, index);
    ASSERT_TRUE(summary.ok());
    bool has_three = false;
    for (const auto& k : summary->keys) has_three |= k.session_key == 3;
    EXPECT_TRUE(has_three) << "segment " << index;
  }
  // The active segment is never removed, whatever the verdict.
  const std::uint64_t active = (*journal)->active_segment();
  ASSERT_TRUE((*journal)->remove_superseded([](const KeySummary&) { return true; }).ok());
  EXPECT_TRUE((*journal)->sealed_segments().empty());
  EXPECT_NE(store.image(active), nullptr);
  journal->reset();

  // The journal reopens over the gap and continues the sequence.
  Collect c;
  auto reopened = Journal::open(store, small_options(), &c);
  ASSERT_TRUE(reopened.ok());
  EXPECT_TRUE(c.drops.empty());
  ASSERT_FALSE(c.records.empty());
  EXPECT_EQ(c.records.back().sequence, seq);
  EXPECT_EQ((*reopened)->append(1, 3, payload_for(seq + 1, 10))->sequence, seq + 1);
}

TEST(JournalRetention, SizeBoundEvictsOldestSealedSegmentsFirst) {
  MemorySegmentStore store;
  JournalOptions o = small_options();
  o.max_bytes = 4 * o.segment_bytes;
  auto journal = Journal::open(store, o);
  ASSERT_TRUE(journal.ok());
  for (std::uint64_t seq = 1; seq <= 500; ++seq) {
    ASSERT_TRUE((*journal)->append(1, seq, payload_for(seq, 100)).ok());
    ASSERT_LE((*journal)->disk_bytes(), o.max_bytes);
  }
  const auto listed = store.list();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 4u);
  // What remains is the newest run of segments, without holes.
  for (std::size_t i = 1; i < listed->size(); ++i) EXPECT_EQ((*listed)[i], (*listed)[i - 1] + 1);
  EXPECT_EQ(listed->back(), (*journal)->active_segment());
  EXPECT_EQ((*journal)->counters().segments_evicted + 4, (*journal)->counters().segments_created);
}

TEST(JournalRetention, BudgetBelowTwoSegmentsIsRejected) {
  MemorySegmentStore store;
  JournalOptions o = small_options();
  o.max_bytes = o.segment_bytes + 1;
  auto journal = Journal::open(store, o);
  ASSERT_FALSE(journal.ok());
  EXPECT_TRUE(journal.error().is(JournalError::bad_options));
}

}  // namespace
}  // namespace sy::persist::journal
