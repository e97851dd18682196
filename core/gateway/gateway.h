// The assembled gateway: configuration → engine (shards), metrics registry, application and
// server. The `switchyard` program is a thin main() around it, and an embedding application can
// hold one directly.
#pragma once

#include <memory>

#include "core/base/result.h"
#include "core/config/config.h"
#include "core/engine/engine.h"
#include "core/metrics/gateway_metrics.h"
#include "core/metrics/registry.h"
#include "core/server/application.h"
#include "core/server/server.h"

namespace sy::core {

class SessionApplication;

class Gateway {
 public:
  static Result<std::unique_ptr<Gateway>> create(const config::Config& cfg);
  ~Gateway();

  // Starts the shards and serves until SIGINT/SIGTERM; returns the exit code.
  int run_until_signal();

  Server& server() noexcept { return *server_; }
  Engine& engine() noexcept { return *engine_; }

 private:
  Gateway() = default;
  config::Config cfg_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<metrics::Registry> registry_;
  metrics::GatewayMetrics gm_;
  std::unique_ptr<Application> app_;
  SessionApplication* sessions_ = nullptr;  // app_, for SIGHUP reloads
  std::unique_ptr<Server> server_;
};

ServerOptions server_options(const config::Config& cfg);

}  // namespace sy::core
