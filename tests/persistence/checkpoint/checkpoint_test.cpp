// Checkpoints through a real journal on an in-memory store: what a session journals comes back
// the same after a reopen; only records after the last snapshot are decoded; damage and torn
// tails lose at most the damaged records; retention drops what nothing needs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "persistence/checkpoint/checkpoint_log.h"
#include "persistence/journal/memory_store.h"

namespace sy::persist::checkpoint {
namespace {

namespace ev = codec::events;
using journal::JournalOptions;
using journal::MemorySegmentStore;

conv::Identity identity(std::string sid) {
  conv::Identity id;
  id.account = "acme";
  id.session_id = std::move(sid);
  id.dialect = conv::Dialect::gemini;
  id.core = "openai";
  id.model = "gemini-live";
  return id;
}

// Applies and journals, the way a session does.
struct Writer {
  CheckpointLog& log;
  std::uint64_t key;
  conv::Conversation conv;
  std::int64_t t = 1'700'000'000'000;

  void put(const conv::Delta& d) {
    ASSERT_TRUE(log.append(key, d, ++t).ok());
    conv.apply(d);
    ASSERT_TRUE(log.maybe_snapshot(key, conv, t).ok());
  }
};

conv::ItemView message(std::string_view id, ev::Role role, std::string_view text) {
  conv::ItemView v;
  v.id = id;
  v.role = role;
  v.text = text;
  return v;
}

void expect_same(const conv::Conversation& a, const conv::Conversation& b) {
  EXPECT_EQ(a.identity(), b.identity());
  ASSERT_EQ(a.items().size(), b.items().size());
  for (std::size_t i = 0; i < a.items().size(); ++i) EXPECT_EQ(a.items()[i], b.items()[i]) << i;
  EXPECT_EQ(a.upstream_handle(), b.upstream_handle());
  EXPECT_EQ(a.usage(), b.usage());
  EXPECT_EQ(a.client_session_id(), b.client_session_id());
  ASSERT_EQ(a.has_config(), b.has_config());
  if (a.has_config()) {
    const ev::SessionConfig &x = a.config(), &y = b.config();
    EXPECT_EQ(x.instructions, y.instructions);
    EXPECT_EQ(x.voice, y.voice);
    EXPECT_EQ(x.turn_detection, y.turn_detection);
    EXPECT_EQ(x.input_format, y.input_format);
    EXPECT_EQ(x.temperature, y.temperature);
    ASSERT_EQ(x.tools.has_value(), y.tools.has_value());
    if (x.tools) {
      ASSERT_EQ(x.tools->size(), y.tools->size());
      for (std::size_t i = 0; i < x.tools->size(); ++i) EXPECT_EQ((*x.tools)[i], (*y.tools)[i]);
    }
  }
}

void write_conversation(Writer& w, const conv::Identity& id) {
  w.put(conv::SetIdentity{&id});
  ev::SessionConfig cfg;
  cfg.instructions = "Speak \"plainly\"\n and briefly.";
  cfg.voice = "Kore";
  cfg.temperature = 0.7;
  ev::TurnDetection td;
  td.mode = ev::TurnDetectionMode::manual;
  cfg.turn_detection = td;
  ev::Tool tool{"get_weather", "Weather by city", R"({"type":"object","properties":{"city":{"type":"string"}}})"};
  cfg.tools = std::span<const ev::Tool>(&tool, 1);
  w.put(conv::SetConfig{cfg});
  w.put(conv::PutItem{message("i1", ev::Role::user, "Hello, ünïcode ✓"), std::nullopt});
  conv::ItemView a = message("i2", ev::Role::assistant, "");
  a.status = ev::ItemStatus::in_progress;
  a.spoken = true;
  w.put(conv::PutItem{a, std::nullopt});
  w.put(conv::AppendText{"i2", "Hi "});
  w.put(conv::AppendText{"i2", "there."});
  w.put(conv::SetItemState{"i2", ev::ItemStatus::incomplete, 1200});
  w.put(conv::SetHeard{"i2", 700});
  conv::ItemView call;
  call.id = "c1";
  call.type = ev::ItemType::function_call;
  call.role = ev::Role::assistant;
  call.call_id = "call_1";
  call.name = "get_weather";
  call.text = R"({"city":"Oslo"})";
  w.put(conv::PutItem{call, std::nullopt});
  w.put(conv::PutItem{message("i0", ev::Role::user, "first"), std::string_view{}});
  w.put(conv::RemoveItem{"i0"});
  w.put(conv::SetUpstreamHandle{"handle-123", 1'700'000'000'500});
  ev::Usage u;
  u.total_tokens = 9;
  u.input_tokens = 4;
  u.output_tokens = 5;
  w.put(conv::AddUsage{u});
  w.put(conv::AddUsage{u});
  w.put(conv::SetClientSessionId{"sess_x"});
}

TEST(CheckpointLog, ReopenRecoversTheSameConversation) {
  MemorySegmentStore store;
  JournalOptions jo;
  jo.segment_bytes = 64 << 10;
  jo.sync = journal::SyncPolicy::none;
  conv::Identity id = identity("s-1");
  std::uint64_t key = session_key(id.account, id.session_id);
  conv::Conversation expected;
  {
    std::vector<RecoveredSession> none;
    RecoveryStats stats;
    auto log = CheckpointLog::open(store, jo, LogOptions{}, none, stats);
    ASSERT_TRUE(log.ok());
    EXPECT_TRUE(none.empty());
    Writer w{**log, key, {}};
    write_conversation(w, id);
    expected = std::move(w.conv);
  }
  std::vector<RecoveredSession> got;
  RecoveryStats stats;
  auto log = CheckpointLog::open(store, jo, LogOptions{}, got, stats);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].key, key);
  EXPECT_EQ(stats.bad_records, 0u);
  expect_same(got[0].conversation, expected);
  EXPECT_EQ(got[0].conversation.items()[1].heard_ms, 700u);
  EXPECT_EQ(got[0].conversation.usage().total_tokens, 18u);
}

