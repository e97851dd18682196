// The load generator behind switchyard-bench: N WebSocket sessions against a target URL, each
// sending audio-sized messages either in real time (one every interval) or closed-loop (the next
// as soon as the answer arrives), timing every round trip. It runs on Switchyard's own engine.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "bench/harness/latency_histogram.h"

namespace sy::bench {

enum class Protocol : std::uint8_t {
  raw,     // any binary payload; the peer echoes it (the echo server, nginx in front of it)
  openai,  // input_audio_buffer.append → response.output_audio.delta (the simulator's echo mode)
  gemini,  // realtimeInput.audio → serverContent.modelTurn inlineData
};

struct LoadOptions {
  std::string url;           // ws:// or wss://host:port/path?query
  std::string ca_file;       // for wss
  std::string bearer;        // Authorization: Bearer … when set
  Protocol protocol = Protocol::raw;
  int sessions = 10;
  int threads = 1;
  std::chrono::milliseconds duration{5000};
  std::chrono::milliseconds interval{40};  // 0 = closed loop
  std::size_t audio_bytes = 1920;          // 40 ms of 24 kHz PCM16
  std::chrono::milliseconds warmup{500};   // excluded from the figures
};

struct LoadResult {
  int sessions_open = 0;
  int connect_errors = 0;
  std::uint64_t sent = 0;
  std::uint64_t received = 0;
  double seconds = 0;
  double generator_cpu_seconds = 0;
  LatencyHistogram rtt;  // µs
  double setup_seconds = 0;  // time to open every session
};

LoadResult run_load(const LoadOptions& options);

}  // namespace sy::bench
