// Context creation: the files a deployment gets wrong produce their own error, never an exception.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "net/tls/tls_context.h"
#include "net/tls/tls_session.h"
#include "tests/net/tls/tls_test_support.h"

namespace sy::net::tls {
namespace {

using testing::St;
using testing::status_of;

using testing::other_certs;
using testing::primary_certs;

TEST(NetTlsContext, ServerLoadsAChainAndItsKey) {
  auto ctx = TlsContext::server(primary_certs().cert, primary_certs().key);
  ASSERT_TRUE(ctx.ok()) << ctx.error().message;
  EXPECT_TRUE(ctx->is_server());
  EXPECT_NE(ctx->native_handle(), nullptr);
}

TEST(NetTlsContext, MissingCertificateFile) {
  auto ctx = TlsContext::server("/nonexistent/server.pem", primary_certs().key);
  ASSERT_FALSE(ctx.ok());
  EXPECT_TRUE(ctx.error().is(TlsErrc::bad_certificate_file));
  EXPECT_STRNE(ctx.error().message, "");
}

TEST(NetTlsContext, KeyFileThatIsNotAKey) {
  auto ctx = TlsContext::server(primary_certs().cert, primary_certs().cert);
  ASSERT_FALSE(ctx.ok());
  EXPECT_TRUE(ctx.error().is(TlsErrc::bad_key_file));
}

TEST(NetTlsContext, KeyThatDoesNotMatchTheCertificate) {
  auto ctx = TlsContext::server(primary_certs().cert, other_certs().key);
  ASSERT_FALSE(ctx.ok());
  EXPECT_TRUE(ctx.error().is(TlsErrc::key_mismatch)) << ctx.error().message;
}

TEST(NetTlsContext, ClientWithUnreadableCaFile) {
  auto ctx = TlsContext::client("/nonexistent/ca.pem");
  ASSERT_FALSE(ctx.ok());
  EXPECT_TRUE(ctx.error().is(TlsErrc::bad_ca_file));
}

TEST(NetTlsContext, ClientWithSystemBundle) {
  auto ctx = TlsContext::client("");
  ASSERT_TRUE(ctx.ok()) << ctx.error().message;
  EXPECT_FALSE(ctx->is_server());
  EXPECT_TRUE(ctx->verifies_peer());
}

TEST(NetTlsContext, UnknownCipherNamesAreRejected) {
  auto ctx = TlsContext::client(primary_certs().ca);
  ASSERT_TRUE(ctx.ok());
  EXPECT_FALSE(ctx->restrict_ciphers("NOT-A-CIPHER").ok());
}

TEST(NetTlsContext, SessionsMustMatchTheContextRole) {
  auto server = TlsContext::server(primary_certs().cert, primary_certs().key);
  auto client = TlsContext::client(primary_certs().ca);
  ASSERT_TRUE(server.ok() && client.ok());
  testing::TcpPair pair;
  auto wrong1 = TlsSession::connect(*server, pair.client, "localhost");
  ASSERT_FALSE(wrong1.ok());
  EXPECT_TRUE(wrong1.error().is(TlsErrc::bad_argument));
  auto wrong2 = TlsSession::accept(*client, pair.server);
  ASSERT_FALSE(wrong2.ok());
  EXPECT_TRUE(wrong2.error().is(TlsErrc::bad_argument));
  auto no_name = TlsSession::connect(*client, pair.client, "");
  EXPECT_FALSE(no_name.ok());
  using namespace std::string_view_literals;
  for (std::string_view bad : {"localhost\0.evil.example"sv, "local host"sv, "host\n"sv}) {
    auto r = TlsSession::connect(*client, pair.client, bad);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().is(TlsErrc::bad_argument));
  }
  EXPECT_FALSE(TlsSession::connect(*client, pair.client, std::string(256, 'a')).ok());
}

TEST(NetTlsContext, ContextsMoveAndSessionsOutliveThem) {
  auto server = TlsContext::server(primary_certs().cert, primary_certs().key);
  ASSERT_TRUE(server.ok());
  TlsContext moved = std::move(server.value());
  EXPECT_EQ(server->native_handle(), nullptr);  // NOLINT(bugprone-use-after-move): checks the move
  testing::TcpPair pair;
  auto session = [&] {
    TlsContext local = std::move(moved);
    return TlsSession::accept(local, pair.server);
  }();  // the context object is gone; wolfSSL keeps its own reference
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(status_of((*session)->handshake()), St::want_read);
}

TEST(NetTlsContext, ErrorNamesAreStableLabels) {
  EXPECT_STREQ(errc_name(TlsErrc::untrusted_certificate), "untrusted_certificate");
  EXPECT_STREQ(errc_name(TlsErrc::host_mismatch), "host_mismatch");
  EXPECT_STREQ(errc_name(TlsErrc::io_error), "io_error");
  EXPECT_EQ(classify_library_error(0), TlsErrc::none);
}

}  // namespace
}  // namespace sy::net::tls
