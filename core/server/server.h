// The gateway's front door: one listener per shard and protocol (plain ws, TLS wss) with
// SO_REUSEPORT, the HTTP handshake with its timeout, the built-in routes (/healthz, /readyz,
// /metrics), the WebSocket upgrade, and ordered shutdown: stop accepting, close every client
// with 1001, wait for in-flight connections up to a deadline.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/server/application.h"
#include "net/conn/ws_connection.h"

namespace sy::metrics {
class Registry;
struct GatewayMetrics;
}  // namespace sy::metrics
namespace sy::net::tls {
class TlsContext;
}

namespace sy::core {

class Engine;

struct ServerOptions {
  std::string host = "0.0.0.0";
  bool plain = true;
  std::uint16_t port = 8080;  // 0: the kernel picks (tests)
  bool tls = false;
  std::uint16_t tls_port = 8443;
  std::string tls_cert, tls_key;
  std::uint32_t handshake_timeout_ms = 10000;  // a request must be complete by then (slowloris)
  net::ws::ConnectionLimits ws_limits;
};

enum class ServerErrc : std::uint16_t { listen_failed, tls_context };

class Server final : public ConnectionHost {
 public:
  Server(Engine& engine, ServerOptions options, Application& app,
         metrics::Registry* registry = nullptr, metrics::GatewayMetrics* gm = nullptr);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds every listener; call before Engine::start. Then call on_shard_start(shard) from the
  // engine's init hook on each shard to begin accepting there.
  Status bind();
  void on_shard_start(Shard& shard);

  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  [[nodiscard]] std::uint16_t tls_port() const noexcept { return tls_port_; }

  // From any thread: stop accepting, close every connection with 1001 (going away).
  void shutdown();
  // From the control thread: waits until every shard has closed its listeners and no connection
  // is left, or the deadline passes.
  bool wait_drained(std::chrono::milliseconds deadline);
  [[nodiscard]] std::int64_t live_connections() const noexcept;
  [[nodiscard]] bool ready() const noexcept { return ready_.load(std::memory_order_relaxed); }
  void set_ready(bool r) noexcept { ready_.store(r, std::memory_order_relaxed); }

  // ConnectionHost
  void adopt(unsigned shard, net::ws::Released connection, ConnectionRun run) override;

 private:
  struct ShardState;
  struct Tracked;
  net::awaitable<void> accept_loop(ShardState& st, bool tls);
  net::awaitable<void> serve_connection(ShardState& st, net::tcp::socket socket, bool tls);
  net::awaitable<void> serve_adopted(ShardState& st, net::ws::Released connection,
                                     ConnectionRun run);
  void drain_shard(ShardState& st);

  Engine& engine_;
  ServerOptions options_;
  Application& app_;
  metrics::Registry* registry_;
  metrics::GatewayMetrics* gm_;
  std::unique_ptr<net::tls::TlsContext> tls_ctx_;
  std::vector<std::unique_ptr<ShardState>> shards_;
  std::uint16_t port_ = 0;
  std::uint16_t tls_port_ = 0;
  std::atomic<bool> ready_{false};
  std::atomic<std::size_t> shards_drained_{0};  // shards whose listeners are closed
};

}  // namespace sy::core
