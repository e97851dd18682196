// The command line of switchyard-sim, parsed into server and simulator options (kept out of
// main() so it is tested like any other parser).
//
//   switchyard-sim --dialect openai|gemini [--host H] [--port P] [--shards N]
//                  [--tls [--tls-port P] --cert F --tls-key F] [--api-key K] [--echo]
//                  [--answer tone|echo] [--transcript T] [--tone-ms N] [--chunk-ms N]
//                  [--chunk-interval-ms N] [--delay-first-audio-ms N] [--close-after-events N]
//                  [--refuse STATUS] [--go-away-after-ms N] [--go-away-time-left-ms N]
//
// `--key` is accepted too: with --tls it names the TLS key file when no --tls-key is given and
// the file exists; otherwise it is the API key.
#pragma once

#include <cstdint>
#include <string>

#include "core/base/result.h"
#include "providers/sim/sim_application.h"

namespace sy::providers::sim {

struct SimCommandLine {
  SimServerOptions sim;
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: the kernel picks (printed on the LISTENING line)
  int shards = 1;
  bool tls = false;
  std::uint16_t tls_port = 0;
  std::string cert, tls_key;
  bool help = false;
};

enum class SimCliErrc : std::uint16_t { bad_arguments = 1 };

// On failure `message` says what is wrong; with --help it holds the usage text.
Result<SimCommandLine> parse_sim_command_line(int argc, const char* const* argv,
                                              std::string& message);

}  // namespace sy::providers::sim
