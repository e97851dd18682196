// ws::Connection over real loopback TCP, with a raw peer that writes frames exactly as each test
// wants: split frames, close handshakes, protocol errors, and the send queue's watermarks.
#include "net/conn/ws_connection.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/raw_peer.h"

namespace sy::net::ws {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 2654435761u) >> 13);
  return s;
}

class Recorder final : public Handler {
 public:
  std::vector<std::pair<Opcode, std::string>> messages;
  int drains = 0;
  bool echo = false;
  void on_message(Connection& c, Opcode op, std::span<std::uint8_t> p) override {
    messages.emplace_back(op, std::string(p.begin(), p.end()));
    if (echo) (void)c.send(op, p);
  }
  void on_drain(Connection&) override { ++drains; }
};

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tcp::acceptor acc(ctx_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    peer_.emplace(acc.local_endpoint().port());
    acc.accept(socket_);
  }

  void start(ConnectionLimits limits = {}) {
    conn_ = std::make_unique<Connection>(Transport(std::move(socket_)), Role::server, limits, rx_);
    asio::co_spawn(
        ctx_,
        [this]() -> awaitable<void> {
          info_ = co_await conn_->run(rec_);
          done_ = true;
        },
        asio::detached);
  }

  // Runs the loop until pred() holds or the time is up.
  template <class Pred>
  bool run_until(Pred pred, std::chrono::milliseconds limit = 5s) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (!pred()) {
      if (std::chrono::steady_clock::now() > until) return false;
      ctx_.run_for(2ms);
      if (ctx_.stopped()) ctx_.restart();
    }
    return true;
  }

  asio::io_context ctx_;
  std::vector<std::uint8_t> rx_buf_ = std::vector<std::uint8_t>(64 << 10);
  std::span<std::uint8_t> rx_{rx_buf_};
  tcp::socket socket_{ctx_};
  std::optional<test::RawPeer> peer_;
  std::unique_ptr<Connection> conn_;
  Recorder rec_;
  CloseInfo info_;
  bool done_ = false;
};

TEST_F(ConnectionTest, DeliversMessagesSplitAcrossReads) {
  start();
  const std::string big = pattern(100000);
  auto bytes = test::RawPeer::frame(Opcode::binary, big);
  auto second = test::RawPeer::frame(Opcode::binary, "tail");
  bytes.insert(bytes.end(), second.begin(), second.end());
  // Three writes that cut the first frame's header and payload and join the two frames.
  std::size_t cuts[] = {1, 70000, bytes.size()};
  std::size_t off = 0;
  for (std::size_t cut : cuts) {
    peer_->write_raw({bytes.data() + off, cut - off});
    off = cut;
    ASSERT_TRUE(run_until([&] { return true; }));
  }
  ASSERT_TRUE(run_until([&] { return rec_.messages.size() == 2; }));
  EXPECT_EQ(rec_.messages[0].first, Opcode::binary);
  EXPECT_EQ(rec_.messages[0].second, big);
  EXPECT_EQ(rec_.messages[1].first, Opcode::binary);
  EXPECT_EQ(rec_.messages[1].second, "tail");
}

TEST_F(ConnectionTest, PayloadBytesSurviveEveryLengthEncoding) {
  rec_.echo = true;
  start();
  for (std::size_t n : {0ul, 5ul, 125ul, 126ul, 1000ul, 65535ul, 65536ul, 300000ul}) {
    std::string data = pattern(n);
    peer_->send(Opcode::binary, data);
    ASSERT_TRUE(run_until([&] { return !rec_.messages.empty(); })) << n;
    EXPECT_EQ(rec_.messages.back().second, data) << "received, size " << n;
    rec_.messages.clear();
    std::optional<test::Frame> f;
    ASSERT_TRUE(run_until([&] {
      f = peer_->read_frame(1ms);
      return f.has_value();
    })) << n;
    EXPECT_EQ(f->text(), data) << "echoed, size " << n;
  }
}

