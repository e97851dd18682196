// A Prometheus metrics registry for a shard-per-core process.
//
// Every series owns one slot per shard (plus one for the control thread). Only the owning thread
// writes its slot, with a relaxed atomic load followed by a relaxed store: on x86-64 and AArch64
// that compiles to plain loads and stores, so counting on the per-message path takes no lock, no
// read-modify-write instruction and no cache line shared with another shard. The scraper reads
// every shard's slot with relaxed loads and sums them; a scrape that races a write sees either
// the old or the new value, never a torn one.
//
// Families (name, help, type, label names, buckets) and their series (one fixed label-value set
// each) are registered once, normally at start-up. Registration takes a mutex and never moves
// slot memory, so it is also safe while shards are running; writers never take that mutex.
#pragma once

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace sy::metrics {

enum class Errc : std::uint16_t {
  bad_name = 1,       // metric name is not [a-zA-Z_:][a-zA-Z0-9_:]*
  bad_label_name,     // label name is not [a-zA-Z_][a-zA-Z0-9_]*, starts with "__" or is "le"
  duplicate_family,   // a family with this name is already registered
  label_count,        // number of label values differs from the family's label names
  bad_buckets,        // histogram bounds empty, not finite or not strictly increasing
  out_of_slots,       // the per-shard slot capacity given to the Registry is used up
};

// How a family's per-shard slots become exposition lines.
enum class Aggregation : std::uint8_t {
  sum,        // one line per series: the sum over all shards (and the control slot)
  per_shard,  // one line per series and shard, with an extra label shard="<index>"; the
              // control slot is not exposed (write such families from shard threads only)
};

namespace detail {
using Slot = std::atomic<std::uint64_t>;
static_assert(Slot::is_always_lock_free);

// The single-writer increment. Relaxed load + relaxed store instead of fetch_add: the slot has
// one writer (its shard), so no RMW is needed and none is emitted.
inline void bump(Slot* slot, std::uint64_t n) noexcept {
  slot->store(slot->load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}
Slot* sink_slots() noexcept;  // where default-constructed handles write (shared, discarded)
enum class Kind : std::uint8_t { counter, gauge, histogram };
struct Family;
struct AlignedFree {
  void operator()(Slot* p) const noexcept;
};
}  // namespace detail

// Handles are small values (a pointer and a stride) meant to be copied into the objects that
// count. A default-constructed handle is valid and writes to a discarded sink, so components can
// run without a registry (tests). `shard` is the writing thread's shard index, or
// Registry::control_slot() for the one non-shard thread that may write.
class Counter {
 public:
  Counter() noexcept = default;
  void inc(unsigned shard, std::uint64_t n = 1) const noexcept {
    detail::bump(base_ + shard * stride_, n);
  }

 private:
  friend class Registry;
  Counter(detail::Slot* base, std::size_t stride) noexcept : base_(base), stride_(stride) {}
  detail::Slot* base_ = detail::sink_slots();
  std::size_t stride_ = 0;
};

// An integer gauge. Each shard holds its own contribution and the exposition shows their sum, so
// inc() on one shard and dec() on another (a session that moved) still nets out correctly.
class Gauge {
 public:
  Gauge() noexcept = default;
  void add(unsigned shard, std::int64_t delta) const noexcept {
    detail::bump(base_ + shard * stride_, static_cast<std::uint64_t>(delta));  // two's complement
  }
  void inc(unsigned shard) const noexcept { add(shard, 1); }
  void dec(unsigned shard) const noexcept { add(shard, -1); }
  // Sets this shard's contribution (for per_shard gauges, the shard's value).
  void set(unsigned shard, std::int64_t value) const noexcept {
    base_[shard * stride_].store(static_cast<std::uint64_t>(value), std::memory_order_relaxed);
  }

 private:
  friend class Registry;
  Gauge(detail::Slot* base, std::size_t stride) noexcept : base_(base), stride_(stride) {}
  detail::Slot* base_ = detail::sink_slots();
  std::size_t stride_ = 0;
};

// A histogram with fixed upper bounds. Per shard it owns bounds.size() + 1 bucket counters
// (the last is +Inf; counts are stored per bucket and made cumulative when rendered, so an
// observation touches one bucket) and one slot holding the sum as the bits of a double.
// _count is rendered as the +Inf cumulative count, so the two always agree.
class Histogram {
 public:
  Histogram() noexcept = default;
  void observe(unsigned shard, double value) const noexcept;

 private:
  friend class Registry;
  Histogram(detail::Slot* base, std::size_t stride, const double* bounds,
            std::uint32_t nbounds) noexcept
      : base_(base), stride_(stride), bounds_(bounds), nbounds_(nbounds) {}
  detail::Slot* base_ = detail::sink_slots();
  std::size_t stride_ = 0;
  const double* bounds_ = nullptr;
  std::uint32_t nbounds_ = 0;
};

// A registered family; with() adds (or finds) the series for one label-value set.
template <class M>
class Family {
 public:
  Family() = default;
  [[nodiscard]] Result<M> with(std::initializer_list<std::string_view> label_values) const;
  [[nodiscard]] Result<M> with(std::span<const std::string_view> label_values) const;

 private:
  friend class Registry;
  Family(class Registry* registry, detail::Family* family) : registry_(registry), family_(family) {}
  class Registry* registry_ = nullptr;
  detail::Family* family_ = nullptr;
};

class Registry {
 public:
  // `shards`: number of shard threads. `slots_per_shard`: capacity of each shard's slot region
  // (8 bytes a slot; a counter or gauge series takes 1, a histogram series bounds + 2). Memory is
  // (shards + 1) * slots_per_shard * 8 bytes, allocated once.
  explicit Registry(unsigned shards, std::size_t slots_per_shard = 4096);
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  [[nodiscard]] unsigned shards() const noexcept { return shards_; }
  // The slot index for writes from the one thread that is not a shard (the control thread).
  [[nodiscard]] unsigned control_slot() const noexcept { return shards_; }

  [[nodiscard]] Result<Family<Counter>> counter_family(
      std::string_view name, std::string_view help, std::initializer_list<std::string_view> labels,
      Aggregation aggregation = Aggregation::sum);
  [[nodiscard]] Result<Family<Gauge>> gauge_family(std::string_view name, std::string_view help,
                                                   std::initializer_list<std::string_view> labels,
                                                   Aggregation aggregation = Aggregation::sum);
  [[nodiscard]] Result<Family<Histogram>> histogram_family(
      std::string_view name, std::string_view help, std::span<const double> bounds,
      std::initializer_list<std::string_view> labels, Aggregation aggregation = Aggregation::sum);

  // Unlabelled shorthands: a family with no labels and its single series.
  [[nodiscard]] Result<Counter> counter(std::string_view name, std::string_view help);
  [[nodiscard]] Result<Gauge> gauge(std::string_view name, std::string_view help);
  [[nodiscard]] Result<Histogram> histogram(std::string_view name, std::string_view help,
                                            std::span<const double> bounds);

  // Appends the Prometheus text exposition format (version 0.0.4) of every family, in
  // registration order, to `out`. Safe to call from any thread while shards write.
  void render(std::string& out) const;

 private:
  template <class M>
  friend class Family;
  Result<detail::Family*> add_family(detail::Kind kind, std::string_view name, std::string_view help,
                                     std::initializer_list<std::string_view> labels,
                                     std::span<const double> bounds, Aggregation aggregation);
  Result<std::size_t> add_series(detail::Family& family,
                                 std::span<const std::string_view> label_values);
  template <class M>
  M make_handle(const detail::Family& family, std::size_t first_slot);

  unsigned shards_;
  std::size_t stride_;  // slots per shard region
  std::unique_ptr<detail::Slot[], detail::AlignedFree> slots_;
  mutable std::mutex mutex_;  // guards families_ and next_slot_; never taken by writers
  std::vector<std::unique_ptr<detail::Family>> families_;
  std::size_t next_slot_ = 0;
};

// Exponential bucket bounds: start, start*factor, ... (count bounds), for latency histograms.
[[nodiscard]] std::vector<double> exponential_buckets(double start, double factor, unsigned count);

}  // namespace sy::metrics
