#include "core/metrics/exposition.h"

#include <charconv>
#include <cmath>

namespace sy::metrics {

void append_escaped_label_value(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
}

void append_escaped_help(std::string& out, std::string_view help) {
  for (char c : help) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
}

void append_double(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, value);  // shortest form that round-trips
    out.append(buf, r.ptr);
  }
}

void append_help_and_type(std::string& out, std::string_view name, std::string_view help,
                          std::string_view type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  append_escaped_help(out, help);
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

namespace {

void append_series_name(std::string& out, std::string_view name, std::string_view suffix,
                        std::string_view labels) {
  out += name;
  out += suffix;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  out += ' ';
}

template <class Int>
void append_int(std::string& out, Int v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

}  // namespace

void append_sample(std::string& out, std::string_view name, std::string_view suffix,
                   std::string_view labels, std::uint64_t value) {
  append_series_name(out, name, suffix, labels);
  append_int(out, value);
  out += '\n';
}

void append_sample(std::string& out, std::string_view name, std::string_view suffix,
                   std::string_view labels, std::int64_t value) {
  append_series_name(out, name, suffix, labels);
  append_int(out, value);
  out += '\n';
}

void append_sample(std::string& out, std::string_view name, std::string_view suffix,
                   std::string_view labels, double value) {
  append_series_name(out, name, suffix, labels);
  append_double(out, value);
  out += '\n';
}

void append_histogram(std::string& out, std::string_view name, std::string_view labels,
                      std::span<const double> bounds, std::span<const std::uint64_t> counts,
                      double sum) {
  std::string bucket_labels;
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    cumulative += counts[i];
    bucket_labels.assign(labels);
    if (!bucket_labels.empty()) bucket_labels += ',';
    bucket_labels += "le=\"";
    if (i < bounds.size())
      append_double(bucket_labels, bounds[i]);
    else
      bucket_labels += "+Inf";
    bucket_labels += '"';
    append_sample(out, name, "_bucket", bucket_labels, cumulative);
  }
  append_sample(out, name, "_sum", labels, sum);
  append_sample(out, name, "_count", labels, cumulative);
}

}  // namespace sy::metrics
