// What a session's journal costs: a checkpoint delta encoded and appended into the mapped
// segment (the per-turn work on the data path), a snapshot of a conversation of N items, and
// recovery of a journal of many sessions (scan, keep each session's records since its snapshot,
// decode those). Files go to $JOURNAL_BENCH_DIR (default /tmp).
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/persistence/bench_temp_dir.h"
#include "core/base/log.h"
#include "persistence/checkpoint/checkpoint_log.h"
#include "persistence/journal/memory_store.h"
#include "persistence/journal/mmap_store.h"

namespace {

namespace fs = std::filesystem;
namespace cp = sy::persist::checkpoint;
namespace conv = sy::codec::conversation;
namespace ev = sy::codec::events;
using namespace sy::persist::journal;

using TempDir = sy::bench::BenchTempDir;

const conv::Identity kIdentity{"acme", "sess", conv::Dialect::openai, false, "openai", "gpt-realtime"};

// A transcript delta, the most frequent delta (one per transcript chunk of an answer).
void BM_DeltaAppend(benchmark::State& state) {
  sy::log::set_level(sy::log::Level::warn);
  TempDir dir("checkpoint-bench");
  auto store = MmapSegmentStore::open(dir.path(), {});
  if (!store) return state.SkipWithError("cannot open the journal directory");
  JournalOptions o;
  o.sync = SyncPolicy::none;
  o.max_bytes = 1ULL << 30;
  std::vector<cp::RecoveredSession> none;
  cp::RecoveryStats stats;
  auto log = cp::CheckpointLog::open(**store, o, cp::LogOptions{}, none, stats);
  if (!log) return state.SkipWithError("cannot open the journal");
  const conv::Delta d = conv::AppendText{"item_0123456789abcdefghij", "and then the weather turned "};
  std::uint64_t key = 0;
  for (auto _ : state) {
    auto st = (*log)->append(++key & 1023, d, 1'700'000'000'000);
    if (!st) return state.SkipWithError("append failed");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["map_bytes/s"] = benchmark::Counter(
      static_cast<double>((*log)->journal().counters().bytes_appended), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DeltaAppend)->UseRealTime()->MeasureProcessCPUTime();

conv::Conversation conversation(int items) {
  conv::Conversation c;
  c.apply(conv::SetIdentity{&kIdentity});
  std::string id, text;
  for (int i = 0; i < items; ++i) {
    id = "item_" + std::to_string(i);
    text = "a sentence of about sixty characters said in turn " + std::to_string(i);
    conv::ItemView v;
    v.id = id;
    v.role = i % 2 ? ev::Role::assistant : ev::Role::user;
    v.text = text;
    v.spoken = true;
    c.apply(conv::PutItem{v, std::nullopt});
  }
  return c;
}

void BM_SnapshotEncode(benchmark::State& state) {
  conv::Conversation c = conversation(static_cast<int>(state.range(0)));
  std::string out;
  for (auto _ : state) {
    cp::encode_snapshot(c, 1'700'000'000'000, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
}
BENCHMARK(BM_SnapshotEncode)->Arg(16)->Arg(256);

// A journal of `sessions` conversations of 40 turns each, snapshotted every 64 deltas.
void BM_Recover(benchmark::State& state) {
  sy::log::set_level(sy::log::Level::warn);
  const int sessions = static_cast<int>(state.range(0));
  MemorySegmentStore store;
  JournalOptions o;
  o.sync = SyncPolicy::none;
  {
    std::vector<cp::RecoveredSession> none;
    cp::RecoveryStats stats;
    auto log = cp::CheckpointLog::open(store, o, cp::LogOptions{}, none, stats);
    if (!log) return state.SkipWithError("setup");
    std::vector<conv::Conversation> convs(static_cast<std::size_t>(sessions));
    std::vector<conv::Identity> ids(static_cast<std::size_t>(sessions), kIdentity);
    for (int s = 0; s < sessions; ++s) {
      ids[s].session_id = "sess-" + std::to_string(s);
      const std::uint64_t key = cp::session_key(ids[s].account, ids[s].session_id);
      conv::Delta d = conv::SetIdentity{&ids[s]};
      (void)(*log)->append(key, d, 1);
      convs[s].apply(d);
    }
    std::string id;
    for (int turn = 0; turn < 40; ++turn) {
      for (int s = 0; s < sessions; ++s) {
        const std::uint64_t key = cp::session_key(ids[s].account, ids[s].session_id);
        id = "item_" + std::to_string(turn);
        conv::ItemView v;
        v.id = id;
        v.role = turn % 2 ? ev::Role::assistant : ev::Role::user;
        v.text = "a sentence of about sixty characters said in this turn here";
        for (const conv::Delta& d : {conv::Delta{conv::PutItem{v, std::nullopt}},
                                     conv::Delta{conv::AppendText{id, " and more"}}}) {
          (void)(*log)->append(key, d, 2);
          convs[s].apply(d);
        }
        (void)(*log)->maybe_snapshot(key, convs[s], 2);
      }
    }
  }
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    std::vector<cp::RecoveredSession> got;
    cp::RecoveryStats stats;
    auto log = cp::CheckpointLog::open(store, o, cp::LogOptions{}, got, stats);
    if (!log || got.size() != static_cast<std::size_t>(sessions)) return state.SkipWithError("recovery");
    bytes += stats.journal.bytes_recovered;
    benchmark::DoNotOptimize(got.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["sessions/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * sessions, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Recover)->Arg(100)->Arg(2000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
