// switchyard-bench: load against a WebSocket target (Switchyard, or a baseline in front of the same
// upstream), reporting session set-up, message rates, round-trip latency percentiles and, given the
// target's pid, its CPU seconds per relayed message and its RSS per session.
//   switchyard-bench --url 'ws://127.0.0.1:8080/v1/realtime?model=gpt-realtime' --protocol openai
//                    --bearer id:secret --sessions 50 --seconds 10 --interval-ms 40 --pid N
//                    [--mode stream|idle|churn] [--json results.jsonl] [--label name]
// Exit status: 0 when at least one session was ready (or, churning, one session completed), 1
// otherwise, 2 for bad arguments.
#include <signal.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include "bench/harness/bench_options.h"
#include "bench/harness/report.h"

namespace po = boost::program_options;

namespace {

int signal_number(const std::string& name) {
  if (name.empty()) return 0;
  if (name == "USR1" || name == "SIGUSR1") return SIGUSR1;
  if (name == "USR2" || name == "SIGUSR2") return SIGUSR2;
  if (name == "HUP" || name == "SIGHUP") return SIGHUP;
  return std::atoi(name.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sy::bench;
  BenchOptions o;
  std::string mode = "stream", protocol = "raw", gc_signal;
  double seconds = 5;
  int interval = 40, warmup = 1000, settle = 2000, connect_timeout = 15000;
  po::options_description d("switchyard-bench options");
  // clang-format off
  d.add_options()
    ("help,h", "this text")
    ("url", po::value(&o.url)->required(), "target ws:// or wss:// URL with path and query")
    ("mode", po::value(&mode)->default_value(mode),
     "stream (audio both ways) | idle (open, one round trip, silence: memory) | churn (open and close)")
    ("protocol", po::value(&protocol)->default_value(protocol),
     "raw | openai | gemini: what is sent, what makes a session ready, what counts as the answer")
    ("sessions", po::value(&o.sessions)->default_value(o.sessions), "concurrent sessions (churn: loops)")
    ("threads", po::value(&o.threads)->default_value(o.threads), "load generator threads (event loops)")
    ("seconds", po::value(&seconds)->default_value(seconds), "measured window (idle: silent hold)")
    ("warmup-ms", po::value(&warmup)->default_value(warmup), "unmeasured time once every session is ready")
    ("interval-ms", po::value(&interval)->default_value(interval),
     "stream: one message per session per interval (real time); 0 = closed loop")
    ("chunk-ms", po::value(&o.chunk_ms)->default_value(o.chunk_ms), "audio per message")
    ("rate", po::value(&o.rate)->default_value(0), "sample rate; 0 = the dialect's (24000, Gemini 16000)")
    ("audio-bytes", po::value(&o.audio_bytes)->default_value(0), "PCM bytes per message; 0 = rate × chunk")
    ("bearer", po::value(&o.bearer), "Authorization: Bearer credential")
    ("ca", po::value(&o.ca_file), "CA bundle for wss")
    ("max-connecting", po::value(&o.max_connecting)->default_value(o.max_connecting),
     "sessions in their handshake at once (stream, idle)")
    ("connect-timeout-ms", po::value(&connect_timeout)->default_value(connect_timeout),
     "connect, upgrade and set-up exchange")
    ("settle-ms", po::value(&settle)->default_value(settle), "idle: quiet time before memory is read")
    ("pid", po::value(&o.target_pids)->composing(), "target process (repeat for several): CPU and RSS")
    ("upstream-pid", po::value(&o.upstream_pids)->composing(), "upstream process: CPU only")
    ("gc-signal", po::value(&gc_signal), "signal sent to the target before reading memory (USR2)")
    ("label", po::value(&o.label), "name of this run in the output")
    ("json", po::value(&o.json_path), "append the result as one JSON line to this file");
  // clang-format on
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, d), vm);
    if (vm.count("help")) {
      std::cout << d;
      return 0;
    }
    po::notify(vm);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "switchyard-bench: %s\n(--help lists the options)\n", e.what());
    return 2;
  }
  if (mode == "stream") o.mode = Mode::stream;
  else if (mode == "idle") o.mode = Mode::idle;
  else if (mode == "churn") o.mode = Mode::churn;
  else {
    std::fprintf(stderr, "switchyard-bench: --mode must be stream, idle or churn\n");
    return 2;
  }
  if (!parse_protocol(protocol, o.protocol)) {
    std::fprintf(stderr, "switchyard-bench: --protocol must be raw, openai or gemini\n");
    return 2;
  }
  if (o.sessions < 1 || o.threads < 1 || seconds <= 0 || interval < 0) {
    std::fprintf(stderr, "switchyard-bench: sessions, threads and seconds must be positive\n");
    return 2;
  }
  o.duration = std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  o.interval = std::chrono::milliseconds(interval);
  o.warmup = std::chrono::milliseconds(warmup);
  o.settle = std::chrono::milliseconds(settle);
  o.connect_timeout = std::chrono::milliseconds(connect_timeout);
  o.gc_signal = signal_number(gc_signal);

  BenchResult r = run_bench(o);
  Derived derived = derive(o, r);
  std::fputs(text_summary(o, r, derived).c_str(), stdout);
  if (!o.json_path.empty()) {
    std::ofstream f(o.json_path, std::ios::app);
    f << json_line(o, r, derived);
    if (!f) {
      std::fprintf(stderr, "switchyard-bench: cannot write %s\n", o.json_path.c_str());
      return 1;
    }
  }
  return (o.mode == Mode::churn ? r.churned > 0 : r.ready > 0) ? 0 : 1;
}
