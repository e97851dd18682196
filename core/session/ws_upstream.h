// A provider reached over WebSocket: connect (DNS, TCP, TLS, upgrade) under a timeout, retry
// transient failures with backoff, and report a refusal with the provider's own reason.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/session/upstream.h"
#include "net/conn/ws_connector.h"

namespace sy::core {

struct WsUpstreamOptions {
  int attempts = 3;                                // transient failures only (not refusals)
  std::chrono::milliseconds first_backoff{100};    // doubled per attempt
};

class WsUpstream final : public Upstream, private net::ws::Handler {
 public:
  WsUpstream(net::ws::ConnectRequest request, std::span<std::uint8_t> shared_rx,
             const net::ws::ConnectionMetrics* metrics, WsUpstreamOptions options = {});
  ~WsUpstream() override;

  net::awaitable<void> run(UpstreamSink& sink) override;
  net::ws::SendStatus send(net::ws::Opcode op, std::span<const std::uint8_t> payload) override;
  void close(std::uint16_t code, std::string_view reason) override;
  void pause_reading() override;
  void resume_reading() override;
  [[nodiscard]] bool is_open() const override { return conn_ && conn_->is_open(); }
  [[nodiscard]] std::chrono::microseconds connect_time() const { return connect_time_; }

 private:
  void on_message(net::ws::Connection& c, net::ws::Opcode op,
                  std::span<std::uint8_t> payload) override;
  void on_drain(net::ws::Connection&) override;
  void on_peer_close(net::ws::Connection&, std::uint16_t code, std::string_view reason) override;

  net::ws::ConnectRequest request_;
  std::span<std::uint8_t> shared_rx_;
  const net::ws::ConnectionMetrics* metrics_;
  WsUpstreamOptions options_;
  std::unique_ptr<net::ws::Connection> conn_;
  UpstreamSink* sink_ = nullptr;
  bool closing_ = false;
  std::string peer_reason_;  // the provider's close reason, passed on to the client
  std::chrono::microseconds connect_time_{0};
};

}  // namespace sy::core
