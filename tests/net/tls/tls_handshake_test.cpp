// Handshakes over real loopback TCP: versions and suites negotiated, SNI, host name and chain
// verification, and the reasons reported when verification fails.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "net/tls/tls_context.h"
#include "net/tls/tls_session.h"
#include "tests/net/tls/tls_test_support.h"

namespace sy::net::tls {
namespace {

using testing::St;
using testing::status_of;

using testing::primary_certs;
using testing::TcpPair;

struct Outcome {
  testing::HandshakeOutcome h;
  TlsErrc client_err = TlsErrc::none;
  TlsErrc server_err = TlsErrc::none;
  std::string client_version;
  std::string server_version;
  std::string cipher;
};

Outcome attempt(TlsContext& server_ctx, TlsContext& client_ctx, std::string_view name) {
  Outcome o;
  TcpPair pair;
  auto server = TlsSession::accept(server_ctx, pair.server);
  auto client = TlsSession::connect(client_ctx, pair.client, name);
  EXPECT_TRUE(server.ok());
  EXPECT_TRUE(client.ok());
  if (!server || !client) return o;
  o.h = testing::run_handshake(**client, pair.client, **server, pair.server);
  o.client_err = (*client)->error_code();
  o.server_err = (*server)->error_code();
  o.client_version = (*client)->version();
  o.server_version = (*server)->version();
  o.cipher = (*client)->cipher();
  return o;
}

TlsContext server_ctx(TlsVersions v = TlsVersions::tls12_and_13) {
  auto ctx = TlsContext::server(primary_certs().cert, primary_certs().key, v);
  if (!ctx) {
    ADD_FAILURE() << ctx.error().message;
    std::abort();  // every test here needs the context
  }
  return std::move(ctx.value());
}

TlsContext client_ctx(const std::string& ca, TlsVersions v = TlsVersions::tls12_and_13,
                      bool verify = true) {
  auto ctx = TlsContext::client(ca, verify, v);
  if (!ctx) {
    ADD_FAILURE() << ctx.error().message;
    std::abort();
  }
  return std::move(ctx.value());
}

TEST(NetTlsHandshake, DefaultsNegotiateTls13WithAes128Gcm) {
  TlsContext server = server_ctx();
  TlsContext client = client_ctx(primary_certs().ca);
  Outcome o = attempt(server, client, "localhost");
  ASSERT_TRUE(o.h.ok());
  EXPECT_EQ(o.client_version, "TLSv1.3");
  EXPECT_EQ(o.server_version, "TLSv1.3");
  EXPECT_EQ(o.cipher, "TLS13-AES128-GCM-SHA256");
}

TEST(NetTlsHandshake, Tls12NegotiatesEcdheWithAesGcm) {
  TlsContext server = server_ctx();
  TlsContext client = client_ctx(primary_certs().ca, TlsVersions::tls12_only);
  Outcome o = attempt(server, client, "localhost");
  ASSERT_TRUE(o.h.ok());
  EXPECT_EQ(o.client_version, "TLSv1.2");
  EXPECT_EQ(o.server_version, "TLSv1.2");
  EXPECT_EQ(o.cipher, "ECDHE-ECDSA-AES128-GCM-SHA256");
}

TEST(NetTlsHandshake, ChaCha20Poly1305WhenTheClientOnlyOffersIt) {
  TlsContext server = server_ctx();
  TlsContext client13 = client_ctx(primary_certs().ca, TlsVersions::tls13_only);
  ASSERT_TRUE(client13.restrict_ciphers("TLS13-CHACHA20-POLY1305-SHA256").ok());
  Outcome o13 = attempt(server, client13, "localhost");
  ASSERT_TRUE(o13.h.ok());
  EXPECT_EQ(o13.cipher, "TLS13-CHACHA20-POLY1305-SHA256");

  TlsContext client12 = client_ctx(primary_certs().ca, TlsVersions::tls12_only);
  ASSERT_TRUE(client12.restrict_ciphers("ECDHE-ECDSA-CHACHA20-POLY1305").ok());
  Outcome o12 = attempt(server, client12, "localhost");
  ASSERT_TRUE(o12.h.ok());
  EXPECT_EQ(o12.cipher, "ECDHE-ECDSA-CHACHA20-POLY1305");
}

TEST(NetTlsHandshake, VerifiesIpLiteralsAgainstCertificateAddresses) {
  TlsContext server = server_ctx();
  TlsContext client = client_ctx(primary_certs().ca);
  // The host check is by name, so ::1 can be checked over the IPv4 connection.
  for (const char* name : {"127.0.0.1", "::1", "[::1]", "LOCALHOST"}) {
    Outcome o = attempt(server, client, name);
    EXPECT_TRUE(o.h.ok()) << name << ": " << errc_name(o.client_err);
  }
}

// The ClientHello our client sends for `name`, read raw from the other end of a socketpair.
std::string client_hello_for(TlsContext& client, const char* name) {
  int fds[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
  std::string hello;
  {
    auto session = TlsSession::connect(client, fds[0], name);
    EXPECT_TRUE(session.ok());
    if (session) {
      EXPECT_EQ(status_of((*session)->handshake()), St::want_read);
      char buf[4096];
      const ssize_t n = ::recv(fds[1], buf, sizeof(buf), 0);
      if (n > 0) hello.assign(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fds[0]);
  ::close(fds[1]);
  return hello;
}

TEST(NetTlsHandshake, SniCarriesHostNamesButNeverAddresses) {
  TlsContext client = client_ctx(primary_certs().ca);
  const std::string named = client_hello_for(client, "api.example.test");
  ASSERT_GT(named.size(), 5u);
  EXPECT_EQ(named[0], 0x16);  // a handshake record
  EXPECT_NE(named.find("api.example.test"), std::string::npos);
  const std::string by_ip = client_hello_for(client, "127.0.0.1");
  ASSERT_GT(by_ip.size(), 5u);
  EXPECT_EQ(by_ip.find("127.0.0.1"), std::string::npos);
}

TEST(NetTlsHandshake, WrongHostNameIsRejectedWithAClearReason) {
  TlsContext server = server_ctx();
  TlsContext client = client_ctx(primary_certs().ca);
  for (const char* name : {"example.com", "127.0.0.2", "::2", "localhost.evil"}) {
    Outcome o = attempt(server, client, name);
    EXPECT_EQ(o.h.client, St::error) << name;
    EXPECT_EQ(o.client_err, TlsErrc::host_mismatch) << name << ": " << errc_name(o.client_err);
    EXPECT_EQ(o.h.server, St::error) << name;  // the client's alert ends the server side
    EXPECT_FALSE(o.h.timed_out);
  }
  EXPECT_STREQ(errc_message(TlsErrc::host_mismatch),
               "peer certificate does not match the host name");
}

TEST(NetTlsHandshake, UntrustedCaIsRejectedWithAClearReason) {
  TlsContext server = server_ctx();
  TlsContext client = client_ctx(testing::other_certs().ca);
  Outcome o = attempt(server, client, "localhost");
  EXPECT_EQ(o.h.client, St::error);
  EXPECT_EQ(o.client_err, TlsErrc::untrusted_certificate) << errc_name(o.client_err);
  EXPECT_EQ(o.h.server, St::error);
  EXPECT_EQ(o.server_err, TlsErrc::peer_alert) << errc_name(o.server_err);
}

TEST(NetTlsHandshake, SystemBundleDoesNotTrustTheDevelopmentCa) {
  TlsContext server = server_ctx();
  TlsContext client = client_ctx("");  // system bundle
  Outcome o = attempt(server, client, "localhost");
  EXPECT_EQ(o.h.client, St::error);
  EXPECT_EQ(o.client_err, TlsErrc::untrusted_certificate) << errc_name(o.client_err);
}

TEST(NetTlsHandshake, VerificationCanBeTurnedOffExplicitly) {
  TlsContext server = server_ctx();
  TlsContext client = client_ctx(testing::other_certs().ca, TlsVersions::tls12_and_13, false);
  Outcome o = attempt(server, client, "not-the-host.example");
  EXPECT_TRUE(o.h.ok()) << errc_name(o.client_err);
}

TEST(NetTlsHandshake, NoCommonVersionFails) {
  TlsContext server = server_ctx(TlsVersions::tls13_only);
  TlsContext client = client_ctx(primary_certs().ca, TlsVersions::tls12_only);
  Outcome o = attempt(server, client, "localhost");
  EXPECT_EQ(o.h.client, St::error);
  EXPECT_EQ(o.h.server, St::error);
  EXPECT_EQ(o.server_err, TlsErrc::version_mismatch) << errc_name(o.server_err);
  EXPECT_FALSE(o.h.timed_out);
}

TEST(NetTlsHandshake, PeerVanishingMidHandshakeIsAnError) {
  TlsContext server = server_ctx();
  TcpPair pair;
  auto s = TlsSession::accept(server, pair.server);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(status_of((*s)->handshake()), St::want_read);
  pair.close_client();
  IoResult r = (*s)->handshake();
  EXPECT_EQ(status_of(r), St::error);
  EXPECT_NE((*s)->error_code(), TlsErrc::none);
  EXPECT_FALSE((*s)->handshake_done());
}

TEST(NetTlsHandshake, GarbageFromAPlainClientIsAHandshakeError) {
  TlsContext server = server_ctx();
  TcpPair pair;
  auto s = TlsSession::accept(server, pair.server);
  ASSERT_TRUE(s.ok());
  const char request[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
  ASSERT_EQ(::send(pair.client, request, sizeof(request) - 1, 0),
            static_cast<ssize_t>(sizeof(request) - 1));
  IoResult r;
  for (int i = 0; i < 100 && status_of(r = (*s)->handshake()) == St::want_read; ++i) {
    pollfd p{pair.server, POLLIN, 0};
    ::poll(&p, 1, 1000);
  }
  EXPECT_EQ(status_of(r), St::error);
  EXPECT_NE((*s)->error_code(), TlsErrc::none);
}

}  // namespace
}  // namespace sy::net::tls
