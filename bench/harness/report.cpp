#include "bench/harness/report.h"

#include <algorithm>
#include <cstdio>

#include "codec/json/writer.h"

namespace sy::bench {

namespace {

const char* mode_name(Mode m) {
  switch (m) {
    case Mode::idle: return "idle";
    case Mode::churn: return "churn";
    default: return "stream";
  }
}

std::string format(const char* fmt, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

// Credentials in a URL's query (Gemini's ?key=) are not written to reports.
std::string redact(const std::string& url) {
  std::string out = url;
  for (std::string_view name : {"key=", "access_token=", "rs_auth="}) {
    for (auto at = out.find(name); at != std::string::npos; at = out.find(name, at + 1)) {
      if (at > 0 && out[at - 1] != '?' && out[at - 1] != '&') continue;
      auto end = out.find('&', at);
      out.replace(at + name.size(), (end == std::string::npos ? out.size() : end) - at - name.size(), "…");
    }
  }
  return out;
}

void percentiles(codec::json::Writer& w, std::string_view key, const LatencyHistogram& h) {
  w.key(key);
  w.begin_object();
  w.key("count");
  w.unsigned_integer(h.count());
  for (auto [name, q] : {std::pair{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}, {"p999", 0.999}}) {
    w.key(name);
    w.number(h.quantile(q));
  }
  w.key("max");
  w.number(h.quantile(1.0));
  w.end_object();
}

}  // namespace

Derived derive(const BenchOptions& o, BenchResult& r) {
  Derived d;
  const double secs = r.window_seconds > 0 ? r.window_seconds : 1;
  d.sent_per_s = static_cast<double>(r.sent) / secs;
  d.answers_per_s = static_cast<double>(r.answers) / secs;
  d.relayed = static_cast<double>(r.sent + r.answers);
  if (r.target_cpu >= 0) {
    d.target_util = r.target_cpu / secs;
    if (o.mode == Mode::stream && d.relayed > 0) d.cpu_us_per_msg = r.target_cpu * 1e6 / d.relayed;
  }
  if (r.upstream_cpu >= 0) d.upstream_util = r.upstream_cpu / secs;
  d.generator_util = r.generator_cpu / secs / o.threads;
  if (o.mode == Mode::churn) d.setups_per_s = static_cast<double>(r.churned) / secs;
  else if (r.open_seconds > 0) d.setups_per_s = r.ready / r.open_seconds;
  const int held = o.mode == Mode::churn ? 0 : r.ready;
  if (r.rss_before >= 0 && r.rss_after >= 0 && held > 0)
    d.rss_per_session = static_cast<double>(r.rss_after - r.rss_before) / held;

  if (d.generator_util > 0.9)
    r.warnings.push_back(format("load generator saturated: %.0f%% of its %d thread(s); figures "
                                "may measure it rather than the target",
                                d.generator_util * 100, o.threads));
  if (d.upstream_util >= 0) {
    const double load_side = r.generator_cpu / secs + d.upstream_util;
    if (load_side > 0.9 * r.generator_cpus)
      r.warnings.push_back(format("load generator and upstream together used %.2f of the %d CPU(s) "
                                  "the generator may run on: the load side is saturated",
                                  load_side, r.generator_cpus));
  }
  if (o.mode == Mode::stream && o.interval.count() > 0 && r.ready > 0) {
    d.intended_send_rate = r.ready * 1000.0 / static_cast<double>(o.interval.count());
    if (d.sent_per_s < 0.95 * d.intended_send_rate)
      r.warnings.push_back(format("sent %.0f messages/s, %.0f%% of the intended %.0f/s: the pace "
                                  "was not kept",
                                  d.sent_per_s, 100 * d.sent_per_s / d.intended_send_rate,
                                  d.intended_send_rate));
  }
  if (r.sent > 0 && static_cast<double>(r.unanswered) > 0.001 * static_cast<double>(r.sent))
    r.warnings.push_back(format("%llu of %llu messages sent in the window were never answered",
                                static_cast<unsigned long long>(r.unanswered),
                                static_cast<unsigned long long>(r.sent)));
  const int errors = r.connect_failed + r.not_ready + r.closed_early;
  if (errors > 0)
    r.warnings.push_back(format("%d session error(s): %d failed to connect, %d not ready in time, "
                                "%d closed by the other side",
                                errors, r.connect_failed, r.not_ready, r.closed_early));
  return d;
}

std::string text_summary(const BenchOptions& o, const BenchResult& r, const Derived& d) {
  std::string s;
  s += format("%s%s%s, %s, %d session(s)\n", o.label.c_str(), o.label.empty() ? "" : ": ",
              mode_name(o.mode), protocol_name(o.protocol), o.sessions);
  if (o.mode == Mode::churn) {
    s += format("sessions opened and closed %llu in %.2f s = %.0f/s; set-up µs p50 %.0f  p99 %.0f\n",
                static_cast<unsigned long long>(r.churned), r.window_seconds, d.setups_per_s,
                r.setup.quantile(0.5), r.setup.quantile(0.99));
  } else {
    s += format("sessions ready %d of %d in %.3f s (%.0f/s); set-up µs p50 %.0f  p99 %.0f\n", r.ready,
                r.requested, r.open_seconds, d.setups_per_s, r.setup.quantile(0.5),
                r.setup.quantile(0.99));
  }
  if (o.mode == Mode::stream) {
    s += format("messages %.0f/s sent, %.0f/s answered (%.2f s window)\n", d.sent_per_s,
                d.answers_per_s, r.window_seconds);
    s += format("rtt µs p50 %.0f  p90 %.0f  p99 %.0f  p99.9 %.0f  max %.0f\n", r.rtt.quantile(0.5),
                r.rtt.quantile(0.9), r.rtt.quantile(0.99), r.rtt.quantile(0.999),
                r.rtt.quantile(1.0));
  }
  if (d.target_util >= 0) {
    s += format("target CPU %.3f s (%.0f%% of a core", r.target_cpu, d.target_util * 100);
    if (r.target_user >= 0 && r.target_user + r.target_system > 0)
      s += format("; %.0f%% of it in the kernel", 100 * r.target_system / (r.target_user + r.target_system));
    s += ")";
    if (d.cpu_us_per_msg >= 0) s += format(" = %.2f µs per relayed message", d.cpu_us_per_msg);
    s += "\n";
  }
  if (r.rss_after >= 0)
    s += format("target RSS %.1f MiB before, %.1f MiB %s = %.0f bytes per session\n",
                r.rss_before / 1048576.0, r.rss_after / 1048576.0,
                o.mode == Mode::idle ? "idle" : "active", d.rss_per_session);
  if (d.upstream_util >= 0) s += format("upstream CPU %.0f%% of a core\n", d.upstream_util * 100);
  s += format("load generator CPU %.2f s (%.0f%% of its %d thread(s))\n", r.generator_cpu,
              d.generator_util * 100, o.threads);
  for (const auto& w : r.warnings) s += "WARNING: " + w + "\n";
  return s;
}

std::string json_line(const BenchOptions& o, const BenchResult& r, const Derived& d) {
  codec::json::Writer w;
  w.begin_object();
  w.key("label"); w.string(o.label);
  w.key("mode"); w.string(mode_name(o.mode));
  w.key("protocol"); w.string(protocol_name(o.protocol));
  w.key("url"); w.string(redact(o.url));
  w.key("sessions"); w.integer(o.sessions);
  w.key("threads"); w.integer(o.threads);
  w.key("interval_ms"); w.integer(o.interval.count());
  w.key("rate"); w.unsigned_integer(r.rate);
  w.key("pcm_bytes"); w.unsigned_integer(r.pcm_bytes);
  w.key("message_bytes"); w.unsigned_integer(r.message_bytes);
  w.key("ready"); w.integer(r.ready);
  w.key("connect_failed"); w.integer(r.connect_failed);
  w.key("not_ready"); w.integer(r.not_ready);
  w.key("closed_early"); w.integer(r.closed_early);
  w.key("errors"); w.integer(r.connect_failed + r.not_ready + r.closed_early);
  w.key("open_seconds"); w.number(r.open_seconds);
  w.key("setups_per_s"); w.number(d.setups_per_s);
  w.key("churned"); w.unsigned_integer(r.churned);
  w.key("window_seconds"); w.number(r.window_seconds);
  w.key("sent"); w.unsigned_integer(r.sent);
  w.key("answers"); w.unsigned_integer(r.answers);
  w.key("unanswered"); w.unsigned_integer(r.unanswered);
  w.key("sent_per_s"); w.number(d.sent_per_s);
  w.key("answers_per_s"); w.number(d.answers_per_s);
  w.key("intended_send_rate"); w.number(d.intended_send_rate);
  percentiles(w, "rtt_us", r.rtt);
  percentiles(w, "setup_us", r.setup);
  w.key("target_cpu_s"); w.number(r.target_cpu);
  w.key("target_user_s"); w.number(r.target_user);
  w.key("target_system_s"); w.number(r.target_system);
  w.key("target_util"); w.number(d.target_util);
  w.key("cpu_us_per_msg"); w.number(d.cpu_us_per_msg);
  w.key("rss_before"); w.integer(r.rss_before);
  w.key("rss_after"); w.integer(r.rss_after);
  w.key("rss_per_session"); w.number(d.rss_per_session);
  w.key("upstream_cpu_s"); w.number(r.upstream_cpu);
  w.key("upstream_util"); w.number(d.upstream_util);
  w.key("generator_cpu_s"); w.number(r.generator_cpu);
  w.key("generator_util"); w.number(d.generator_util);
  w.key("generator_cpus"); w.integer(r.generator_cpus);
  w.key("machine_busy_s"); w.number(r.machine_busy);
  w.key("machine_interrupt_s"); w.number(r.machine_interrupt);
  w.key("machine_steal_s"); w.number(r.machine_steal);
  // Busy time not accounted for by the target, the upstream or the generator: other work. The
  // processes' schedstat time includes the softirq work the kernel ran in their context, which
  // /proc/stat counts as softirq, so interrupt time belongs to the busy side.
  w.key("other_busy_cpus");
  w.number(r.window_seconds > 0
               ? (r.machine_busy + r.machine_interrupt - std::max(0.0, r.target_cpu) -
                  std::max(0.0, r.upstream_cpu) - r.generator_cpu) / r.window_seconds
               : 0.0);
  w.key("warnings");
  w.begin_array();
  for (const auto& m : r.warnings) w.string(m);
  w.end_array();
  w.end_object();
  return std::string(w.view()) + "\n";
}

}  // namespace sy::bench
