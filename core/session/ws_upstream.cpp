#include "core/session/ws_upstream.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/base/log.h"

namespace sy::core {

namespace asio = boost::asio;
using net::ws::ConnectErrc;

WsUpstream::WsUpstream(net::ws::ConnectRequest request, std::span<std::uint8_t> shared_rx,
                       const net::ws::ConnectionMetrics* metrics, WsUpstreamOptions options)
    : request_(std::move(request)), shared_rx_(shared_rx), metrics_(metrics), options_(options) {}

WsUpstream::~WsUpstream() = default;

net::awaitable<void> WsUpstream::run(UpstreamSink& sink) {
  sink_ = &sink;
  auto backoff = options_.first_backoff;
  for (int attempt = 1;; ++attempt) {
    net::ws::ConnectOutcome o = co_await net::ws::connect_websocket(request_, shared_rx_, metrics_);
    if (closing_) co_return;
    if (o.connection) {
      conn_ = std::move(o.connection);
      connect_time_ = o.elapsed;
      break;
    }
    if (o.error.is(ConnectErrc::refused)) {
      // The provider said no (bad key, unknown model, quota): retrying will not help. Its own
      // words go to the client; the excerpt is already sanitised for display.
      std::string why = "provider refused the connection: HTTP " +
                        std::to_string(o.refusal.status) + " " + o.refusal.reason;
      if (!o.refusal.body_excerpt.empty()) why += ": " + o.refusal.body_excerpt;
      SY_WARN("upstream %s refused: HTTP %d", request_.url.host.c_str(), o.refusal.status);
      sink.on_upstream_closed(o.refusal.status == 401 || o.refusal.status == 403 ? 1008 : 1011,
                              why);
      co_return;
    }
    if (attempt >= options_.attempts) {
      std::string why = std::string("cannot reach the provider: ") + o.error.message;
      SY_WARN("upstream %s: %s after %d attempt(s)", request_.url.host.c_str(), o.error.message,
              attempt);
      sink.on_upstream_closed(1011, why);
      co_return;
    }
    asio::steady_timer t(co_await asio::this_coro::executor, backoff);
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    if (closing_) co_return;
    backoff *= 2;
  }
  sink.on_upstream_open();
  net::ws::CloseInfo info = co_await conn_->run(*this);
  if (!closing_) sink.on_upstream_closed(info.code, peer_reason_.empty() ? info.why : peer_reason_);
}

net::ws::SendStatus WsUpstream::send(net::ws::Opcode op, std::span<const std::uint8_t> payload) {
  if (!conn_) return net::ws::SendStatus::closed;
  return conn_->send(op, payload);
}

void WsUpstream::close(std::uint16_t code, std::string_view reason) {
  closing_ = true;
  if (conn_) conn_->close(code, reason);
}

void WsUpstream::pause_reading() {
  if (conn_) conn_->pause_reading();
}

void WsUpstream::resume_reading() {
  if (conn_) conn_->resume_reading();
}

void WsUpstream::on_message(net::ws::Connection& c, net::ws::Opcode op,
                            std::span<std::uint8_t> payload) {
  if (sink_) sink_->on_upstream_message(op, payload, c.readable_from(payload.data()));
}

void WsUpstream::on_peer_close(net::ws::Connection&, std::uint16_t, std::string_view reason) {
  peer_reason_.assign(reason);
}

void WsUpstream::on_drain(net::ws::Connection&) {
  if (sink_) sink_->on_upstream_drain();
}

}  // namespace sy::core
