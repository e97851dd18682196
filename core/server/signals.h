// Process-level signal handling for a shard-per-core server: signals are blocked in every thread
// and taken synchronously by the control thread, so no handler ever runs inside a shard.
#pragma once

#include <chrono>
#include <functional>

namespace sy::core {

class Engine;
class Server;

// Blocks SIGINT, SIGTERM, SIGHUP and SIGPIPE for the calling thread and the threads it starts
// afterwards. Call before Engine::start.
void block_server_signals();

struct ShutdownPlan {
  std::chrono::milliseconds deadline{5000};  // in-flight work gets this long after 1001 closes
  std::function<void()> on_reload;           // SIGHUP (e.g. reload ACCOUNTS_FILE); may be empty
};

// Waits for SIGINT/SIGTERM on the calling thread, then shuts down in order: stop accepting, close
// every client with 1001, wait for connections up to the deadline, stop the shards. Returns the
// process exit code (0 when everything drained in time).
int serve_until_signal(Engine& engine, Server& server, const ShutdownPlan& plan);

}  // namespace sy::core
