#include "core/server/server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <thread>

#include "core/base/log.h"
#include "core/engine/engine.h"
#include "core/metrics/gateway_metrics.h"
#include "core/server/http_front.h"
#include "net/io/listener.h"
#include "net/tls/tls_context.h"
#include "net/tls/tls_session.h"

namespace sy::core {

namespace asio = boost::asio;
using net::tcp;

// A connection the shard can reach during shutdown; lives in the connection's coroutine frame.
struct Server::Tracked {
  net::Transport* transport = nullptr;
  net::ws::Connection* ws = nullptr;
  Tracked* prev = nullptr;
  Tracked* next = nullptr;
};

struct Server::ShardState {
  Shard* shard = nullptr;
  std::optional<tcp::acceptor> plain;
  std::optional<tcp::acceptor> tls;
  Tracked head;  // sentinel of an intrusive list: no allocation per connection
  std::atomic<std::int64_t> live{0};  // written by the shard, read by the control thread
  bool draining = false;
  net::ws::ConnectionMetrics client_metrics;

  ShardState() { head.prev = head.next = &head; }
  void link(Tracked& t) {
    t.next = head.next;
    t.prev = &head;
    head.next->prev = &t;
    head.next = &t;
  }
  static void unlink(Tracked& t) {
    t.prev->next = t.next;
    t.next->prev = t.prev;
  }
};

Server::Server(Engine& engine, ServerOptions options, Application& app,
               metrics::Registry* registry, metrics::GatewayMetrics* gm)
    : engine_(engine), options_(std::move(options)), app_(app), registry_(registry), gm_(gm) {}

Server::~Server() = default;

Status Server::bind() {
  if (options_.tls) {
    auto ctx = net::tls::TlsContext::server(options_.tls_cert, options_.tls_key);
    if (!ctx) return ctx.error();
    tls_ctx_ = std::make_unique<net::tls::TlsContext>(std::move(*ctx));
  }
  std::uint16_t port = options_.port, tls_port = options_.tls_port;
  for (std::size_t i = 0; i < engine_.size(); ++i) {
    auto st = std::make_unique<ShardState>();
    st->shard = &engine_.shard(i);
    if (gm_) {
      using metrics::Direction;
      using metrics::Leg;
      using metrics::idx;
      auto& m = st->client_metrics;
      m.shard = static_cast<unsigned>(i);
      m.messages_in = gm_->ws_messages[idx(Leg::client)][idx(Direction::in)];
      m.bytes_in = gm_->ws_bytes[idx(Leg::client)][idx(Direction::in)];
      m.messages_out = gm_->ws_messages[idx(Leg::client)][idx(Direction::out)];
      m.bytes_out = gm_->ws_bytes[idx(Leg::client)][idx(Direction::out)];
      m.protocol_violation = gm_->protocol_errors[idx(metrics::ProtocolError::protocol_violation)];
      m.invalid_payload = gm_->protocol_errors[idx(metrics::ProtocolError::invalid_payload)];
      m.too_large = gm_->protocol_errors[idx(metrics::ProtocolError::too_large)];
      m.slow_consumer = gm_->protocol_errors[idx(metrics::ProtocolError::slow_consumer)];
    }
    auto& ctx = st->shard->context();
    if (options_.plain) {
      auto acc = net::listen_reuseport(ctx, options_.host, port);
      if (!acc) return acc.error();
      port = acc->local_endpoint().port();  // port 0: the other shards share the kernel's pick
      st->plain.emplace(std::move(*acc));
    }
    if (options_.tls) {
      auto acc = net::listen_reuseport(ctx, options_.host, tls_port);
      if (!acc) return acc.error();
      tls_port = acc->local_endpoint().port();
      st->tls.emplace(std::move(*acc));
    }
    shards_.push_back(std::move(st));
  }
  port_ = options_.plain ? port : 0;
  tls_port_ = options_.tls ? tls_port : 0;
  return {};
}

void Server::on_shard_start(Shard& shard) {
  app_.on_shard_start(shard);
  auto& st = *shards_[static_cast<std::size_t>(shard.index())];
  if (st.plain) asio::co_spawn(shard.context(), accept_loop(st, false), asio::detached);
  if (st.tls) asio::co_spawn(shard.context(), accept_loop(st, true), asio::detached);
}

net::awaitable<void> Server::accept_loop(ShardState& st, bool tls) {
  tcp::acceptor& acc = tls ? *st.tls : *st.plain;
  for (;;) {
    auto [ec, socket] = co_await acc.async_accept(asio::as_tuple(asio::use_awaitable));
    if (st.draining || !acc.is_open()) co_return;
    if (ec) {
      // Out of descriptors or memory: back off briefly instead of spinning on the error.
      SY_WARN("accept failed: %s", ec.message().c_str());
      asio::steady_timer t(acc.get_executor(), std::chrono::milliseconds(50));
      co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    asio::co_spawn(acc.get_executor(), serve_connection(st, std::move(socket), tls),
                   asio::detached);
  }
}

net::awaitable<void> Server::serve_connection(ShardState& st, tcp::socket socket, bool tls) {
  st.live.store(st.live.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  const unsigned shard_index = static_cast<unsigned>(st.shard->index());
  const auto listener = tls ? metrics::Listener::wss : metrics::Listener::ws;
  if (gm_) {
    gm_->connections_accepted[metrics::idx(listener)].inc(shard_index);
    gm_->connections_open[metrics::idx(listener)].inc(shard_index);
  }
  Tracked tracked;
  st.link(tracked);

  std::unique_ptr<net::tls::TlsSession> session;
  if (tls) {
    auto s = net::tls::TlsSession::accept(*tls_ctx_, socket.native_handle());
    if (s) session = std::move(*s);
    else if (gm_) gm_->handshake_failures[metrics::idx(metrics::HandshakeFailure::tls)].inc(shard_index);
  }
  if (!tls || session) {
    net::Transport transport = session ? net::Transport(std::move(socket), std::move(session))
                                       : net::Transport(std::move(socket));
    tracked.transport = &transport;
    if (st.draining) {
      transport.close();
    } else {
      HttpFront front{app_, options_, st.shard, st.client_metrics, gm_, registry_, this};
      // Named: g++ 12 destroys temporaries inside a co_await expression twice.
      const std::function<void(net::ws::Connection*)> on_ws = [&](net::ws::Connection* c) {
        tracked.ws = c;
      };
      co_await front.serve(transport, on_ws);
    }
  }

  ShardState::unlink(tracked);
  if (gm_) gm_->connections_open[metrics::idx(listener)].dec(shard_index);
  st.live.store(st.live.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
}

void Server::adopt(unsigned shard, net::ws::Released connection, ConnectionRun run) {
  ShardState* st = shards_.at(shard).get();
  // Shared state keeps the move-only connection in a copyable task for the shard's queue.
  auto job = std::make_shared<std::pair<net::ws::Released, ConnectionRun>>(std::move(connection),
                                                                           std::move(run));
  st->shard->post([this, st, job] {
    asio::co_spawn(st->shard->context(),
                   serve_adopted(*st, std::move(job->first), std::move(job->second)),
                   asio::detached);
  });
}

net::awaitable<void> Server::serve_adopted(ShardState& st, net::ws::Released connection,
                                           ConnectionRun run) {
  st.live.store(st.live.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  const unsigned shard_index = static_cast<unsigned>(st.shard->index());
  const auto listener = connection.transport.tls ? metrics::Listener::wss : metrics::Listener::ws;
  if (gm_) gm_->connections_open[metrics::idx(listener)].inc(shard_index);
  Tracked tracked;
  st.link(tracked);
  {
    net::Transport transport =
        net::Transport::adopt(st.shard->context().get_executor(), std::move(connection.transport));
    net::ws::Connection conn(std::move(transport), net::ws::Role::server, options_.ws_limits,
                             st.shard->receive_buffer(), &st.client_metrics);
    conn.preload(connection.unread);
    tracked.ws = &conn;
    // A connection arriving while the gateway drains is dropped, as one still in its handshake.
    if (!st.draining && conn.transport().is_open()) co_await run(conn);
    tracked.ws = nullptr;
  }
  ShardState::unlink(tracked);
  if (gm_) gm_->connections_open[metrics::idx(listener)].dec(shard_index);
  st.live.store(st.live.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
}

void Server::drain_shard(ShardState& st) {
  st.draining = true;
  boost::system::error_code ec;
  if (st.plain) st.plain->close(ec);
  if (st.tls) st.tls->close(ec);
  for (Tracked* t = st.head.next; t != &st.head; t = t->next) {
    if (t->ws)
      t->ws->close(1001, "server shutting down");
    else if (t->transport)
      t->transport->close();
  }
  app_.on_shard_drain(*st.shard);
  shards_drained_.fetch_add(1, std::memory_order_release);
}

void Server::shutdown() {
  set_ready(false);
  for (auto& st : shards_) {
    ShardState* s = st.get();
    s->shard->post([this, s] { drain_shard(*s); });
  }
}

std::int64_t Server::live_connections() const noexcept {
  std::int64_t n = 0;
  for (auto& st : shards_) n += st->live.load(std::memory_order_relaxed);
  return n;
}

bool Server::wait_drained(std::chrono::milliseconds deadline) {
  auto until = std::chrono::steady_clock::now() + deadline;
  // A shard with no connections may not have run its drain yet: its listener would still accept.
  while (shards_drained_.load(std::memory_order_acquire) < shards_.size() || live_connections() > 0) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace sy::core
