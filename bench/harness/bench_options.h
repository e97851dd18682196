// What one switchyard-bench run does, and what it measured.
//
// Modes:
//   stream  N sessions stream audio, paced (one message per interval, real time) or closed-loop
//           (the next message as soon as the answer arrives); round-trip latency, message rates,
//           the target's CPU per relayed message and RSS per active session.
//   idle    N sessions open, each exchanges one audio round trip (so both legs are known to be up
//           and have carried traffic), then all stay silent; the target's RSS per idle session.
//   churn   N loops open a session, wait until it is ready, close it, and start again; session
//           set-up rate and set-up latency.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/harness/latency_histogram.h"
#include "bench/harness/protocol.h"

namespace sy::bench {

enum class Mode : std::uint8_t { stream, idle, churn };

struct BenchOptions {
  Mode mode = Mode::stream;
  std::string url;      // ws:// or wss://host:port/path?query
  std::string ca_file;  // for wss
  std::string bearer;   // Authorization: Bearer … when set
  Protocol protocol = Protocol::raw;
  int sessions = 10;
  int threads = 1;
  std::chrono::milliseconds duration{5000};  // the measured window (idle: the silent hold)
  std::chrono::milliseconds warmup{1000};    // after every session is ready; not measured
  std::chrono::milliseconds interval{40};    // 0 = closed loop
  std::chrono::milliseconds settle{2000};    // idle: quiet time before memory is read
  std::chrono::milliseconds connect_timeout{15000};  // connect until ready
  unsigned rate = 0;           // audio sample rate; 0 = the dialect's own (24 kHz, Gemini 16 kHz)
  unsigned chunk_ms = 40;      // audio per message
  std::size_t audio_bytes = 0; // PCM bytes per message; 0 = rate × chunk_ms
  int max_connecting = 64;     // sessions in their handshake at once (stream, idle)
  std::vector<int> target_pids;    // the hop being measured: CPU and RSS
  std::vector<int> upstream_pids;  // the simulator behind it: CPU only, to see who saturates
  int gc_signal = 0;               // sent to the target before each memory reading (Node: gc)
  std::string label;
  std::string json_path;  // append the result as one JSON line
};

struct BenchResult {
  unsigned rate = 0;              // audio sample rate sent
  std::size_t pcm_bytes = 0;      // audio per message
  std::size_t message_bytes = 0;  // the whole message as sent (JSON with base64)
  int requested = 0;
  int ready = 0;           // sessions that completed their set-up (stream, idle)
  int connect_failed = 0;  // TCP/TLS/upgrade failures (churn: over the whole run)
  int not_ready = 0;       // connected but the set-up exchange did not finish in time
  int closed_early = 0;    // closed by the other side before the run ended
  double open_seconds = 0;  // from the first connect until every session was ready or failed

  double window_seconds = 0;  // measured window, as actually sampled
  std::uint64_t sent = 0;     // audio messages sent in the window
  std::uint64_t answers = 0;  // answers that arrived in the window
  std::uint64_t unanswered = 0;  // sent in the window, never answered
  std::uint64_t churned = 0;     // churn: sessions opened, made ready and closed in the window
  LatencyHistogram rtt;          // µs, messages sent in the window
  LatencyHistogram setup;        // µs, connect → ready

  double target_cpu = -1;     // seconds in the window (schedstat); -1 = no --pid
  double target_user = -1;    // the same from /proc/PID/stat (10 ms ticks), in user space
  double target_system = -1;  // and in the kernel
  double upstream_cpu = -1;
  double generator_cpu = 0;
  int generator_cpus = 1;     // CPUs the load generator may run on
  double machine_busy = 0;    // CPU-seconds in processes, whole machine, in the window (/proc/stat)
  double machine_interrupt = 0;  // CPU-seconds in irq and softirq
  double machine_steal = 0;   // CPU-seconds the hypervisor took
  long long rss_before = -1;  // target, before the first session
  long long rss_after = -1;   // stream: at the window's end; idle: after settling
  std::vector<std::string> warnings;
};

BenchResult run_bench(const BenchOptions& options);

}  // namespace sy::bench
