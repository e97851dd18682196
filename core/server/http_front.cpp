#include "core/server/http_front.h"

#include <boost/asio/steady_timer.hpp>
#include <array>

#include "core/base/log.h"
#include "core/engine/shard.h"
#include "core/metrics/gateway_metrics.h"
#include "core/metrics/registry.h"
#include "net/http/error.h"
#include "net/http/handshake_key.h"
#include "net/http/request_parser.h"
#include "net/http/upgrade.h"
#include "net/http/writer.h"

namespace sy::core {

namespace asio = boost::asio;
namespace http = net::http;

namespace {
using metrics::HandshakeFailure;

HandshakeFailure failure_for_status(int status) {
  switch (status) {
    case 426: return HandshakeFailure::bad_version;
    case 401: return HandshakeFailure::bad_credential;
    case 403: return HandshakeFailure::forbidden;
    case 404: return HandshakeFailure::not_found;
    case 429: return HandshakeFailure::rate_limited;
    case 400: return HandshakeFailure::missing_parameter;
    default: return HandshakeFailure::malformed;
  }
}
}  // namespace

void HttpFront::count_handshake_failure(metrics::HandshakeFailure reason) {
  if (gm) gm->handshake_failures[metrics::idx(reason)].inc(
      static_cast<unsigned>(shard->index()));
}

net::awaitable<void> HttpFront::reply(net::Transport& t, const HttpReply& r) {
  std::vector<http::HeaderField> fields;
  fields.reserve(r.headers.size() + 1);
  for (auto& [k, v] : r.headers) fields.push_back({k, v});
  fields.push_back({"Connection", "close"});
  std::string out;
  http::write_response(out, http::Response{r.status, {}, r.content_type, r.body, fields});
  if (co_await write_all(t, out)) t.shutdown_write();
  t.close();
}

net::awaitable<void> HttpFront::serve(net::Transport& t,
                                      const std::function<void(net::ws::Connection*)>& on_ws) {
  // The whole handshake (TLS and HTTP) must finish within the deadline.
  bool timed_out = false;
  asio::steady_timer deadline(t.socket().get_executor());
  deadline.expires_after(std::chrono::milliseconds(options.handshake_timeout_ms));
  deadline.async_wait([&t, &timed_out](const boost::system::error_code& ec) {
    if (ec) return;
    timed_out = true;
    t.close();
  });

  if (t.is_tls()) {
    Status hs = co_await t.handshake();
    if (!hs) {
      count_handshake_failure(timed_out ? HandshakeFailure::timeout : HandshakeFailure::tls);
      SY_DEBUG("TLS handshake failed from %s: %s", t.peer_address().c_str(), hs.error().message);
      t.close();
      co_return;
    }
  }

  // The HTTP phase's parser and read buffer live on the heap and go before the WebSocket phase:
  // a coroutine frame keeps every local for the connection's whole life, and an idle session
  // should not hold a request it has answered.
  struct HttpPhase {
    http::RequestParser parser;
    std::array<std::uint8_t, 4096> buf;
  };
  auto phase = std::make_unique<HttpPhase>();
  http::RequestParser& parser = phase->parser;
  std::array<std::uint8_t, 4096>& buf = phase->buf;
  std::span<const std::uint8_t> leftover;
  for (bool complete = false; !complete;) {
    if (!t.has_buffered_input() && !co_await t.wait_readable()) {
      if (timed_out) count_handshake_failure(HandshakeFailure::timeout);
      co_return;
    }
    for (;;) {
      net::IoResult r = t.read(buf);
      if (r.status == net::IoStatus::would_block) break;
      if (r.status != net::IoStatus::ok) {
        if (timed_out) count_handshake_failure(HandshakeFailure::timeout);
        t.close();
        co_return;
      }
      auto p = parser.feed(std::span<const std::uint8_t>(buf.data(), r.bytes));
      if (p.state == http::ParseState::error) {
        deadline.cancel();
        count_handshake_failure(HandshakeFailure::malformed);
        // Named, not a temporary: g++ 12 destroys temporaries inside a co_await expression twice.
        HttpReply bad{p.status, "text/plain; charset=utf-8", std::string(p.error.message) + "\n", {}};
        co_await reply(t, bad);
        co_return;
      }
      if (p.state == http::ParseState::complete) {
        leftover = std::span<const std::uint8_t>(buf.data() + p.consumed, r.bytes - p.consumed);
        complete = true;
        break;
      }
    }
  }
  deadline.cancel();

  const http::Request& req = parser.request();
  PeerInfo peer{t.peer_address(), t.is_tls(), shard, server};
  if (!http::wants_upgrade(req)) {
    HttpReply r;
    if (req.path == "/healthz") {
      r.body = "ok\n";
    } else if (req.path == "/readyz") {
      bool ready = server->ready();
      r.status = ready ? 200 : 503;
      r.body = ready ? "ready\n" : "not ready\n";
    } else if (req.path == "/metrics") {
      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
      if (registry) registry->render(r.body);
      app.render_metrics(r.body);
    } else if (auto custom = app.handle_http(req, peer)) {
      r = std::move(*custom);
    } else {
      r.status = 404;
      r.body = "not found\n";
    }
    co_await reply(t, r);
    co_return;
  }

  auto up = http::validate_upgrade(req);
  if (!up) {
    count_handshake_failure(http::error_status(up.error()) == 426 ? HandshakeFailure::bad_version
                                                                  : HandshakeFailure::malformed);
    HttpReply r{http::error_status(up.error()), "text/plain; charset=utf-8",
                std::string(up.error().message) + "\n", {}};
    if (r.status == 426) r.headers.emplace_back("Sec-WebSocket-Version", "13");
    co_await reply(t, r);
    co_return;
  }
  UpgradeDecision decision = app.on_upgrade(req, *up, peer);
  if (auto* refusal = std::get_if<HttpReply>(&decision)) {
    count_handshake_failure(failure_for_status(refusal->status));
    co_await reply(t, *refusal);
    co_return;
  }
  auto& accept = std::get<UpgradeAccept>(decision);
  std::vector<http::HeaderField> fields;
  for (auto& [k, v] : accept.headers) fields.push_back({k, v});
  std::string out;
  auto key = http::websocket_accept_key(up->key);
  std::optional<std::string_view> sub;
  if (accept.subprotocol) sub = *accept.subprotocol;
  http::write_switching_protocols(out, http::as_view(key), sub, fields);
  if (!co_await write_all(t, out)) {
    co_return;
  }
  // Bytes that came with the request (a client may send its first frame at once), then the HTTP
  // phase is let go.
  std::vector<std::uint8_t> early(leftover.begin(), leftover.end());
  ConnectionRun run = std::move(accept.run);
  out = std::string();
  decision.emplace<HttpReply>();
  { [[maybe_unused]] auto gone = std::move(*up); }
  phase.reset();
  net::ws::Connection conn(std::move(t), net::ws::Role::server, options.ws_limits,
                           shard->receive_buffer(), &conn_metrics);
  conn.preload(early);
  early = std::vector<std::uint8_t>();
  on_ws(&conn);
  co_await run(conn);
  on_ws(nullptr);
}

}  // namespace sy::core
