// What the server asks of the layer above it (sessions, auth): answers to REST requests and
// decisions about WebSocket upgrades. The server owns sockets, TLS, HTTP and the frame codec; the
// application owns what a connection means.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "net/conn/ws_connection.h"
#include "net/http/request.h"
#include "net/http/upgrade.h"

namespace sy::core {

class Shard;
class ConnectionHost;

struct HttpReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Facts about the accepted TCP connection.
struct PeerInfo {
  std::string address;
  bool tls = false;
  Shard* shard = nullptr;
  ConnectionHost* host = nullptr;
};

using ConnectionRun = std::function<net::awaitable<void>(net::ws::Connection&)>;

// The server side that owns connections: lets the application move a WebSocket connection to
// the shard where its session lives (released at a message boundary, see ws::Connection).
class ConnectionHost {
 public:
  // From the releasing shard's thread: `shard` adopts the connection and runs `run` on it,
  // tracked for shutdown like a connection it accepted itself.
  virtual void adopt(unsigned shard, net::ws::Released connection, ConnectionRun run) = 0;

 protected:
  ~ConnectionHost() = default;
};

// An accepted upgrade: the subprotocol to answer with (never a credential) and the coroutine that
// runs the WebSocket connection until it ends.
struct UpgradeAccept {
  std::optional<std::string> subprotocol;
  std::vector<std::pair<std::string, std::string>> headers;
  ConnectionRun run;
};

using UpgradeDecision = std::variant<HttpReply, UpgradeAccept>;

class Application {
 public:
  virtual ~Application() = default;
  // REST routes other than the built-in /healthz, /readyz and /metrics; nullopt answers 404.
  virtual std::optional<HttpReply> handle_http(const net::http::Request&, const PeerInfo&) {
    return std::nullopt;
  }
  // Decides about a valid WebSocket upgrade request (RFC 6455 checks already passed).
  virtual UpgradeDecision on_upgrade(const net::http::Request& request,
                                     const net::http::UpgradeRequest& upgrade,
                                     const PeerInfo& peer) = 0;
  // Extra exposition lines for /metrics (e.g. gauges the application computes on demand).
  virtual void render_metrics(std::string&) {}
  // On each shard's thread: once when it starts, and when the server drains it (shutdown),
  // after its listeners closed and its connections were told to go away.
  virtual void on_shard_start(Shard&) {}
  virtual void on_shard_drain(Shard&) {}
};

}  // namespace sy::core