TEST(CheckpointLog, OnlyRecordsAfterTheLastSnapshotAreDecoded) {
  MemorySegmentStore store;
  JournalOptions jo;
  jo.sync = journal::SyncPolicy::none;
  jo.segment_bytes = 256 << 10;
  LogOptions lo;
  lo.snapshot_every = 8;
  conv::Identity id = identity("s-2");
  std::uint64_t key = session_key(id.account, id.session_id);
  conv::Conversation expected;
  {
    std::vector<RecoveredSession> none;
    RecoveryStats stats;
    auto log = CheckpointLog::open(store, jo, lo, none, stats);
    ASSERT_TRUE(log.ok());
    Writer w{**log, key, {}};
    w.put(conv::SetIdentity{&id});
    for (int i = 0; i < 100; ++i) {
      std::string iid = "i" + std::to_string(i);
      w.put(conv::PutItem{message(iid, ev::Role::user, "words " + iid), std::nullopt});
    }
    expected = std::move(w.conv);
  }
  std::vector<RecoveredSession> got;
  RecoveryStats stats;
  ASSERT_TRUE(CheckpointLog::open(store, jo, lo, got, stats).ok());
  ASSERT_EQ(got.size(), 1u);
  expect_same(got[0].conversation, expected);
  EXPECT_LE(stats.records_decoded, 9u) << "one snapshot and the deltas after it";
  EXPECT_GE(stats.records_skipped, 90u);
}

TEST(CheckpointLog, EndedSessionsAreNotRecoveredAndSessionsAreKeptApart) {
  MemorySegmentStore store;
  JournalOptions jo;
  jo.sync = journal::SyncPolicy::none;
  jo.segment_bytes = 64 << 10;
  conv::Identity a = identity("a"), b = identity("b");
  {
    std::vector<RecoveredSession> none;
    RecoveryStats stats;
    auto log = CheckpointLog::open(store, jo, LogOptions{}, none, stats);
    ASSERT_TRUE(log.ok());
    Writer wa{**log, session_key(a.account, a.session_id), {}};
    Writer wb{**log, session_key(b.account, b.session_id), {}};
    wa.put(conv::SetIdentity{&a});
    wb.put(conv::SetIdentity{&b});
    wa.put(conv::PutItem{message("x", ev::Role::user, "for a"), std::nullopt});
    wb.put(conv::PutItem{message("x", ev::Role::user, "for b"), std::nullopt});
    ASSERT_TRUE((*log)->ended(wa.key, "expired", wa.t + 1).ok());
  }
  std::vector<RecoveredSession> got;
  RecoveryStats stats;
  ASSERT_TRUE(CheckpointLog::open(store, jo, LogOptions{}, got, stats).ok());
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].conversation.identity().session_id, "b");
  ASSERT_EQ(got[0].conversation.items().size(), 1u);
  EXPECT_EQ(got[0].conversation.items()[0].text, "for b");
  EXPECT_EQ(stats.ended, 1u);
}

