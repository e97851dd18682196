// One conversation: the client's WebSocket, the translator pair for its dialect and core, the
// upstream, and the plumbing between them — all on the shard that accepted the client, with no
// locks. Client input that arrives while the upstream is still connecting is kept (bounded) and
// delivered in order once it opens; backpressure on either side pauses reading the other.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codec/translate/translator.h"
#include "core/config/config.h"
#include "core/metrics/gateway_metrics.h"
#include "core/session/upstream.h"
#include "net/conn/ws_connection.h"
#include "providers/registry/provider.h"

namespace sy::net::tls {
class TlsContext;
}

namespace sy::core {

// Process-wide, read-only once the gateway runs.
struct SessionServices {
  const config::Config* cfg = nullptr;
  const providers::Registry* providers = nullptr;
  net::tls::TlsContext* upstream_tls = nullptr;
  metrics::GatewayMetrics* gm = nullptr;
};

// Per shard.
struct ShardServices {
  unsigned shard = 0;
  std::span<std::uint8_t> receive_buffer;
  net::ws::ConnectionMetrics upstream_metrics;
};

struct SessionSpec {
  codec::translate::Dialect dialect = codec::translate::Dialect::openai;
  std::optional<config::Core> core;  // unknown until a Gemini client's setup names a model
  std::string model;
  bool openai_beta = false;
  std::string account;
  std::string session_id;
};

class Session final : private net::ws::Handler, private UpstreamSink {
 public:
  // Past this much input held while the upstream connects, the client is refused (1008).
  static constexpr std::size_t kMaxPendingBytes = 4u << 20;

  Session(const SessionServices& services, const ShardServices& shard, SessionSpec spec,
          const boost::asio::any_io_executor& executor);
  ~Session();

  // Serves the client until it leaves; the upstream is closed and awaited before returning.
  net::awaitable<void> run(net::ws::Connection& client);

 private:
  // net::ws::Handler (the client)
  void on_message(net::ws::Connection&, net::ws::Opcode op,
                  std::span<std::uint8_t> payload) override;
  void on_drain(net::ws::Connection&) override;
  // UpstreamSink
  void on_upstream_open() override;
  void on_upstream_message(net::ws::Opcode op, std::span<std::uint8_t> payload,
                           std::size_t readable) override;
  void on_upstream_drain() override;
  void on_upstream_closed(std::uint16_t code, std::string_view reason) override;

  // Chooses the core, makes the translator and starts the upstream. False: the client was
  // refused (and told why).
  bool begin_upstream(const std::string& model);
  void dispatch(net::ws::Opcode in_op, std::span<const std::uint8_t> in_client,
                std::span<const std::uint8_t> in_upstream);
  void send_upstream(net::ws::Opcode op, std::span<const std::uint8_t> bytes);
  void send_client(net::ws::Opcode op, std::span<const std::uint8_t> bytes);
  void refuse_client(std::uint16_t code, std::string_view reason);
  void arm_timer();

  const SessionServices& services_;
  const ShardServices& shard_;
  SessionSpec spec_;
  net::ws::Connection* client_ = nullptr;
  std::unique_ptr<codec::translate::Translator> translator_;
  std::unique_ptr<Upstream> upstream_;
  codec::translate::Outputs out_;
  std::vector<std::pair<net::ws::Opcode, std::string>> pending_;  // only while connecting
  std::size_t pending_bytes_ = 0;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer upstream_done_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool upstream_running_ = false;
  bool upstream_open_ = false;
  bool ended_ = false;
  std::optional<metrics::Core> metrics_core_;
};

}  // namespace sy::core
