#include "core/metrics/registry.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace sy::metrics {
namespace {

std::string render(const Registry& r) {
  std::string out;
  r.render(out);
  return out;
}

TEST(CoreMetricsRegistry, CounterSumsShardsAndControlSlot) {
  Registry r(3);
  auto c = r.counter("sy_test_total", "A test counter.");
  ASSERT_TRUE(c.ok());
  c->inc(0);
  c->inc(1, 10);
  c->inc(2, 100);
  c->inc(r.control_slot(), 1000);
  EXPECT_EQ(render(r),
            "# HELP sy_test_total A test counter.\n"
            "# TYPE sy_test_total counter\n"
            "sy_test_total 1111\n");
}

TEST(CoreMetricsRegistry, LabelledCounterRendersSeriesInRegistrationOrder) {
  Registry r(2);
  auto f = r.counter_family("sy_handshake_failures_total", "Refused upgrades.", {"reason"});
  ASSERT_TRUE(f.ok());
  auto bad_version = f->with({"bad_version"});
  auto timeout = f->with({"timeout"});
  ASSERT_TRUE(bad_version.ok() && timeout.ok());
  bad_version->inc(1, 2);
  EXPECT_EQ(render(r),
            "# HELP sy_handshake_failures_total Refused upgrades.\n"
            "# TYPE sy_handshake_failures_total counter\n"
            "sy_handshake_failures_total{reason=\"bad_version\"} 2\n"
            "sy_handshake_failures_total{reason=\"timeout\"} 0\n");
}

TEST(CoreMetricsRegistry, SameLabelValuesNameTheSameSeries) {
  Registry r(1);
  auto f = r.counter_family("sy_x_total", "x", {"a", "b"});
  ASSERT_TRUE(f.ok());
  auto one = f->with({"1", "2"});
  auto again = f->with({"1", "2"});
  ASSERT_TRUE(one.ok() && again.ok());
  one->inc(0);
  again->inc(0);
  EXPECT_NE(render(r).find("sy_x_total{a=\"1\",b=\"2\"} 2\n"), std::string::npos);
}

TEST(CoreMetricsRegistry, GaugeNetsOutAcrossShards) {
  Registry r(2);
  auto g = r.gauge("sy_open", "Open things.");
  ASSERT_TRUE(g.ok());
  g->inc(0);
  g->inc(0);
  g->dec(1);  // opened on shard 0, closed on shard 1: shard 1 holds -1
  EXPECT_NE(render(r).find("sy_open 1\n"), std::string::npos);
  g->dec(0);
  g->dec(0);
  EXPECT_NE(render(r).find("sy_open -1\n"), std::string::npos);
  g->set(0, 7);
  g->set(1, 0);
  EXPECT_NE(render(r).find("sy_open 7\n"), std::string::npos);
}

TEST(CoreMetricsRegistry, PerShardFamilyAddsShardLabel) {
  Registry r(2);
  auto f = r.gauge_family("sy_sessions", "Sessions.", {"core"}, Aggregation::per_shard);
  ASSERT_TRUE(f.ok());
  auto sim = f->with({"sim"});
  ASSERT_TRUE(sim.ok());
  sim->add(0, 3);
  sim->add(1, 5);
  EXPECT_EQ(render(r),
            "# HELP sy_sessions Sessions.\n"
            "# TYPE sy_sessions gauge\n"
            "sy_sessions{core=\"sim\",shard=\"0\"} 3\n"
            "sy_sessions{core=\"sim\",shard=\"1\"} 5\n");
}

TEST(CoreMetricsRegistry, HistogramBucketsAreCumulativeWithInf) {
  Registry r(2);
  const double bounds[] = {0.25, 1, 2.5};
  auto h = r.histogram("sy_latency_seconds", "Latency.", bounds);
  ASSERT_TRUE(h.ok());
  h->observe(0, 0.125);  // bucket 0.25 (values chosen to be exact in binary)
  h->observe(1, 0.25);   // exactly on a bound: le means "less than or equal"
  h->observe(0, 1.5);   // bucket 2.5
  h->observe(1, 3);     // +Inf
  h->observe(0, 1000);  // +Inf
  EXPECT_EQ(render(r),
            "# HELP sy_latency_seconds Latency.\n"
            "# TYPE sy_latency_seconds histogram\n"
            "sy_latency_seconds_bucket{le=\"0.25\"} 2\n"
            "sy_latency_seconds_bucket{le=\"1\"} 2\n"
            "sy_latency_seconds_bucket{le=\"2.5\"} 3\n"
            "sy_latency_seconds_bucket{le=\"+Inf\"} 5\n"
            "sy_latency_seconds_sum 1004.875\n"
            "sy_latency_seconds_count 5\n");
}

TEST(CoreMetricsRegistry, HistogramWithLabelsAndEdgeValues) {
  Registry r(1);
  const double bounds[] = {0, 1};
  auto f = r.histogram_family("sy_h", "h", bounds, {"core"});
  ASSERT_TRUE(f.ok());
  auto h = f->with({"gemini"});
  ASSERT_TRUE(h.ok());
  h->observe(0, -5);  // below the first bound: first bucket
  h->observe(0, std::numeric_limits<double>::quiet_NaN());  // dropped
  h->observe(0, std::numeric_limits<double>::infinity());   // +Inf bucket
  EXPECT_EQ(render(r),
            "# HELP sy_h h\n"
            "# TYPE sy_h histogram\n"
            "sy_h_bucket{core=\"gemini\",le=\"0\"} 1\n"
            "sy_h_bucket{core=\"gemini\",le=\"1\"} 1\n"
            "sy_h_bucket{core=\"gemini\",le=\"+Inf\"} 2\n"
            "sy_h_sum{core=\"gemini\"} +Inf\n"
            "sy_h_count{core=\"gemini\"} 2\n");
}

TEST(CoreMetricsRegistry, FamiliesWithoutSeriesAreNotRendered) {
  Registry r(1);
  ASSERT_TRUE(r.counter_family("sy_empty_total", "nothing yet", {"x"}).ok());
  EXPECT_EQ(render(r), "");
}

TEST(CoreMetricsRegistry, RenderAppends) {
  Registry r(1);
  ASSERT_TRUE(r.counter("sy_a_total", "a").ok());
  std::string out = "prefix\n";
  r.render(out);
  EXPECT_EQ(out.rfind("prefix\n# HELP sy_a_total a\n", 0), 0u);
}

TEST(CoreMetricsRegistry, RejectsBadNames) {
  Registry r(1);
  EXPECT_TRUE(r.counter("", "x").error().is(Errc::bad_name));
  EXPECT_TRUE(r.counter("9lives", "x").error().is(Errc::bad_name));
  EXPECT_TRUE(r.counter("has-dash", "x").error().is(Errc::bad_name));
  EXPECT_TRUE(r.counter("ns:sub_total", "x").ok());
  EXPECT_TRUE(r.counter_family("a_total", "x", {"__reserved"}).error().is(Errc::bad_label_name));
  EXPECT_TRUE(r.counter_family("b_total", "x", {"le"}).error().is(Errc::bad_label_name));
  EXPECT_TRUE(r.counter_family("c_total", "x", {"shard"}).error().is(Errc::bad_label_name));
  EXPECT_TRUE(r.counter_family("d_total", "x", {"a:b"}).error().is(Errc::bad_label_name));
  EXPECT_TRUE(r.counter_family("e_total", "x", {"ok_label1"}).ok());
}

TEST(CoreMetricsRegistry, RejectsDuplicatesAndLabelCountMismatch) {
  Registry r(1);
  ASSERT_TRUE(r.counter("sy_dup_total", "x").ok());
  EXPECT_TRUE(r.gauge("sy_dup_total", "x").error().is(Errc::duplicate_family));
  auto f = r.counter_family("sy_two_total", "x", {"a", "b"});
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->with({"1"}).error().is(Errc::label_count));
  EXPECT_TRUE(f->with({"1", "2", "3"}).error().is(Errc::label_count));
}

