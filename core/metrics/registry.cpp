#include "core/metrics/registry.h"

#include <algorithm>
#include <cmath>
#include <new>

#include "core/metrics/exposition.h"

namespace sy::metrics {

namespace detail {

Slot* sink_slots() noexcept {
  // Two slots: enough for a histogram with no bounds (one bucket and the sum).
  static Slot sink[2];
  return sink;
}

struct Family {
  Kind kind;
  Aggregation aggregation;
  std::string name;
  std::string help;
  std::vector<std::string> label_names;
  std::vector<double> bounds;  // histograms only; never resized after registration
  struct Series {
    std::string labels;  // pre-rendered `a="x",b="y"` (escaped), empty when unlabelled
    std::vector<std::string> values;
    std::size_t first_slot;
  };
  std::vector<Series> series;
  std::size_t slots_per_series() const { return kind == Kind::histogram ? bounds.size() + 2 : 1; }
};

void AlignedFree::operator()(Slot* p) const noexcept {
  ::operator delete(p, std::align_val_t{64});  // Slot is trivially destructible
}

}  // namespace detail

using detail::Kind;

namespace {

bool valid_metric_name(std::string_view n) {
  if (n.empty()) return false;
  auto head = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  };
  if (!head(n[0])) return false;
  return std::all_of(n.begin() + 1, n.end(), [&](char c) { return head(c) || (c >= '0' && c <= '9'); });
}

bool valid_label_name(std::string_view n) {
  if (n.empty() || n.starts_with("__") || n == "le" || n == "shard") return false;
  auto head = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!head(n[0])) return false;
  return std::all_of(n.begin() + 1, n.end(), [&](char c) { return head(c) || (c >= '0' && c <= '9'); });
}

double load_double(const detail::Slot& s) {
  return std::bit_cast<double>(s.load(std::memory_order_relaxed));
}

}  // namespace

void Histogram::observe(unsigned shard, double value) const noexcept {
  if (std::isnan(value)) return;  // a NaN would poison _sum forever; drop it
  // First bound >= value: Prometheus buckets are "less than or equal" (le). A handful of bounds,
  // so a linear scan beats a binary search's branch mispredictions.
  std::uint32_t i = 0;
  while (i < nbounds_ && value > bounds_[i]) ++i;
  detail::Slot* base = base_ + shard * stride_;
  detail::bump(base + i, 1);
  detail::Slot* sum = base + nbounds_ + 1;
  sum->store(std::bit_cast<std::uint64_t>(load_double(*sum) + value), std::memory_order_relaxed);
}

Registry::Registry(unsigned shards, std::size_t slots_per_shard)
    : shards_(shards),
      // A multiple of 8 slots keeps every shard's region on its own 64-byte cache lines.
      stride_((std::max<std::size_t>(slots_per_shard, 8) + 7) / 8 * 8) {
  const std::size_t total = stride_ * (static_cast<std::size_t>(shards_) + 1);
  auto* raw = static_cast<detail::Slot*>(
      ::operator new(total * sizeof(detail::Slot), std::align_val_t{64}));
  for (std::size_t i = 0; i < total; ++i) new (raw + i) detail::Slot(0);
  slots_.reset(raw);
}

Registry::~Registry() = default;

Result<detail::Family*> Registry::add_family(detail::Kind kind, std::string_view name,
                                             std::string_view help,
                                             std::initializer_list<std::string_view> labels,
                                             std::span<const double> bounds,
                                             Aggregation aggregation) {
  if (!valid_metric_name(name)) return make_error(Errc::bad_name, "invalid metric name");
  for (std::string_view l : labels)
    if (!valid_label_name(l)) return make_error(Errc::bad_label_name, "invalid label name");
  if (kind == Kind::histogram) {
    if (bounds.empty()) return make_error(Errc::bad_buckets, "histogram needs bucket bounds");
    for (std::size_t i = 0; i < bounds.size(); ++i) {
      if (!std::isfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
        return make_error(Errc::bad_buckets, "bucket bounds must be finite and increasing",
                          static_cast<std::uint32_t>(i));
    }
  }
  std::lock_guard lock(mutex_);
  for (const auto& f : families_)
    if (f->name == name) return make_error(Errc::duplicate_family, "metric already registered");
  auto f = std::make_unique<detail::Family>();
  f->kind = kind;
  f->aggregation = aggregation;
  f->name = std::string(name);
  f->help = std::string(help);
  f->label_names.assign(labels.begin(), labels.end());
  f->bounds.assign(bounds.begin(), bounds.end());
  families_.push_back(std::move(f));
  return families_.back().get();
}

Result<std::size_t> Registry::add_series(detail::Family& family,
                                         std::span<const std::string_view> values) {
  if (values.size() != family.label_names.size())
    return make_error(Errc::label_count, "label values do not match the family's label names");
  std::lock_guard lock(mutex_);
  for (const auto& s : family.series)
    if (std::equal(s.values.begin(), s.values.end(), values.begin(), values.end()))
      return s.first_slot;  // the same label set names the same series
  const std::size_t need = family.slots_per_series();
  if (next_slot_ + need > stride_)
    return make_error(Errc::out_of_slots, "metrics registry slot capacity exhausted");
  detail::Family::Series s;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) s.labels += ',';
    s.labels += family.label_names[i];
    s.labels += "=\"";
    append_escaped_label_value(s.labels, values[i]);
    s.labels += '"';
    s.values.emplace_back(values[i]);
  }
  s.first_slot = next_slot_;
  next_slot_ += need;
  family.series.push_back(std::move(s));
  return family.series.back().first_slot;
}

