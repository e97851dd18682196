// switchyard-sim: the provider simulator as a program (see providers/sim/sim_cli.h for flags).
// Prints "LISTENING <ws port> <wss port or 0>" on stdout once it accepts.
#include <cstdio>

#include "core/engine/engine.h"
#include "core/server/server.h"
#include "core/server/signals.h"
#include "providers/sim/sim_application.h"
#include "providers/sim/sim_cli.h"

int main(int argc, char** argv) {
  using namespace sy;
  std::string message;
  auto cl = providers::sim::parse_sim_command_line(argc, argv, message);
  if (!cl) {
    std::fprintf(stderr, "switchyard-sim: %s\n", message.c_str());
    return 2;
  }
  if (cl->help) {
    std::fputs(message.c_str(), stdout);
    return 0;
  }
  core::ServerOptions opts;
  opts.host = cl->host;
  opts.port = cl->port;
  opts.tls = cl->tls;
  opts.tls_port = cl->tls_port;
  opts.tls_cert = cl->cert;
  opts.tls_key = cl->tls_key;
  core::block_server_signals();
  auto engine = core::Engine::create(cl->shards, /*pin=*/false);
  if (!engine) {
    std::fprintf(stderr, "switchyard-sim: %s\n", engine.error().message);
    return 1;
  }
  providers::sim::SimApplication app(cl->sim);
  core::Server server(**engine, opts, app);
  if (auto st = server.bind(); !st) {
    std::fprintf(stderr, "switchyard-sim: %s\n", st.error().message);
    return 1;
  }
  (*engine)->start([&](core::Shard& shard) { server.on_shard_start(shard); });
  server.set_ready(true);
  std::printf("LISTENING %u %u\n", server.port(), cl->tls ? server.tls_port() : 0u);
  std::fflush(stdout);
  return core::serve_until_signal(**engine, server, core::ShutdownPlan{});
}