TEST(CoreMetricsRegistry, RejectsBadBuckets) {
  Registry r(1);
  const double decreasing[] = {1, 0.5};
  const double repeated[] = {1, 1};
  const double infinite[] = {1, std::numeric_limits<double>::infinity()};
  EXPECT_TRUE(r.histogram("h1", "x", {}).error().is(Errc::bad_buckets));
  EXPECT_TRUE(r.histogram("h2", "x", decreasing).error().is(Errc::bad_buckets));
  EXPECT_TRUE(r.histogram("h3", "x", repeated).error().is(Errc::bad_buckets));
  auto e = r.histogram("h4", "x", infinite);
  ASSERT_FALSE(e.ok());
  EXPECT_TRUE(e.error().is(Errc::bad_buckets));
  EXPECT_EQ(e.error().offset, 1u);
}

TEST(CoreMetricsRegistry, SlotCapacityIsEnforced) {
  Registry r(1, 8);  // 8 slots per shard
  const double bounds[] = {1, 2, 3, 4, 5};  // 7 slots
  ASSERT_TRUE(r.histogram("sy_h", "x", bounds).ok());
  ASSERT_TRUE(r.counter("sy_c_total", "x").ok());  // slot 8 of 8
  EXPECT_TRUE(r.counter("sy_d_total", "x").error().is(Errc::out_of_slots));
}

TEST(CoreMetricsRegistry, DefaultHandlesWriteToASink) {
  Counter c;
  Gauge g;
  Histogram h;
  c.inc(5, 3);
  g.add(17, -2);
  h.observe(3, 0.5);
  Registry r(1);
  EXPECT_EQ(render(r), "");
}

TEST(CoreMetricsRegistry, ExponentialBuckets) {
  EXPECT_EQ(exponential_buckets(0.001, 2, 4), (std::vector<double>{0.001, 0.002, 0.004, 0.008}));
  EXPECT_TRUE(exponential_buckets(1, 2, 0).empty());
}

}  // namespace
}  // namespace sy::metrics
