#include "net/http/handshake_key.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace sy::net::http {
namespace {

TEST(NetHttpHandshakeKey, Rfc6455Example) {
  // RFC 6455 section 1.3.
  EXPECT_EQ(as_view(websocket_accept_key("dGhlIHNhbXBsZSBub25jZQ==")),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(NetHttpHandshakeKey, MakeKeyFromNonce) {
  // RFC 6455 section 4.1: the nonce 0x01..0x10 encodes as below.
  std::array<std::uint8_t, 16> nonce{};
  for (std::size_t i = 0; i < nonce.size(); ++i) nonce[i] = static_cast<std::uint8_t>(i + 1);
  EXPECT_EQ(as_view(make_websocket_key(nonce)), "AQIDBAUGBwgJCgsMDQ4PEA==");
  const std::array<std::uint8_t, 16> sample = {'t', 'h', 'e', ' ', 's', 'a', 'm', 'p',
                                               'l', 'e', ' ', 'n', 'o', 'n', 'c', 'e'};
  EXPECT_EQ(as_view(make_websocket_key(sample)), "dGhlIHNhbXBsZSBub25jZQ==");
  std::array<std::uint8_t, 16> ones;
  ones.fill(0xff);
  EXPECT_EQ(as_view(make_websocket_key(ones)), "/////////////////////w==");
}

TEST(NetHttpHandshakeKey, RandomKeysAreValidAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 64; ++i) {
    const WebSocketKey k = random_websocket_key();
    EXPECT_TRUE(is_valid_websocket_key(as_view(k))) << std::string(as_view(k));
    seen.emplace(as_view(k));
  }
  EXPECT_EQ(seen.size(), 64u);
}

TEST(NetHttpHandshakeKey, Validation) {
  EXPECT_TRUE(is_valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ=="));
  EXPECT_TRUE(is_valid_websocket_key("AAAAAAAAAAAAAAAAAAAA+/=="));
  EXPECT_FALSE(is_valid_websocket_key(""));
  EXPECT_FALSE(is_valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ="));
  EXPECT_FALSE(is_valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ=x"));
  EXPECT_FALSE(is_valid_websocket_key("dGhlIHNhbXBsZSBub25jZSE="));  // 17 bytes
  EXPECT_FALSE(is_valid_websocket_key("dGhlIHNhbXBsZSBub25j-Q=="));  // base64url alphabet
  EXPECT_FALSE(is_valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ== "));
}

TEST(NetHttpHandshakeKey, AcceptKeyDependsOnEveryByte) {
  const AcceptKey a = websocket_accept_key("dGhlIHNhbXBsZSBub25jZQ==");
  const AcceptKey b = websocket_accept_key("dGhlIHNhbXBsZSBub25jZR==");
  EXPECT_NE(as_view(a), as_view(b));
  EXPECT_EQ(as_view(a).back(), '=');
}

}  // namespace
}  // namespace sy::net::http