TEST_F(ConnectionTest, AnswersPingAndEchoesClose) {
  start();
  peer_->send(Opcode::ping, "p1");
  peer_->send(Opcode::close, std::string("\x03\xe8", 2));  // 1000
  ASSERT_TRUE(run_until([&] { return done_; }));
  auto pong = peer_->read_frame();
  ASSERT_TRUE(pong);
  EXPECT_EQ(pong->op, Opcode::pong);
  EXPECT_EQ(pong->text(), "p1");
  auto close = peer_->read_frame();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->op, Opcode::close);
  EXPECT_EQ(close->close_code(), 1000);
  EXPECT_TRUE(peer_->wait_eof());  // the server closes TCP first
  EXPECT_TRUE(info_.clean);
  EXPECT_EQ(info_.code, 1000);
}

TEST_F(ConnectionTest, UnmaskedClientFrameFailsWith1002) {
  start();
  peer_->send(Opcode::text, "hi", /*mask=*/false);
  std::optional<test::Frame> f;
  ASSERT_TRUE(run_until([&] {
    f = peer_->read_frame(1ms);
    return f.has_value();
  }));
  EXPECT_EQ(f->op, Opcode::close);
  EXPECT_EQ(f->close_code(), 1002);
  EXPECT_TRUE(run_until([&] { return done_; }));
  EXPECT_FALSE(info_.clean);
  EXPECT_TRUE(rec_.messages.empty());
}

TEST_F(ConnectionTest, GatewayInitiatedCloseWaitsForTheReply) {
  start();
  ASSERT_TRUE(run_until([&] { return true; }));
  conn_->close(1001, "going away");
  std::optional<test::Frame> f;
  ASSERT_TRUE(run_until([&] {
    f = peer_->read_frame(1ms);
    return f.has_value();
  }));
  EXPECT_EQ(f->close_code(), 1001);
  EXPECT_FALSE(done_);
  peer_->send(Opcode::close, std::string("\x03\xe9", 2));
  ASSERT_TRUE(run_until([&] { return done_; }));
  EXPECT_TRUE(info_.clean);
  EXPECT_TRUE(info_.sent_by_us);
  EXPECT_EQ(info_.code, 1001);
}

TEST_F(ConnectionTest, SendQueueReportsBackpressureDropsPastTheLimitAndDrains) {
  ConnectionLimits limits;
  limits.high_watermark = 256 << 10;
  limits.low_watermark = 64 << 10;
  limits.max_queued = 1 << 20;
  start(limits);
  std::vector<std::uint8_t> chunk(32 << 10, 0xab);
  SendStatus s = SendStatus::ok;
  int sent = 0;
  while (s == SendStatus::ok && sent < 10000) {
    s = conn_->send_binary(chunk);
    ++sent;
  }
  ASSERT_EQ(s, SendStatus::backpressure) << "the peer does not read, so the queue must fill";
  EXPECT_GT(conn_->queued_bytes(), limits.high_watermark);
  while (s == SendStatus::backpressure) s = conn_->send_binary(chunk);
  EXPECT_EQ(s, SendStatus::dropped);
  EXPECT_LE(conn_->queued_bytes(), limits.max_queued);
  // The peer reads everything; the queue empties and the handler hears about it once.
  ASSERT_TRUE(run_until([&] {
    peer_->drain(1ms);
    return conn_->queued_bytes() == 0;
  }, 20s));
  EXPECT_EQ(rec_.drains, 1);
}

TEST_F(ConnectionTest, EchoedMessagesKeepTheirOrder) {
  rec_.echo = true;
  start();
  for (int i = 0; i < 200; ++i) peer_->send(Opcode::text, "m" + std::to_string(i));
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(run_until([&] { return rec_.messages.size() > static_cast<std::size_t>(i); }));
  }
  for (int i = 0; i < 200; ++i) {
    auto f = peer_->read_frame();
    ASSERT_TRUE(f);
    EXPECT_EQ(f->text(), "m" + std::to_string(i));
  }
}

}  // namespace
}  // namespace sy::net::ws
