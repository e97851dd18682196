// Writers for the Prometheus text exposition format (version 0.0.4): escaping, HELP/TYPE lines,
// samples and histogram series. They append to a caller-owned string and know nothing of
// shards; the registry sums the slots first.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sy::metrics {

// Label values escape backslash, double quote and line feed.
void append_escaped_label_value(std::string& out, std::string_view value);
// HELP text escapes backslash and line feed (quotes stay as they are).
void append_escaped_help(std::string& out, std::string_view help);
// A sample value as Prometheus reads it: shortest round-trip decimal, "+Inf", "-Inf" or "NaN".
void append_double(std::string& out, double value);

void append_help_and_type(std::string& out, std::string_view name, std::string_view help,
                          std::string_view type);
// `name``suffix`{`labels`} value\n; `labels` is already rendered (a="x",b="y") or empty.
void append_sample(std::string& out, std::string_view name, std::string_view suffix,
                   std::string_view labels, std::uint64_t value);
void append_sample(std::string& out, std::string_view name, std::string_view suffix,
                   std::string_view labels, std::int64_t value);
void append_sample(std::string& out, std::string_view name, std::string_view suffix,
                   std::string_view labels, double value);

// _bucket lines (cumulative, le="..." last, ending with le="+Inf"), _sum and _count.
// `counts` holds bounds.size() + 1 non-cumulative bucket counts, the last one for +Inf.
void append_histogram(std::string& out, std::string_view name, std::string_view labels,
                      std::span<const double> bounds, std::span<const std::uint64_t> counts,
                      double sum);

}  // namespace sy::metrics
