// The server stack in-process: two shards behind SO_REUSEPORT listeners, the built-in routes and
// metrics, and ordered shutdown, driven over real loopback sockets.
#include "core/server/server.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <set>
#include <thread>

#include "core/engine/engine.h"
#include "core/metrics/gateway_metrics.h"
#include "core/metrics/registry.h"
#include "core/server/application.h"
#include "tests/support/raw_peer.h"

namespace sy::core {
namespace {

using namespace std::chrono_literals;

// Accepts every upgrade, remembers which shard served it, and answers each message with the
// shard index.
class ShardReporter final : public Application {
 public:
  std::atomic<int> per_shard[2] = {0, 0};
  UpgradeDecision on_upgrade(const net::http::Request&, const net::http::UpgradeRequest&,
                             const PeerInfo& peer) override {
    ++per_shard[peer.shard->index()];
    UpgradeAccept a;
    int index = peer.shard->index();
    a.run = [index](net::ws::Connection& c) -> net::awaitable<void> {
      struct H final : net::ws::Handler {
        int index;
        void on_message(net::ws::Connection& c, net::ws::Opcode, std::span<std::uint8_t>) override {
          (void)c.send_text(std::to_string(index));
        }
      } h;
      h.index = index;
      co_await c.run(h);
    };
    return a;
  }
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::create(2, /*pin=*/false);
    ASSERT_TRUE(engine);
    engine_ = std::move(engine.value());
    registry_ = std::make_unique<metrics::Registry>(2);
    gm_ = *metrics::GatewayMetrics::create(*registry_);
    ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.handshake_timeout_ms = 500;
    server_ = std::make_unique<Server>(*engine_, o, app_, registry_.get(), &gm_);
    ASSERT_TRUE(server_->bind());
    engine_->start([this](Shard& s) { server_->on_shard_start(s); });
    server_->set_ready(true);
  }
  void TearDown() override {
    server_->shutdown();
    server_->wait_drained(2s);
    engine_->finish(2s);
  }
  // The whole response to a GET; the server closes after answering.
  std::string get(std::string_view path) {
    test::RawPeer p(server_->port());
    p.write_raw("GET " + std::string(path) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string all;
    char buf[65536];
    for (;;) {
      ssize_t n = ::recv(p.fd(), buf, sizeof buf, 0);
      if (n <= 0) break;
      all.append(buf, static_cast<std::size_t>(n));
    }
    return all;
  }

  ShardReporter app_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<metrics::Registry> registry_;
  metrics::GatewayMetrics gm_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, ConnectionsSpreadOverShardsAndStayThere) {
  std::vector<test::RawPeer> peers;
  std::set<std::string> seen;
  for (int i = 0; i < 48; ++i) {
    peers.emplace_back(server_->port());
    ASSERT_NE(peers.back().upgrade("/x").find(" 101 "), std::string::npos);
  }
  for (int round = 0; round < 3; ++round) {
    for (auto& p : peers) {
      p.send(net::ws::Opcode::text, "which shard?");
      auto f = p.read_frame();
      ASSERT_TRUE(f);
      seen.insert(f->text());
    }
  }
  EXPECT_EQ(app_.per_shard[0] + app_.per_shard[1], 48);
  EXPECT_GT(app_.per_shard[0], 0) << "SO_REUSEPORT should give both shards connections";
  EXPECT_GT(app_.per_shard[1], 0);
  EXPECT_EQ(seen, (std::set<std::string>{"0", "1"}));
}

TEST_F(ServerTest, MetricsCountConnectionsMessagesAndHandshakeFailures) {
  {
    test::RawPeer p(server_->port());
    ASSERT_NE(p.upgrade("/x").find(" 101 "), std::string::npos);
    p.send(net::ws::Opcode::text, "hello");
    ASSERT_TRUE(p.read_frame());
  }
  {
    test::RawPeer bad(server_->port());
    bad.write_raw(std::string_view("GET /x HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 7\r\n\r\n"));
    EXPECT_TRUE(bad.wait_eof());
  }
  std::string body = get("/metrics");
  EXPECT_NE(body.find("text/plain; version=0.0.4"), std::string::npos) << body;
  EXPECT_NE(body.find("sy_connections_accepted_total{listener=\"ws\"}"), std::string::npos) << body;
  EXPECT_NE(body.find("sy_ws_messages_total{leg=\"client\",direction=\"in\"} 1"), std::string::npos)
      << body;
  EXPECT_NE(body.find("sy_handshake_failures_total{reason=\"bad_version\"} 1"), std::string::npos)
      << body;
}

TEST_F(ServerTest, HealthAndReadinessRoutes) {
  EXPECT_EQ(get("/healthz").rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_EQ(get("/readyz").rfind("HTTP/1.1 200", 0), 0u);
  server_->set_ready(false);
  EXPECT_EQ(get("/readyz").rfind("HTTP/1.1 503", 0), 0u);
  EXPECT_EQ(get("/nope").rfind("HTTP/1.1 404", 0), 0u);
}

TEST_F(ServerTest, ShutdownClosesClientsWithGoingAwayAndDrains) {
  test::RawPeer p(server_->port());
  ASSERT_NE(p.upgrade("/x").find(" 101 "), std::string::npos);
  server_->shutdown();
  auto f = p.read_frame();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->op, net::ws::Opcode::close);
  EXPECT_EQ(f->close_code(), 1001);
  p.send(net::ws::Opcode::close, std::string("\x03\xe9", 2));
  EXPECT_TRUE(server_->wait_drained(3s));
  EXPECT_EQ(server_->live_connections(), 0);
  EXPECT_FALSE(server_->ready());
  // The listeners are closed: a new connection is refused.
  EXPECT_THROW(test::RawPeer late(server_->port()), std::runtime_error);
}

// Moves every connection, after its first message, to the other shard, which answers each
// message with "<its shard>:<payload>" — the first one included, as the first shard read it.
class Mover final : public Application {
 public:
  UpgradeDecision on_upgrade(const net::http::Request&, const net::http::UpgradeRequest&,
                             const PeerInfo& peer) override {
    UpgradeAccept a;
    const unsigned other = peer.shard->index() == 0 ? 1u : 0u;
    ConnectionHost* host = peer.host;
    a.run = [other, host](net::ws::Connection& c) -> net::awaitable<void> {
      struct First final : net::ws::Handler {
        std::string text;
        void on_message(net::ws::Connection& c, net::ws::Opcode, std::span<std::uint8_t> p) override {
          text.assign(reinterpret_cast<const char*>(p.data()), p.size());
          c.hand_off();
        }
      } first;
      (void)co_await c.run(first);
      if (!c.handed_off()) co_return;
      host->adopt(other, c.release(), [other, text = first.text](net::ws::Connection& moved) -> net::awaitable<void> {
        struct Echo final : net::ws::Handler {
          unsigned shard = 0;
          void on_message(net::ws::Connection& c, net::ws::Opcode, std::span<std::uint8_t> p) override {
            (void)c.send_text(std::to_string(shard) + ":" +
                              std::string(reinterpret_cast<const char*>(p.data()), p.size()));
          }
        } echo;
        echo.shard = other;
        (void)moved.send_text(std::to_string(other) + ":" + text);
        co_await moved.run(echo);
      });
    };
    return a;
  }
};

class HandoffTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::create(2, /*pin=*/false);
    ASSERT_TRUE(engine);
    engine_ = std::move(engine.value());
    ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    server_ = std::make_unique<Server>(*engine_, o, app_);
    ASSERT_TRUE(server_->bind());
    engine_->start([this](Shard& s) { server_->on_shard_start(s); });
  }
  void TearDown() override {
    server_->shutdown();
    server_->wait_drained(2s);
    engine_->finish(2s);
  }
  Mover app_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Server> server_;
};

