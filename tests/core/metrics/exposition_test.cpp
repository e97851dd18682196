#include "core/metrics/exposition.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "core/metrics/registry.h"

namespace sy::metrics {
namespace {

TEST(CoreMetricsExposition, LabelValuesEscapeBackslashQuoteAndNewline) {
  std::string out;
  append_escaped_label_value(out, "a\\b\"c\nd'e");
  EXPECT_EQ(out, "a\\\\b\\\"c\\nd'e");
}

TEST(CoreMetricsExposition, HelpEscapesBackslashAndNewlineButNotQuotes) {
  std::string out;
  append_escaped_help(out, "say \"hi\"\\\nbye");
  EXPECT_EQ(out, "say \"hi\"\\\\\\nbye");
}

TEST(CoreMetricsExposition, Doubles) {
  auto d = [](double v) {
    std::string s;
    append_double(s, v);
    return s;
  };
  EXPECT_EQ(d(1), "1");
  EXPECT_EQ(d(0.005), "0.005");
  EXPECT_EQ(d(2.5), "2.5");
  EXPECT_EQ(d(-3), "-3");
  EXPECT_EQ(d(1e21), "1e+21");
  EXPECT_EQ(d(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(d(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(d(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(CoreMetricsExposition, Samples) {
  std::string out;
  append_sample(out, "m", "", "", std::uint64_t{18446744073709551615u});
  append_sample(out, "m", "_sum", "a=\"b\"", 0.5);
  append_sample(out, "g", "", "", std::int64_t{-4});
  EXPECT_EQ(out, "m 18446744073709551615\nm_sum{a=\"b\"} 0.5\ng -4\n");
}

TEST(CoreMetricsExposition, HistogramLines) {
  std::string out;
  const double bounds[] = {1, 10};
  const std::uint64_t counts[] = {2, 0, 3};
  append_histogram(out, "h", "core=\"sim\"", bounds, counts, 42.5);
  EXPECT_EQ(out,
            "h_bucket{core=\"sim\",le=\"1\"} 2\n"
            "h_bucket{core=\"sim\",le=\"10\"} 2\n"
            "h_bucket{core=\"sim\",le=\"+Inf\"} 5\n"
            "h_sum{core=\"sim\"} 42.5\n"
            "h_count{core=\"sim\"} 5\n");
}

TEST(CoreMetricsExposition, RegistryEscapesLabelValuesAndHelp) {
  Registry r(1);
  auto f = r.counter_family("sy_odd_total", "Line one\nline \\two", {"path"});
  ASSERT_TRUE(f.ok());
  auto c = f->with({"/a\"b\\c\nd"});
  ASSERT_TRUE(c.ok());
  c->inc(0);
  std::string out;
  r.render(out);
  EXPECT_EQ(out,
            "# HELP sy_odd_total Line one\\nline \\\\two\n"
            "# TYPE sy_odd_total counter\n"
            "sy_odd_total{path=\"/a\\\"b\\\\c\\nd\"} 1\n");
}

}  // namespace
}  // namespace sy::metrics
