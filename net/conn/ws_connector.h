// The outbound leg: async DNS, TCP connect under a timeout, TLS with SNI and certificate
// verification, and the WebSocket client handshake with custom headers. Providers use it to reach
// their upstreams; tests and the benchmark use it as a client.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "net/conn/ws_connection.h"
#include "net/http/base_url.h"
#include "net/http/response_parser.h"

namespace sy::net::tls {
class TlsContext;
}

namespace sy::net::ws {

enum class ConnectErrc : std::uint16_t {
  resolve_failed = 600,
  connect_failed,
  timed_out,
  tls_failed,
  handshake_failed,  // the server answered, but not with a valid 101
  refused,           // the server answered with an HTTP error (see ConnectResult::refusal)
  closed,
};

struct ConnectRequest {
  http::BaseUrl url;       // scheme, host, port
  std::string target;      // origin-form path and query, e.g. "/v1/realtime?model=x"
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Authorization
  std::vector<std::string> subprotocols;
  std::chrono::milliseconds timeout{10000};  // DNS + TCP + TLS + HTTP, all together
  tls::TlsContext* tls = nullptr;            // required when url.tls
  ConnectionLimits limits;
};

struct ConnectOutcome {
  std::unique_ptr<Connection> connection;  // set on success
  Error error{};                           // otherwise
  http::Refusal refusal;                   // when error is ConnectErrc::refused
  std::optional<std::string> subprotocol;
  std::chrono::microseconds elapsed{0};
};

// Connects and upgrades. `shared_rx` is the receive buffer of the shard the connection will live
// on; `metrics` may be null.
awaitable<ConnectOutcome> connect_websocket(const ConnectRequest& request,
                                            std::span<std::uint8_t> shared_rx,
                                            const ConnectionMetrics* metrics = nullptr);

}  // namespace sy::net::ws
