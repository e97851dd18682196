// Journal throughput: appends into mapped segment files per sync policy and payload size, and the
// recovery scan over a written journal (through the mmap store, and over a memory image to show
// the parser alone). Files go to $JOURNAL_BENCH_DIR (default /tmp), on the file system under test.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/persistence/bench_temp_dir.h"
#include "core/base/log.h"
#include "persistence/journal/journal.h"
#include "persistence/journal/memory_store.h"
#include "persistence/journal/mmap_store.h"

namespace {

namespace fs = std::filesystem;
using namespace sy::persist::journal;

using TempDir = sy::bench::BenchTempDir;

class Count final : public ScanVisitor {
 public:
  void on_record(const RecordView& r) override {
    ++records;
    bytes += r.payload.size();
  }
  std::uint64_t records = 0;
  std::uint64_t bytes = 0;
};

void quiet() { sy::log::set_level(sy::log::Level::warn); }

void BM_Append(benchmark::State& state, SyncPolicy policy, bool populate) {
  quiet();
  const auto size = static_cast<std::size_t>(state.range(0));
  TempDir dir("journal-bench");
  MmapStoreOptions so;
  so.populate_on_create = populate;
  auto store = MmapSegmentStore::open(dir.path(), so);
  if (!store) return state.SkipWithError("cannot open the journal directory");
  JournalOptions o;
  o.sync = policy;
  o.max_bytes = 1ULL << 30;  // keeps a long run from filling the disk; eviction is measured too
  auto journal = Journal::open(**store, o);
  if (!journal) return state.SkipWithError("cannot open the journal");
  std::vector<std::byte> payload(size, std::byte{0x5a});
  std::uint64_t key = 0;
  for (auto _ : state) {
    auto pos = (*journal)->append(1, ++key & 1023, payload);
    if (!pos) return state.SkipWithError("append failed");
    benchmark::DoNotOptimize(pos);
  }
  const auto& c = (*journal)->counters();
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
  state.counters["map_bytes/s"] =
      benchmark::Counter(static_cast<double>(c.bytes_appended), benchmark::Counter::kIsRate);
  state.counters["syncs"] = static_cast<double>(c.syncs);
  state.counters["segments"] = static_cast<double>(c.segments_created);
}
// Rates use wall time and the CPU column counts the whole process: the store prepares segments on
// a background thread, and a rate on the appending thread's CPU alone would hide that work.
// `none`/`interval`/`always`: segments faulted in as they are written (the gateway's default);
// `none_populated`: segments pre-faulted when created (JOURNAL_PREFAULT=on).
BENCHMARK_CAPTURE(BM_Append, none, SyncPolicy::none, false)
    ->Arg(64)->Arg(1024)->Arg(16384)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK_CAPTURE(BM_Append, none_populated, SyncPolicy::none, true)
    ->Arg(64)->Arg(1024)->Arg(16384)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK_CAPTURE(BM_Append, interval, SyncPolicy::interval, false)
    ->Arg(64)->Arg(1024)->Arg(16384)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK_CAPTURE(BM_Append, always, SyncPolicy::always, false)
    ->Arg(64)->Arg(1024)->Arg(16384)->Iterations(300)->UseRealTime()->MeasureProcessCPUTime();

// Writes `total` bytes of records with `size`-byte payloads into `store`.
bool fill(SegmentStore& store, std::size_t size, std::uint64_t total) {
  JournalOptions o;
  o.sync = SyncPolicy::none;
  auto journal = Journal::open(store, o);
  if (!journal) return false;
  std::vector<std::byte> payload(size, std::byte{0x33});
  for (std::uint64_t written = 0; written < total; written += record_span(size)) {
    if (!(*journal)->append(2, written & 4095, payload)) return false;
  }
  return true;
}

void BM_RecoverMmap(benchmark::State& state) {
  quiet();
  const auto size = static_cast<std::size_t>(state.range(0));
  TempDir dir("journal-bench");
  {
    auto store = MmapSegmentStore::open(dir.path(), {});
    if (!store || !fill(**store, size, 256ULL << 20)) return state.SkipWithError("setup failed");
  }
  MmapStoreOptions ro;
  ro.read_only = true;
  std::uint64_t scanned = 0;
  for (auto _ : state) {
    auto store = MmapSegmentStore::open(dir.path(), ro);
    Count count;
    auto r = read_journal(**store, count);
    if (!r || r->stats.drop_events != 0) return state.SkipWithError("read failed");
    scanned += r->stats.record_bytes;
    benchmark::DoNotOptimize(count.records);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(scanned));
}
BENCHMARK(BM_RecoverMmap)
    ->Arg(64)->Arg(1024)->Arg(16384)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ScanSegmentImage(benchmark::State& state) {
  quiet();
  const auto size = static_cast<std::size_t>(state.range(0));
  MemorySegmentStore store;
  if (!fill(store, size, kDefaultSegmentBytes - (1 << 20))) return state.SkipWithError("setup");
  const auto* image = store.image(1);
  SegmentScanParams params;
  params.expected_index = 1;
  std::uint64_t scanned = 0;
  for (auto _ : state) {
    Count count;
    const auto r = scan_segment(*image, params, count);
    scanned += r.record_bytes;
    benchmark::DoNotOptimize(count.records);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(scanned));
}
BENCHMARK(BM_ScanSegmentImage)
    ->Arg(64)->Arg(1024)->Arg(16384)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
