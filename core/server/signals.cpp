#include "core/server/signals.h"

#include <csignal>

#include "core/base/log.h"
#include "core/engine/engine.h"
#include "core/server/server.h"

namespace sy::core {

namespace {
sigset_t server_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}
}  // namespace

void block_server_signals() {
  sigset_t set = server_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A peer that resets mid-write must yield EPIPE, not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
}

int serve_until_signal(Engine& engine, Server& server, const ShutdownPlan& plan) {
  sigset_t set = server_signals();
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig == SIGHUP) {
      SY_INFO("SIGHUP: reloading");
      if (plan.on_reload) plan.on_reload();
      continue;
    }
    SY_INFO("%s: shutting down (closing clients with 1001, deadline %lld ms)",
            sig == SIGINT ? "SIGINT" : "SIGTERM", static_cast<long long>(plan.deadline.count()));
    break;
  }
  server.shutdown();
  bool drained = server.wait_drained(plan.deadline);
  if (!drained)
    SY_WARN("shutdown deadline passed with %lld connection(s) open; closing them",
            static_cast<long long>(server.live_connections()));
  engine.finish(std::chrono::milliseconds(2000));
  SY_INFO("stopped");
  return 0;
}

}  // namespace sy::core