TEST_F(HandoffTest, AConnectionMovesToAnotherShardWithTheBytesItHadNotParsed) {
  for (int round = 0; round < 8; ++round) {
    test::RawPeer p(server_->port());
    ASSERT_NE(p.upgrade("/move").find(" 101 "), std::string::npos);
    // Two messages in one write: the second is read with the first, before the move.
    auto a = test::RawPeer::frame(net::ws::Opcode::text, "first");
    auto b = test::RawPeer::frame(net::ws::Opcode::text, "second");
    a.insert(a.end(), b.begin(), b.end());
    p.write_raw(a);
    auto f1 = p.read_frame();
    ASSERT_TRUE(f1);
    const std::string shard = f1->text().substr(0, 1);
    EXPECT_EQ(f1->text(), shard + ":first");
    auto f2 = p.read_frame();
    ASSERT_TRUE(f2);
    EXPECT_EQ(f2->text(), shard + ":second");
    p.send(net::ws::Opcode::text, "third");
    auto f3 = p.read_frame();
    ASSERT_TRUE(f3);
    EXPECT_EQ(f3->text(), shard + ":third");
    p.send(net::ws::Opcode::close, std::string("\x03\xe8", 2));
    auto c = p.read_frame();
    ASSERT_TRUE(c);
    EXPECT_EQ(c->op, net::ws::Opcode::close);
    EXPECT_TRUE(p.wait_eof());
  }
  // Every moved connection was counted where it ended up, and is gone.
  auto until = std::chrono::steady_clock::now() + 2s;
  while (server_->live_connections() != 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(5ms);
  EXPECT_EQ(server_->live_connections(), 0);
}

TEST_F(HandoffTest, ShutdownReachesAMovedConnection) {
  test::RawPeer p(server_->port());
  ASSERT_NE(p.upgrade("/move").find(" 101 "), std::string::npos);
  p.send(net::ws::Opcode::text, "hello");
  ASSERT_TRUE(p.read_frame());
  server_->shutdown();
  auto f = p.read_frame();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->op, net::ws::Opcode::close);
  EXPECT_EQ(f->close_code(), 1001);
  p.send(net::ws::Opcode::close, std::string("\x03\xe9", 2));
  EXPECT_TRUE(server_->wait_drained(3s));
}

}  // namespace
}  // namespace sy::core
