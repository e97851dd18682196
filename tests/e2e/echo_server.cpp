// The gateway's server stack (engine, listeners, TLS, HTTP, WebSocket) with the echo application,
// as a program that third-party clients in the e2e suite connect to. Prints
// "LISTENING <ws port> <wss port>" on stdout once accepting.
//   echo_server [--shards N] [--port P] [--tls-port P --cert F --key F] [--handshake-timeout-ms N]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/engine/engine.h"
#include "core/server/echo_application.h"
#include "core/server/server.h"
#include "core/server/signals.h"

int main(int argc, char** argv) {
  using namespace sy::core;
  ServerOptions opts;
  opts.host = "127.0.0.1";
  opts.port = 0;
  int shards = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--shards") shards = std::atoi(v.c_str());
    else if (k == "--port") opts.port = static_cast<std::uint16_t>(std::atoi(v.c_str()));
    else if (k == "--tls-port") { opts.tls = true; opts.tls_port = static_cast<std::uint16_t>(std::atoi(v.c_str())); }
    else if (k == "--cert") opts.tls_cert = v;
    else if (k == "--key") opts.tls_key = v;
    else if (k == "--handshake-timeout-ms") opts.handshake_timeout_ms = static_cast<std::uint32_t>(std::atoi(v.c_str()));
    else { std::fprintf(stderr, "unknown option %s\n", k.c_str()); return 2; }
  }
  block_server_signals();
  auto engine = Engine::create(shards, /*pin=*/false);
  if (!engine) { std::fprintf(stderr, "engine: %s\n", engine.error().message); return 1; }
  EchoApplication app;
  Server server(**engine, opts, app);
  if (auto s = server.bind(); !s) { std::fprintf(stderr, "bind: %s\n", s.error().message); return 1; }
  (*engine)->start([&](Shard& shard) { server.on_shard_start(shard); });
  server.set_ready(true);
  std::printf("LISTENING %u %u\n", server.port(), server.tls_port());
  std::fflush(stdout);
  return serve_until_signal(**engine, server, ShutdownPlan{});
}
