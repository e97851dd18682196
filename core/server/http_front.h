// The HTTP side of one accepted connection: TLS handshake, the request under a deadline (a
// stalled client is closed, not waited for), the built-in routes, and the WebSocket upgrade that
// hands the connection to the application.
#pragma once

#include <functional>
#include <string_view>

#include "core/metrics/gateway_metrics.h"
#include "core/server/application.h"
#include "core/server/server.h"

namespace sy::core {

struct HttpFront {
  Application& app;
  const ServerOptions& options;
  Shard* shard;
  const net::ws::ConnectionMetrics& conn_metrics;
  metrics::GatewayMetrics* gm;
  metrics::Registry* registry;
  Server* server;

  // Serves the connection to its end. on_ws is told of the WebSocket connection once it exists
  // (and of nullptr when it ends) so shutdown can close it with 1001.
  net::awaitable<void> serve(net::Transport& transport,
                             const std::function<void(net::ws::Connection*)>& on_ws);

 private:
  net::awaitable<void> reply(net::Transport& t, const HttpReply& r);
  void count_handshake_failure(metrics::HandshakeFailure reason);
};


}  // namespace sy::core
