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

class Session final : private net::ws::Handler {
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
  // One upstream connection and the session's view of it. Usually there is one; after a
  // provider's goAway a second opens (resuming the provider session) and replaces the first.
  struct Leg;
  void leg_open(Leg& leg);
  void leg_message(Leg& leg, net::ws::Opcode op, std::span<std::uint8_t> payload,
                   std::size_t readable);
  void leg_drain(Leg& leg);
  void leg_closed(Leg& leg, std::uint16_t code, std::string_view reason);
  void leg_done(Leg& leg);
  // Opens a new upstream connection and records it in `slot` (current_ or next_).
  void start_leg(Leg*& slot);
  void arm_watchdog();
  // sy_sessions{dialect, core} for this session (a discarding handle without metrics).
  [[nodiscard]] metrics::Gauge sessions_gauge() const;

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
  providers::UpstreamPlan plan_;
  std::vector<std::unique_ptr<Leg>> legs_;  // every upstream whose coroutine still runs
  Leg* current_ = nullptr;                  // carries the conversation
  Leg* next_ = nullptr;                     // opening to replace current_ (after goAway)
  codec::translate::Outputs out_;
  std::vector<std::pair<net::ws::Opcode, std::string>> pending_;  // only while connecting
  std::size_t pending_bytes_ = 0;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer upstream_done_;
  boost::asio::steady_timer watchdog_;  // idle timeout and maximum session lifetime
  std::chrono::steady_clock::time_point started_at_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_activity_ = started_at_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool upstream_open_ = false;
  bool ended_ = false;
  std::optional<metrics::Core> metrics_core_;
};

}  // namespace sy::core
