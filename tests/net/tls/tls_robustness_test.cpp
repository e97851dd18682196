// Hostile or outdated peers: a record altered in flight, and clients that only speak TLS 1.0/1.1.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <vector>

// clang-format off
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
// clang-format on

#include "net/tls/tls_context.h"
#include "net/tls/tls_session.h"
#include "tests/net/tls/tls_test_support.h"

namespace sy::net::tls {
namespace {

using testing::primary_certs;
using testing::St;
using testing::status_of;

// client <-> [a0 | a1] relay [b1 | b0] <-> server, all AF_UNIX socketpairs, non-blocking. The
// relay copies bytes across and may alter the next client->server chunk.
struct Relay {
  int a[2] = {-1, -1};
  int b[2] = {-1, -1};
  bool tamper_next = false;
  bool tampered = false;

  Relay() {
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, a), 0);
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, b), 0);
  }
  ~Relay() {
    for (int fd : {a[0], a[1], b[0], b[1]}) ::close(fd);
  }
  int client_fd() const { return a[0]; }
  int server_fd() const { return b[0]; }

  // Moves whatever is waiting in both directions. True if anything moved.
  bool pump() {
    bool moved = false;
    std::uint8_t buf[64 * 1024];
    ssize_t n;
    while ((n = ::recv(a[1], buf, sizeof(buf), 0)) > 0) {
      if (tamper_next) {
        buf[n - 1] ^= 0x01;  // last byte of the record: the AEAD tag
        tamper_next = false;
        tampered = true;
      }
      EXPECT_EQ(::send(b[1], buf, static_cast<std::size_t>(n), 0), n);
      moved = true;
    }
    while ((n = ::recv(b[1], buf, sizeof(buf), 0)) > 0) {
      EXPECT_EQ(::send(a[1], buf, static_cast<std::size_t>(n), 0), n);
      moved = true;
    }
    return moved;
  }
};

TEST(NetTlsRobustness, AlteredRecordFailsAuthentication) {
  struct Case {
    TlsVersions versions;
    const char* ciphers;
  };
  for (Case k : {Case{TlsVersions::tls13_only, nullptr},
                 Case{TlsVersions::tls13_only, "TLS13-CHACHA20-POLY1305-SHA256"},
                 Case{TlsVersions::tls12_only, nullptr},
                 Case{TlsVersions::tls12_only, "ECDHE-ECDSA-CHACHA20-POLY1305"}}) {
    SCOPED_TRACE(k.ciphers != nullptr ? k.ciphers : "default suite");
    auto server_ctx = TlsContext::server(primary_certs().cert, primary_certs().key);
    auto client_ctx = TlsContext::client(primary_certs().ca, true, k.versions);
    ASSERT_TRUE(server_ctx.ok() && client_ctx.ok());
    if (k.ciphers != nullptr) {
      ASSERT_TRUE(client_ctx->restrict_ciphers(k.ciphers).ok());
    }
    Relay relay;
    auto client = TlsSession::connect(*client_ctx, relay.client_fd(), "localhost");
    auto server = TlsSession::accept(*server_ctx, relay.server_fd());
    ASSERT_TRUE(client.ok() && server.ok());
    TlsSession& c = **client;
    TlsSession& s = **server;
    // Every send on a socketpair completes at once, so alternating steps always progress.
    for (int i = 0; i < 100 && !(c.handshake_done() && s.handshake_done()); ++i) {
      ASSERT_FALSE(c.handshake().error);
      ASSERT_FALSE(s.handshake().error);
      relay.pump();
    }
    ASSERT_TRUE(c.handshake_done() && s.handshake_done());

    const std::uint8_t hello[] = "hello through a hostile network";
    ASSERT_TRUE(c.write(hello).ok());
    relay.tamper_next = true;
    relay.pump();
    ASSERT_TRUE(relay.tampered);
    std::uint8_t buf[256];
    IoResult r;
    for (int i = 0; i < 10 && status_of(r = s.read(buf)) != St::error; ++i) {
      ASSERT_NE(status_of(r), St::ok) << "altered data was delivered";
      relay.pump();
    }
    EXPECT_TRUE(r.error);
    EXPECT_EQ(s.error_code(), TlsErrc::decrypt_failed)
        << errc_name(s.error_code()) << " " << s.library_error();
    // The session stays failed.
    EXPECT_TRUE(s.read(buf).error);
    EXPECT_TRUE(s.write(hello).error);
  }
}

TEST(NetTlsRobustness, Tls11ClientsAreRefused) {
  auto server_ctx = TlsContext::server(primary_certs().cert, primary_certs().key);
  ASSERT_TRUE(server_ctx.ok());
  // An outdated client, made with wolfSSL directly since our contexts cannot speak TLS 1.1.
  WOLFSSL_CTX* old_ctx = wolfSSL_CTX_new(wolfTLSv1_1_client_method());
  ASSERT_NE(old_ctx, nullptr);
  wolfSSL_CTX_set_verify(old_ctx, WOLFSSL_VERIFY_NONE, nullptr);
  testing::TcpPair pair;
  WOLFSSL* old = wolfSSL_new(old_ctx);
  ASSERT_NE(old, nullptr);
  wolfSSL_set_fd(old, pair.client);
  auto server = TlsSession::accept(*server_ctx, pair.server);
  ASSERT_TRUE(server.ok());

  IoResult r;
  bool client_failed = false;
  for (int i = 0; i < 50; ++i) {
    if (!client_failed) {
      const int ret = wolfSSL_connect(old);
      const int err = wolfSSL_get_error(old, ret);
      client_failed = ret != WOLFSSL_SUCCESS && err != WOLFSSL_ERROR_WANT_READ &&
                      err != WOLFSSL_ERROR_WANT_WRITE;
    }
    r = (*server)->handshake();
    if (r.error || r.ok()) break;
    pollfd p{pair.server, POLLIN, 0};
    ::poll(&p, 1, 1000);
  }
  EXPECT_TRUE(r.error);
  EXPECT_EQ((*server)->error_code(), TlsErrc::version_mismatch)
      << errc_name((*server)->error_code());
  wolfSSL_free(old);
  wolfSSL_CTX_free(old_ctx);
}

}  // namespace
}  // namespace sy::net::tls