template <>
Counter Registry::make_handle<Counter>(const detail::Family&, std::size_t first) {
  return Counter(slots_.get() + first, stride_);
}
template <>
Gauge Registry::make_handle<Gauge>(const detail::Family&, std::size_t first) {
  return Gauge(slots_.get() + first, stride_);
}
template <>
Histogram Registry::make_handle<Histogram>(const detail::Family& f, std::size_t first) {
  return Histogram(slots_.get() + first, stride_, f.bounds.data(),
                   static_cast<std::uint32_t>(f.bounds.size()));
}

template <class M>
Result<M> Family<M>::with(std::span<const std::string_view> label_values) const {
  if (!family_) return make_error(Errc::label_count, "family was never registered");
  Result<std::size_t> slot = registry_->add_series(*family_, label_values);
  if (!slot) return slot.error();
  return registry_->make_handle<M>(*family_, *slot);
}

template <class M>
Result<M> Family<M>::with(std::initializer_list<std::string_view> label_values) const {
  return with(std::span<const std::string_view>(label_values.begin(), label_values.size()));
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

Result<Family<Counter>> Registry::counter_family(std::string_view name, std::string_view help,
                                                 std::initializer_list<std::string_view> labels,
                                                 Aggregation aggregation) {
  auto f = add_family(Kind::counter, name, help, labels, {}, aggregation);
  if (!f) return f.error();
  return Family<Counter>(this, *f);
}

Result<Family<Gauge>> Registry::gauge_family(std::string_view name, std::string_view help,
                                             std::initializer_list<std::string_view> labels,
                                             Aggregation aggregation) {
  auto f = add_family(Kind::gauge, name, help, labels, {}, aggregation);
  if (!f) return f.error();
  return Family<Gauge>(this, *f);
}

Result<Family<Histogram>> Registry::histogram_family(
    std::string_view name, std::string_view help, std::span<const double> bounds,
    std::initializer_list<std::string_view> labels, Aggregation aggregation) {
  auto f = add_family(Kind::histogram, name, help, labels, bounds, aggregation);
  if (!f) return f.error();
  return Family<Histogram>(this, *f);
}

Result<Counter> Registry::counter(std::string_view name, std::string_view help) {
  auto f = counter_family(name, help, {});
  if (!f) return f.error();
  return f->with({});
}

Result<Gauge> Registry::gauge(std::string_view name, std::string_view help) {
  auto f = gauge_family(name, help, {});
  if (!f) return f.error();
  return f->with({});
}

Result<Histogram> Registry::histogram(std::string_view name, std::string_view help,
                                      std::span<const double> bounds) {
  auto f = histogram_family(name, help, bounds, {});
  if (!f) return f.error();
  return f->with({});
}

void Registry::render(std::string& out) const {
  std::lock_guard lock(mutex_);
  static constexpr std::string_view kTypes[] = {"counter", "gauge", "histogram"};
  std::vector<std::uint64_t> buckets;
  for (const auto& fp : families_) {
    const detail::Family& f = *fp;
    if (f.series.empty()) continue;  // a family with no series has nothing to expose yet
    append_help_and_type(out, f.name, f.help, kTypes[static_cast<int>(f.kind)]);
    const bool split = f.aggregation == Aggregation::per_shard;
    // Shard groups: one group over all regions (sum), or one group per shard region.
    const unsigned groups = split ? shards_ : 1;
    for (const auto& s : f.series) {
      for (unsigned g = 0; g < groups; ++g) {
        const unsigned from = split ? g : 0;
        const unsigned to = split ? g + 1 : shards_ + 1;
        std::string labels = s.labels;
        if (split) {
          if (!labels.empty()) labels += ',';
          labels += "shard=\"" + std::to_string(g) + '"';
        }
        if (f.kind != Kind::histogram) {
          std::uint64_t total = 0;
          for (unsigned r = from; r < to; ++r)
            total += slots_[r * stride_ + s.first_slot].load(std::memory_order_relaxed);
          if (f.kind == Kind::counter)
            append_sample(out, f.name, "", labels, total);
          else
            append_sample(out, f.name, "", labels, static_cast<std::int64_t>(total));
          continue;
        }
        const std::size_t nb = f.bounds.size() + 1;
        buckets.assign(nb, 0);
        double sum = 0;
        for (unsigned r = from; r < to; ++r) {
          const detail::Slot* base = &slots_[r * stride_ + s.first_slot];
          for (std::size_t b = 0; b < nb; ++b) buckets[b] += base[b].load(std::memory_order_relaxed);
          sum += load_double(base[nb]);
        }
        append_histogram(out, f.name, labels, f.bounds, buckets, sum);
      }
    }
  }
}

std::vector<double> exponential_buckets(double start, double factor, unsigned count) {
  std::vector<double> b;
  b.reserve(count);
  for (unsigned i = 0; i < count; ++i, start *= factor) b.push_back(start);
  return b;
}

}  // namespace sy::metrics