TEST(CheckpointLog, TornTailLosesOnlyTheUnfinishedRecord) {
  MemorySegmentStore store;
  JournalOptions jo;
  jo.sync = journal::SyncPolicy::none;
  jo.segment_bytes = 64 << 10;
  conv::Identity id = identity("s-3");
  std::uint64_t key = session_key(id.account, id.session_id);
  {
    std::vector<RecoveredSession> none;
    RecoveryStats stats;
    auto log = CheckpointLog::open(store, jo, LogOptions{}, none, stats);
    ASSERT_TRUE(log.ok());
    Writer w{**log, key, {}};
    w.put(conv::SetIdentity{&id});
    w.put(conv::PutItem{message("i1", ev::Role::user, "kept"), std::nullopt});
    w.put(conv::PutItem{message("i2", ev::Role::user, "torn away"), std::nullopt});
  }
  auto segs = store.list();
  ASSERT_TRUE(segs.ok());
  auto* image = store.image(segs->back());
  ASSERT_NE(image, nullptr);
  // Zero the last record's second half: the writer died while copying it.
  std::size_t end = image->size();
  while (end > 0 && (*image)[end - 1] == std::byte{0}) --end;
  for (std::size_t i = end - 20; i < end; ++i) (*image)[i] = std::byte{0};
  std::vector<RecoveredSession> got;
  RecoveryStats stats;
  auto log = CheckpointLog::open(store, jo, LogOptions{}, got, stats);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(got.size(), 1u);
  ASSERT_EQ(got[0].conversation.items().size(), 1u);
  EXPECT_EQ(got[0].conversation.items()[0].text, "kept");
  // And the journal goes on after the tear.
  Writer w{**log, key, std::move(got[0].conversation)};
  w.put(conv::PutItem{message("i3", ev::Role::user, "after"), std::nullopt});
  log->reset();
  got.clear();
  ASSERT_TRUE(CheckpointLog::open(store, jo, LogOptions{}, got, stats).ok());
  ASSERT_EQ(got.size(), 1u);
  ASSERT_EQ(got[0].conversation.items().size(), 2u);
  EXPECT_EQ(got[0].conversation.items()[1].text, "after");
}

TEST(CheckpointLog, RetentionDropsSegmentsNothingNeeds) {
  MemorySegmentStore store;
  JournalOptions jo;
  jo.sync = journal::SyncPolicy::none;
  jo.segment_bytes = 8 << 10;
  LogOptions lo;
  lo.snapshot_every = 4;
  conv::Identity id = identity("s-4");
  std::uint64_t key = session_key(id.account, id.session_id);
  std::vector<RecoveredSession> none;
  RecoveryStats stats;
  auto log = CheckpointLog::open(store, jo, lo, none, stats);
  ASSERT_TRUE(log.ok());
  Writer w{**log, key, {}};
  w.put(conv::SetIdentity{&id});
  for (int i = 0; i < 200; ++i)
    w.put(conv::PutItem{message("i" + std::to_string(i % 5), ev::Role::user, std::string(100, 'x')), std::nullopt});
  auto before = store.list();
  ASSERT_TRUE(before.ok());
  ASSERT_GT(before->size(), 3u);
  auto live = [&](std::uint64_t k) { return k == key; };
  auto report = (*log)->collect(w.t, 600'000, live);
  ASSERT_TRUE(report.ok());
  EXPECT_GT(report->segments_removed, 0u);
  // What remains still recovers the whole conversation.
  log->reset();
  std::vector<RecoveredSession> got;
  ASSERT_TRUE(CheckpointLog::open(store, jo, lo, got, stats).ok());
  ASSERT_EQ(got.size(), 1u);
  expect_same(got[0].conversation, w.conv);
}

TEST(Records, RejectWhatIsNotACheckpoint) {
  RecordReader r;
  std::int64_t t = 0;
  int seen = 0;
  auto sink = [&](const conv::Delta&) { ++seen; };
  EXPECT_FALSE(r.read(kDelta, "{", t, sink).ok());
  EXPECT_FALSE(r.read(kDelta, R"({"t":1,"k":"no_such_kind"})", t, sink).ok());
  EXPECT_FALSE(r.read(kDelta, R"({"t":1,"k":"append_text","id":"x"})", t, sink).ok());
  EXPECT_FALSE(r.read(kSnapshot, R"({"t":1})", t, sink).ok());
  EXPECT_FALSE(r.read(7, R"({"t":1})", t, sink).ok());
  EXPECT_EQ(seen, 0);
  EXPECT_TRUE(r.read(kDelta, R"({"t":5,"k":"remove_item","id":"x"})", t, sink).ok());
  EXPECT_EQ(t, 5);
  EXPECT_EQ(seen, 1);
}

TEST(Records, SessionKeysDependOnAccountAndId) {
  EXPECT_EQ(session_key("a", "b"), session_key("a", "b"));
  EXPECT_NE(session_key("a", "b"), session_key("ab", ""));
  EXPECT_NE(session_key("a", "b"), session_key("b", "a"));
}

}  // namespace
}  // namespace sy::persist::checkpoint
