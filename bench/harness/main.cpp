// switchyard-bench: load against a WebSocket target, reporting round-trip latency percentiles,
// message rates and, given the target's pid, its CPU seconds per relayed message and its RSS.
//   switchyard-bench --url ws://127.0.0.1:8080/v1/realtime?model=sim --protocol openai
//                    --sessions 50 --seconds 10 --interval-ms 40 [--pid N] [--json out.json]
#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "bench/harness/load.h"
#include "bench/harness/proc_stats.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  using namespace sy::bench;
  LoadOptions o;
  std::string protocol = "raw", json_path, label;
  int seconds = 5, interval = 40, pid = 0;
  po::options_description d("switchyard-bench options");
  d.add_options()("help", "this text")
      ("url", po::value(&o.url)->required(), "target ws:// or wss:// URL with path and query")
      ("protocol", po::value(&protocol), "raw | openai | gemini (what is sent and what counts as the answer)")
      ("sessions", po::value(&o.sessions), "concurrent sessions")
      ("threads", po::value(&o.threads), "load generator threads")
      ("seconds", po::value(&seconds), "measured duration")
      ("interval-ms", po::value(&interval), "send interval per session; 0 = closed loop")
      ("audio-bytes", po::value(&o.audio_bytes), "PCM bytes per message (1920 = 40 ms at 24 kHz)")
      ("bearer", po::value(&o.bearer), "Authorization: Bearer credential")
      ("ca", po::value(&o.ca_file), "CA bundle for wss")
      ("pid", po::value(&pid), "target process for CPU and RSS figures")
      ("label", po::value(&label), "name of this run in the JSON output")
      ("json", po::value(&json_path), "append the result as one JSON line to this file");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, d), vm);
    if (vm.count("help")) {
      std::cout << d;
      return 0;
    }
    po::notify(vm);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "switchyard-bench: %s\n%s", e.what(), "(--help lists the options)\n");
    return 2;
  }
  if (protocol == "openai") o.protocol = Protocol::openai;
  else if (protocol == "gemini") o.protocol = Protocol::gemini;
  else if (protocol != "raw") {
    std::fprintf(stderr, "switchyard-bench: --protocol must be raw, openai or gemini\n");
    return 2;
  }
  o.duration = std::chrono::seconds(seconds);
  o.interval = std::chrono::milliseconds(interval);

  double cpu0 = pid ? process_cpu_seconds(pid) : -1;
  LoadResult r = run_load(o);
  double cpu1 = pid ? process_cpu_seconds(pid) : -1;
  long long rss = pid ? process_rss_bytes(pid) : -1;
  double target_cpu = (cpu0 >= 0 && cpu1 >= 0) ? cpu1 - cpu0 : -1;
  // A relayed message is one request plus its answer through the target.
  double us_per_msg = (target_cpu >= 0 && r.received) ? target_cpu * 1e6 / (2.0 * r.received) : -1;
  double gen_util = r.generator_cpu_seconds / (r.seconds + 0.5) / o.threads;

  std::printf("sessions %d open, %d errors, set-up %.3f s\n", r.sessions_open, r.connect_errors,
              r.setup_seconds);
  std::printf("round trips %llu in %.1f s = %.0f/s each way\n",
              static_cast<unsigned long long>(r.received), r.seconds, r.received / r.seconds);
  std::printf("rtt µs p50 %.0f  p90 %.0f  p99 %.0f  p99.9 %.0f\n", r.rtt.quantile(0.5),
              r.rtt.quantile(0.9), r.rtt.quantile(0.99), r.rtt.quantile(0.999));
  if (us_per_msg >= 0)
    std::printf("target CPU %.3f s = %.2f µs per relayed message; RSS %.1f MiB\n", target_cpu,
                us_per_msg, rss / 1048576.0);
  std::printf("load generator CPU %.2f s (%.0f%% of its threads)\n", r.generator_cpu_seconds,
              gen_util * 100);
  if (gen_util > 0.9)
    std::printf("WARNING: the load generator is saturated; figures measure it, not the target\n");
  if (!json_path.empty()) {
    std::ofstream f(json_path, std::ios::app);
    f << "{\"label\":\"" << label << "\",\"sessions\":" << o.sessions << ",\"open\":" << r.sessions_open
      << ",\"errors\":" << r.connect_errors << ",\"interval_ms\":" << interval
      << ",\"seconds\":" << r.seconds << ",\"round_trips\":" << r.received
      << ",\"rate\":" << r.received / r.seconds << ",\"p50_us\":" << r.rtt.quantile(0.5)
      << ",\"p90_us\":" << r.rtt.quantile(0.9) << ",\"p99_us\":" << r.rtt.quantile(0.99)
      << ",\"p999_us\":" << r.rtt.quantile(0.999) << ",\"target_cpu_s\":" << target_cpu
      << ",\"us_per_msg\":" << us_per_msg << ",\"target_rss\":" << rss
      << ",\"generator_cpu_s\":" << r.generator_cpu_seconds << ",\"setup_s\":" << r.setup_seconds
      << "}\n";
  }
  return r.sessions_open > 0 ? 0 : 1;
}
