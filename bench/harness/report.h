// switchyard-bench's output: derived figures, the warnings, a human-readable summary and one JSON
// object per run (what tools/bench collects).
#pragma once

#include <string>

#include "bench/harness/bench_options.h"

namespace sy::bench {

struct Derived {
  double sent_per_s = 0, answers_per_s = 0;
  double relayed = 0;           // messages through the target in the window, both directions
  double cpu_us_per_msg = -1;   // target CPU per relayed message
  double target_util = -1;      // target CPU seconds per second (1.0 = one core)
  double upstream_util = -1;
  double generator_util = 0;    // per generator thread (1.0 = saturated)
  double setups_per_s = 0;      // churn: sessions per second; else sessions opened per second
  double rss_per_session = -1;  // bytes: (after − before) / sessions
  double intended_send_rate = 0;
};

// Computes the figures and appends warnings (saturation, pacing, losses) to r.warnings.
Derived derive(const BenchOptions& o, BenchResult& r);

std::string text_summary(const BenchOptions& o, const BenchResult& r, const Derived& d);
std::string json_line(const BenchOptions& o, const BenchResult& r, const Derived& d);

}  // namespace sy::bench
