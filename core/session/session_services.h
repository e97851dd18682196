// What sessions share: process-wide services (read-only once the gateway runs) and per-shard
// ones.
#pragma once

#include <cstdint>
#include <span>

#include "core/config/config.h"
#include "core/metrics/gateway_metrics.h"
#include "net/conn/ws_connection.h"
#include "providers/registry/provider.h"

namespace sy::net::tls {
class TlsContext;
}

namespace sy::core {

struct SessionServices {
  const config::Config* cfg = nullptr;
  const providers::Registry* providers = nullptr;
  net::tls::TlsContext* upstream_tls = nullptr;
  metrics::GatewayMetrics* gm = nullptr;
};

struct ShardServices {
  unsigned shard = 0;
  std::span<std::uint8_t> receive_buffer;
  net::ws::ConnectionMetrics upstream_metrics;
};

}  // namespace sy::core
