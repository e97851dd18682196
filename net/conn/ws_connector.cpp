#include "net/conn/ws_connector.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <array>

#include "net/http/handshake_key.h"
#include "net/http/writer.h"
#include "net/tls/tls_context.h"
#include "net/tls/tls_session.h"

namespace sy::net::ws {

namespace asio = boost::asio;

namespace {

ConnectOutcome failure(ConnectErrc code, const char* message) {
  ConnectOutcome o;
  o.error = make_error(code, message);
  return o;
}

}  // namespace

awaitable<ConnectOutcome> connect_websocket(const ConnectRequest& req,
                                            std::span<std::uint8_t> shared_rx,
                                            const ConnectionMetrics* metrics) {
  auto started = std::chrono::steady_clock::now();
  auto ex = co_await asio::this_coro::executor;

  // One deadline for every step: it closes whatever socket is in use, which fails the pending wait.
  bool timed_out = false;
  tcp::socket socket(ex);
  Transport* live = nullptr;
  asio::steady_timer deadline(ex);
  deadline.expires_after(req.timeout);
  deadline.async_wait([&](const boost::system::error_code& ec) {
    if (ec) return;
    timed_out = true;
    boost::system::error_code ignored;
    if (live) live->close();
    else socket.close(ignored);
  });

  tcp::resolver resolver(ex);
  // Named: g++ 12 destroys temporaries inside a co_await expression twice.
  const std::string service = std::to_string(req.url.port);
  auto [rec, endpoints] = co_await resolver.async_resolve(req.url.host, service,
                                                          asio::as_tuple(asio::use_awaitable));
  if (rec) co_return failure(ConnectErrc::resolve_failed, "cannot resolve the upstream host");
  if (timed_out) co_return failure(ConnectErrc::timed_out, "upstream connect timed out");

  auto [cec, ep] = co_await asio::async_connect(socket, endpoints,
                                                asio::as_tuple(asio::use_awaitable));
  if (cec || !socket.is_open()) {
    co_return failure(timed_out ? ConnectErrc::timed_out : ConnectErrc::connect_failed,
                      timed_out ? "upstream connect timed out" : "cannot connect to the upstream");
  }
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);

  std::unique_ptr<tls::TlsSession> session;
  if (req.url.tls) {
    if (!req.tls) co_return failure(ConnectErrc::tls_failed, "no TLS context for a TLS upstream");
    auto s = tls::TlsSession::connect(*req.tls, socket.native_handle(), req.url.host);
    if (!s) co_return failure(ConnectErrc::tls_failed, s.error().message);
    session = std::move(*s);
  }
  Transport transport = session ? Transport(std::move(socket), std::move(session))
                                : Transport(std::move(socket));
  live = &transport;
  if (auto hs = co_await transport.handshake(); !hs) {
    live = nullptr;
    co_return failure(timed_out ? ConnectErrc::timed_out : ConnectErrc::tls_failed,
                      timed_out ? "upstream TLS handshake timed out" : hs.error().message);
  }

  auto key = http::random_websocket_key();
  std::vector<http::HeaderField> fields;
  for (auto& [k, v] : req.headers) fields.push_back({k, v});
  std::vector<std::string_view> subs(req.subprotocols.begin(), req.subprotocols.end());
  std::string out;
  http::write_client_handshake(out, req.url.host_header(), req.target, http::as_view(key), fields,
                               subs);
  if (!co_await write_all(transport, out)) {
    live = nullptr;
    co_return failure(timed_out ? ConnectErrc::timed_out : ConnectErrc::closed,
                      "upstream closed during the handshake");
  }

  http::UpgradeResponseParser parser(http::as_view(key), req.subprotocols);
  std::array<std::uint8_t, 4096> buf;
  for (;;) {
    IoResult r = transport.read(buf);
    if (r.status == IoStatus::would_block) {
      if (!co_await transport.wait_readable()) {
        live = nullptr;
        co_return failure(timed_out ? ConnectErrc::timed_out : ConnectErrc::closed,
                          timed_out ? "upstream handshake timed out" : "upstream closed");
      }
      continue;
    }
    http::UpgradeProgress p;
    if (r.status == IoStatus::ok) {
      p = parser.feed(std::span<const std::uint8_t>(buf.data(), r.bytes));
    } else {
      p = parser.finish();
    }
    if (p.state == http::UpgradeState::need_more) {
      if (r.status != IoStatus::ok) {
        live = nullptr;
        co_return failure(ConnectErrc::closed, "upstream closed during the handshake");
      }
      continue;
    }
    live = nullptr;
    deadline.cancel();
    if (p.state == http::UpgradeState::refused) {
      ConnectOutcome o = failure(ConnectErrc::refused, "upstream refused the WebSocket upgrade");
      o.refusal = parser.refusal();
      co_return o;
    }
    if (p.state == http::UpgradeState::error) {
      ConnectOutcome o;
      o.error = p.error;
      co_return o;
    }
    ConnectOutcome o;
    o.subprotocol = parser.subprotocol();
    o.connection = std::make_unique<Connection>(std::move(transport), Role::client, req.limits,
                                                shared_rx, metrics);
    o.connection->preload(std::span<const std::uint8_t>(buf.data() + p.consumed,
                                                        r.bytes - p.consumed));
    o.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started);
    co_return o;
  }
}

}  // namespace sy::net::ws
