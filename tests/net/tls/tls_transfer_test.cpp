// Application data over established sessions: multi-MiB round trips under backpressure, gather
// writes (same bytes, coalesced records, resumption after a want), pending bytes and the two ways
// a stream ends.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <cstring>
#include <tuple>
#include <vector>

#include "net/tls/tls_session.h"
#include "tests/net/tls/tls_test_support.h"

namespace sy::net::tls {
namespace {

using testing::St;
using testing::status_of;

using testing::connect_pair;
using testing::Connected;
using testing::Peer;
using testing::random_bytes;

// Reads until `n` bytes arrived (or the stream ended / failed).
std::vector<std::uint8_t> read_bytes(TlsSession& s, int fd, std::size_t n) {
  std::vector<std::uint8_t> got;
  std::uint8_t buf[16 * 1024];
  while (got.size() < n) {
    IoResult r = s.read({buf, std::min(sizeof(buf), n - got.size())});
    if (status_of(r) == St::ok) {
      got.insert(got.end(), buf, buf + r.bytes);
    } else if (status_of(r) == St::want_read || status_of(r) == St::want_write) {
      pollfd p{fd, static_cast<short>(status_of(r) == St::want_read ? POLLIN : POLLOUT), 0};
      if (::poll(&p, 1, 10'000) != 1) break;
    } else {
      break;
    }
  }
  return got;
}

// Waits for readability and returns the result of one read.
IoResult read_once(TlsSession& s, int fd, std::span<std::uint8_t> dst) {
  for (;;) {
    IoResult r = s.read(dst);
    if (status_of(r) != St::want_read) return r;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10'000) != 1) return r;
  }
}

std::vector<std::uint8_t> concat(const std::vector<std::vector<std::uint8_t>>& parts) {
  std::vector<std::uint8_t> all;
  for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
  return all;
}

std::vector<iovec> iovecs(const std::vector<std::vector<std::uint8_t>>& parts) {
  std::vector<iovec> v;
  for (const auto& p : parts) {
    v.push_back({const_cast<std::uint8_t*>(p.data()), p.size()});
  }
  return v;
}

// Gather-writes `parts` from the client while the server drains, retrying with the same iovecs
// after every want; returns what the server received.
std::vector<std::uint8_t> gather_through(Connected& c,
                                         const std::vector<std::vector<std::uint8_t>>& parts) {
  const std::vector<iovec> bufs = iovecs(parts);
  std::size_t total = 0;
  for (const auto& p : parts) total += p.size();
  Peer server{.tls = c.server.get(), .fd = c.pair->server};
  Peer client{.tls = c.client.get(), .fd = c.pair->client};
  bool written = false;
  while (!written || server.in.size() < total) {
    bool progress = false;
    if (!written) {
      IoResult r = c.client->write_gather(bufs);
      if (status_of(r) == St::ok) {
        EXPECT_EQ(r.bytes, total);
        written = progress = true;
      } else {
        EXPECT_TRUE(status_of(r) == St::want_write || status_of(r) == St::want_read)
            << c.client->last_error();
        if (status_of(r) == St::error) break;
        client.want_write = status_of(r) == St::want_write;
        client.want_read = status_of(r) == St::want_read;
      }
    }
    progress |= server.step();
    if (server.failed || server.eof) break;
    if (!progress && !testing::wait_for_peers(client, server)) {
      ADD_FAILURE() << "no progress";
      break;
    }
  }
  return server.in;
}

class NetTlsTransfer
    : public ::testing::TestWithParam<std::tuple<TlsVersions, const char*, std::size_t>> {};

TEST_P(NetTlsTransfer, MultiMebibyteEchoRoundTripsIntact) {
  const auto [versions, ciphers, chunk] = GetParam();
  Connected c = connect_pair(versions, ciphers);
  ASSERT_TRUE(c.client && c.server && c.client->handshake_done());
  const std::vector<std::uint8_t> data = random_bytes(6 * 1024 * 1024 + 123, 7);
  Peer client{.tls = c.client.get(), .fd = c.pair->client, .out = data, .chunk_limit = chunk};
  Peer server{.tls = c.server.get(), .fd = c.pair->server, .chunk_limit = chunk};
  while (client.in.size() < data.size()) {
    bool progress = client.step();
    progress |= server.step();
    // Echo: what the server read goes back out (bytes already in flight stay untouched).
    server.out.insert(server.out.end(), server.in.begin(), server.in.end());
    server.in.clear();
    ASSERT_FALSE(client.failed || server.failed)
        << c.client->last_error() << " / " << c.server->last_error();
    ASSERT_FALSE(client.eof || server.eof);
    if (!progress) {
      ASSERT_TRUE(testing::wait_for_peers(client, server)) << "stalled";
    }
  }
  EXPECT_EQ(client.in.size(), data.size());
  EXPECT_TRUE(client.in == data);
}

INSTANTIATE_TEST_SUITE_P(
    VersionsAndSuites, NetTlsTransfer,
    ::testing::Values(
        std::make_tuple(TlsVersions::tls13_only, nullptr, std::size_t{64 * 1024}),
        std::make_tuple(TlsVersions::tls12_only, nullptr, std::size_t{64 * 1024}),
        std::make_tuple(TlsVersions::tls13_only, "TLS13-CHACHA20-POLY1305-SHA256",
                        std::size_t{1000}),
        // One write call for everything: wolfSSL must be retried with the same 6 MiB span.
        std::make_tuple(TlsVersions::tls13_only, nullptr, std::size_t{64 * 1024 * 1024})));

TEST(NetTlsGather, ProducesTheSameBytesForEveryLayout) {
  Connected c = connect_pair();
  ASSERT_TRUE(c.client && c.server && c.client->handshake_done());
  std::uint32_t seed = 1;
  auto part = [&](std::size_t n) { return random_bytes(n, seed++); };
  const std::vector<std::vector<std::vector<std::uint8_t>>> layouts = {
      {part(2), part(100)},                              // small WebSocket frame
      {part(14), part(1024 * 1024)},                     // large frame, 64-bit length header
      {part(10), part(16374)},                           // exactly one full record
      {part(10), part(16375)},                           // one byte over
      {part(0), part(16384), part(0), part(3)},          // empty pieces, a record-sized run
      {part(16383), part(1), part(16384), part(16385)},  // boundaries around the staging size
      {part(1), part(1), part(1), part(1), part(1)},     // many tiny pieces
      {part(0)},                                         // nothing at all
  };
  for (std::size_t i = 0; i < layouts.size(); ++i) {
    const std::vector<std::uint8_t> want = concat(layouts[i]);
    const std::vector<std::uint8_t> got = gather_through(c, layouts[i]);
    EXPECT_EQ(got.size(), want.size()) << "layout " << i;
    EXPECT_TRUE(got == want) << "layout " << i;
  }
}

TEST(NetTlsGather, HeaderAndPayloadTravelInOneRecord) {
  Connected c = connect_pair();
  ASSERT_TRUE(c.client && c.server && c.client->handshake_done());
  // wolfSSL_read hands out one record at a time, so a single read returning everything shows
  // the pieces were not sent as separate records.
  for (std::size_t payload : {std::size_t{100}, std::size_t{16384 - 14}}) {
    const auto header = random_bytes(14, 3);
    const auto body = random_bytes(payload, 4);
    const iovec bufs[] = {{const_cast<std::uint8_t*>(header.data()), header.size()},
                          {const_cast<std::uint8_t*>(body.data()), body.size()}};
    ASSERT_TRUE(c.client->write_gather(bufs).ok());
    std::vector<std::uint8_t> buf(64 * 1024);
    IoResult r = read_once(*c.server, c.pair->server, buf);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.bytes, header.size() + body.size());
    EXPECT_EQ(std::memcmp(buf.data(), header.data(), header.size()), 0);
    EXPECT_EQ(std::memcmp(buf.data() + header.size(), body.data(), body.size()), 0);
  }
}

TEST(NetTlsGather, ResumesAfterBackpressureWithTheSameIovecs) {
  Connected c = connect_pair();
  ASSERT_TRUE(c.client && c.server && c.client->handshake_done());
  const std::vector<std::vector<std::uint8_t>> parts = {random_bytes(10, 5),
                                                        random_bytes(8 * 1024 * 1024, 6),
                                                        random_bytes(7, 8), random_bytes(5000, 9)};
  const std::vector<iovec> bufs = iovecs(parts);
  // Small socket buffers so the 8 MiB cannot vanish into the kernel.
  const int small = 64 * 1024;
  for (int fd : {c.pair->client, c.pair->server}) {
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
  }
  // Nobody reads yet: the socket buffers fill and the gather write must stop with a want.
  IoResult first = c.client->write_gather(bufs);
  ASSERT_EQ(status_of(first), St::want_write);
  EXPECT_EQ(first.bytes, 0u);
  const std::vector<std::uint8_t> got = gather_through(c, parts);
  EXPECT_TRUE(got == concat(parts));
}

TEST(NetTlsSession, PendingCountsDecryptedBytesLeftInARecord) {
  Connected c = connect_pair();
  ASSERT_TRUE(c.client && c.server && c.client->handshake_done());
  const auto data = random_bytes(1000, 11);
  ASSERT_TRUE(c.client->write(data).ok());
  std::uint8_t small[10];
  IoResult r = read_once(*c.server, c.pair->server, small);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.bytes, 10u);
  EXPECT_EQ(c.server->pending(), 990u);
  std::vector<std::uint8_t> rest = read_bytes(*c.server, c.pair->server, 990);
  EXPECT_EQ(rest.size(), 990u);
  EXPECT_EQ(std::memcmp(rest.data(), data.data() + 10, 990), 0);
  EXPECT_EQ(c.server->pending(), 0u);
}

TEST(NetTlsSession, UnreadRecordsStayInTheSocketWherePollSeesThem) {
  // The transport waits for readability only when pending() is 0. That is safe only if wolfSSL
  // never pulls a whole further record off the socket without decrypting it.
  Connected c = connect_pair();
  ASSERT_TRUE(c.client && c.server && c.client->handshake_done());
  const auto first = random_bytes(700, 13);
  const auto second = random_bytes(900, 14);
  ASSERT_TRUE(c.client->write(first).ok());
  ASSERT_TRUE(c.client->write(second).ok());
  std::vector<std::uint8_t> buf(first.size());
  IoResult r = read_once(*c.server, c.pair->server, buf);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.bytes, first.size());
  EXPECT_EQ(c.server->pending(), 0u);
  pollfd p{c.pair->server, POLLIN, 0};
  EXPECT_EQ(::poll(&p, 1, 10'000), 1);  // the second record is announced by the socket
  EXPECT_TRUE(read_bytes(*c.server, c.pair->server, second.size()) == second);
}

TEST(NetTlsSession, CloseNotifyEndsTheStreamCleanly) {
  Connected c = connect_pair();
  ASSERT_TRUE(c.client && c.server && c.client->handshake_done());
  const auto data = random_bytes(300, 12);
  ASSERT_TRUE(c.client->write(data).ok());
  c.client->shutdown();
  c.client->shutdown();  // idempotent
  EXPECT_TRUE(read_bytes(*c.server, c.pair->server, data.size()) == data);
  std::uint8_t buf[64];
  IoResult r = read_once(*c.server, c.pair->server, buf);
  EXPECT_EQ(status_of(r), St::eof);
  EXPECT_TRUE(c.server->close_notify_received());
  EXPECT_EQ(c.server->error_code(), TlsErrc::none);
}

TEST(NetTlsSession, BareFinIsAnEofWithoutCloseNotify) {
  Connected c = connect_pair();
  ASSERT_TRUE(c.client && c.server && c.client->handshake_done());
  c.pair->close_client();
  std::uint8_t buf[64];
  IoResult r = read_once(*c.server, c.pair->server, buf);
  EXPECT_EQ(status_of(r), St::eof);
  EXPECT_FALSE(c.server->close_notify_received());
  EXPECT_EQ(c.server->error_code(), TlsErrc::peer_closed);
}

TEST(NetTlsSession, EmptyReadsAndWritesDoNothing) {
  Connected c = connect_pair();
  ASSERT_TRUE(c.client && c.server && c.client->handshake_done());
  EXPECT_TRUE(c.client->write({}).ok());
  EXPECT_TRUE(c.client->read({}).ok());
  EXPECT_EQ(status_of(c.client->handshake()), St::ok);  // already done
}

}  // namespace
}  // namespace sy::net::tls
