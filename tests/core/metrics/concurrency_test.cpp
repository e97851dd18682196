// One writer thread per shard, each writing only its own slots, while a scraper renders
// concurrently. Run under the Sanitize build (and by hand under TSan) this pins down that the
// single-writer relaxed scheme has no data race and loses no update.
#include <gtest/gtest.h>

#include <atomic>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/metrics/registry.h"

namespace sy::metrics {
namespace {

// The value of the first sample line that starts with `series ` in `text`.
std::uint64_t sample(std::string_view text, std::string_view series) {
  std::string key = std::string(series) + ' ';
  std::size_t at = 0;
  while ((at = text.find(key, at)) != std::string_view::npos) {
    if (at == 0 || text[at - 1] == '\n') break;
    at += key.size();
  }
  if (at == std::string_view::npos) return ~std::uint64_t{0};
  std::uint64_t v = 0;
  const char* b = text.data() + at + key.size();
  std::from_chars(b, text.data() + text.size(), v);
  return v;
}

TEST(CoreMetricsConcurrency, ShardWritersAndAConcurrentScraper) {
  constexpr unsigned kShards = 4;
  constexpr std::uint64_t kIterations = 200000;
  Registry r(kShards);
  auto counter = r.counter("sy_events_total", "events");
  auto gauge = r.gauge("sy_level", "level");
  const double bounds[] = {10, 100, 1000};
  auto hist = r.histogram("sy_size", "size", bounds);
  auto per_shard = r.counter_family("sy_per_shard_total", "per shard", {}, Aggregation::per_shard);
  ASSERT_TRUE(counter.ok() && gauge.ok() && hist.ok() && per_shard.ok());
  auto mine = per_shard->with({});
  ASSERT_TRUE(mine.ok());

  std::atomic<unsigned> running{kShards};
  std::vector<std::thread> writers;
  for (unsigned s = 0; s < kShards; ++s) {
    writers.emplace_back([&, s] {
      for (std::uint64_t i = 0; i < kIterations; ++i) {
        counter->inc(s);
        mine->inc(s);
        gauge->inc(s);
        hist->observe(s, static_cast<double>(i % 2000));
        gauge->dec(s);
      }
      running.fetch_sub(1, std::memory_order_release);
    });
  }

  // The scraper: counts only grow between scrapes, and _count always equals the +Inf bucket.
  std::uint64_t last = 0;
  std::string out;
  unsigned scrapes = 0;
  while (running.load(std::memory_order_acquire) != 0 || scrapes < 3) {
    out.clear();
    r.render(out);
    const std::uint64_t now = sample(out, "sy_events_total");
    ASSERT_GE(now, last);
    ASSERT_LE(now, kShards * kIterations);
    last = now;
    ASSERT_EQ(sample(out, "sy_size_count"), sample(out, "sy_size_bucket{le=\"+Inf\"}"));
    ++scrapes;
  }
  for (auto& t : writers) t.join();

  out.clear();
  r.render(out);
  EXPECT_EQ(sample(out, "sy_events_total"), kShards * kIterations);
  EXPECT_EQ(sample(out, "sy_level"), 0u);
  EXPECT_EQ(sample(out, "sy_size_count"), kShards * kIterations);
  // Per iteration block of 2000 values: 0..10 -> 11, 11..100 -> 90, 101..1000 -> 900, rest 999.
  constexpr std::uint64_t kBlocks = kIterations / 2000;
  EXPECT_EQ(sample(out, "sy_size_bucket{le=\"10\"}"), kShards * kBlocks * 11);
  EXPECT_EQ(sample(out, "sy_size_bucket{le=\"100\"}"), kShards * kBlocks * 101);
  EXPECT_EQ(sample(out, "sy_size_bucket{le=\"1000\"}"), kShards * kBlocks * 1001);
  for (unsigned s = 0; s < kShards; ++s) {
    EXPECT_EQ(sample(out, "sy_per_shard_total{shard=\"" + std::to_string(s) + "\"}"), kIterations);
  }
}

TEST(CoreMetricsConcurrency, RegistrationWhileShardsWrite) {
  Registry r(2);
  auto first = r.counter("sy_first_total", "first");
  ASSERT_TRUE(first.ok());
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    do {
      first->inc(1);
    } while (!stop.load(std::memory_order_relaxed));
  });
  auto family = r.counter_family("sy_late_total", "registered late", {"n"});
  ASSERT_TRUE(family.ok());
  for (int i = 0; i < 50; ++i) {
    auto c = family->with({std::to_string(i)});
    ASSERT_TRUE(c.ok());
    c->inc(0);
    std::string out;
    r.render(out);
  }
  stop.store(true);
  writer.join();
  std::string out;
  r.render(out);
  EXPECT_EQ(sample(out, "sy_late_total{n=\"49\"}"), 1u);
  EXPECT_GT(sample(out, "sy_first_total"), 0u);
}

}  // namespace
}  // namespace sy::metrics
