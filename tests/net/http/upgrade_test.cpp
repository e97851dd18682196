#include "net/http/upgrade.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

#include "net/http/request_parser.h"

namespace sy::net::http {
namespace {

Request parse(std::string_view raw) {
  RequestParser p;
  const ParseProgress pr = p.feed(raw);
  EXPECT_EQ(pr.state, ParseState::complete) << raw;
  return p.request();
}

// A valid browser-like handshake with one line replaced or removed.
std::string handshake(std::string_view replace_name = {}, std::string_view line = {},
                      std::string_view request_line = "GET /v1/realtime?model=gpt HTTP/1.1") {
  const std::pair<std::string_view, std::string_view> fields[] = {
      {"Host", "Host: gw.example:8443"},
      {"Upgrade", "Upgrade: websocket"},
      {"Connection", "Connection: keep-alive, Upgrade"},
      {"Sec-WebSocket-Key", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="},
      {"Sec-WebSocket-Version", "Sec-WebSocket-Version: 13"},
      {"Origin", "Origin: https://app.example"},
  };
  std::string out(request_line);
  out += "\r\n";
  bool replaced = false;
  for (const auto& [name, value] : fields) {
    if (name == replace_name) {
      replaced = true;
      if (line.empty()) continue;
      out += line;
    } else {
      out += value;
    }
    out += "\r\n";
  }
  if (!replaced && !line.empty()) out += std::string(line) + "\r\n";
  out += "\r\n";
  return out;
}

void expect_fails(const std::string& raw, HandshakeError code, int status = 400) {
  const Result<UpgradeRequest> r = validate_upgrade(parse(raw));
  ASSERT_FALSE(r.ok()) << raw;
  EXPECT_TRUE(r.error().is(code)) << raw << " got " << error_label(r.error());
  EXPECT_EQ(error_status(r.error()), status);
}

TEST(NetHttpUpgrade, AcceptsValidHandshake) {
  const Request req = parse(handshake());
  EXPECT_TRUE(wants_upgrade(req));
  const Result<UpgradeRequest> r = validate_upgrade(req);
  ASSERT_TRUE(r.ok()) << error_label(r.error());
  EXPECT_EQ(r->key, "dGhlIHNhbXBsZSBub25jZQ==");
  EXPECT_EQ(r->host, "gw.example:8443");
  EXPECT_EQ(r->origin, "https://app.example");
  EXPECT_FALSE(r->authorization.has_value());
  EXPECT_TRUE(r->subprotocols.empty());
}

TEST(NetHttpUpgrade, RestRequestDoesNotWantUpgrade) {
  EXPECT_FALSE(wants_upgrade(parse("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")));
}

TEST(NetHttpUpgrade, HeaderNamesAndTokensAreCaseInsensitive) {
  const std::string raw =
      "GET / HTTP/1.1\r\nhost: a\r\nUPGRADE: WebSocket\r\nconnection: UPGRADE\r\n"
      "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nSEC-WEBSOCKET-VERSION: 13\r\n"
      "authorization: Bearer acc:secret\r\n\r\n";
  const Result<UpgradeRequest> r = validate_upgrade(parse(raw));
  ASSERT_TRUE(r.ok()) << error_label(r.error());
  EXPECT_EQ(r->authorization, "Bearer acc:secret");
}

TEST(NetHttpUpgrade, ConnectionTokenMaySitOnAnyLine) {
  const Request req =
      parse(handshake("Connection", "Connection: keep-alive\r\nConnection: upgrade"));
  EXPECT_TRUE(validate_upgrade(req).ok());
}

TEST(NetHttpUpgrade, MethodMustBeGet) {
  expect_fails(handshake({}, {}, "POST / HTTP/1.1"), HandshakeError::method_not_get);
}

TEST(NetHttpUpgrade, VersionMustBeHttp11) {
  expect_fails(handshake({}, {}, "GET / HTTP/1.0"), HandshakeError::http_version);
}

TEST(NetHttpUpgrade, HostIsRequiredOnce) {
  expect_fails(handshake("Host", ""), HandshakeError::missing_host);
  expect_fails(handshake("Host", "Host: a\r\nHost: b"), HandshakeError::missing_host);
}

TEST(NetHttpUpgrade, UpgradeMustBeWebsocket) {
  expect_fails(handshake("Upgrade", ""), HandshakeError::not_websocket_upgrade);
  expect_fails(handshake("Upgrade", "Upgrade: h2c"), HandshakeError::not_websocket_upgrade);
  expect_fails(handshake("Upgrade", "Upgrade: websockets"), HandshakeError::not_websocket_upgrade);
  const Request list = parse(handshake("Upgrade", "Upgrade: h2c, websocket"));
  EXPECT_TRUE(validate_upgrade(list).ok());
}

TEST(NetHttpUpgrade, ConnectionMustContainUpgrade) {
  expect_fails(handshake("Connection", ""), HandshakeError::connection_not_upgrade);
  expect_fails(handshake("Connection", "Connection: keep-alive"),
               HandshakeError::connection_not_upgrade);
  expect_fails(handshake("Connection", "Connection: upgrader"),
               HandshakeError::connection_not_upgrade);
}

TEST(NetHttpUpgrade, KeyMustBeBase64Of16Bytes) {
  expect_fails(handshake("Sec-WebSocket-Key", ""), HandshakeError::missing_key);
  for (std::string_view bad : {
           "Sec-WebSocket-Key: ",
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ",    // no padding
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=",   // 23 chars
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZSE=",  // 17 bytes
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25j*Q==",  // not base64
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Key: "
           "dGhlIHNhbXBsZSBub25jZQ==",  // twice
       }) {
    const std::string raw = handshake("Sec-WebSocket-Key", bad);
    const Result<UpgradeRequest> r = validate_upgrade(parse(raw));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_TRUE(r.error().is(HandshakeError::bad_key) || r.error().is(HandshakeError::missing_key))
        << bad;
  }
  expect_fails(handshake("Sec-WebSocket-Key", "Sec-WebSocket-Key: AAAA"), HandshakeError::bad_key);
}

TEST(NetHttpUpgrade, WrongVersionIs426) {
  expect_fails(handshake("Sec-WebSocket-Version", ""), HandshakeError::missing_version);
  expect_fails(handshake("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8"),
               HandshakeError::unsupported_version, 426);
  expect_fails(handshake("Sec-WebSocket-Version", "Sec-WebSocket-Version: 13, 8"),
               HandshakeError::unsupported_version, 426);
  expect_fails(
      handshake("Sec-WebSocket-Version", "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Version: 8"),
      HandshakeError::unsupported_version, 426);
  EXPECT_EQ(kWebSocketVersion, "13");
}

TEST(NetHttpUpgrade, CollectsSubprotocolsAcrossLines) {
  const Request req =
      parse(handshake({},
                      "Sec-WebSocket-Protocol: realtime, openai-insecure-api-key.ek_abc\r\n"
                      "Sec-WebSocket-Protocol: openai-beta.realtime-v1 ,"));
  const Result<UpgradeRequest> r = validate_upgrade(req);
  ASSERT_TRUE(r.ok()) << error_label(r.error());
  ASSERT_EQ(r->subprotocols.size(), 3u);
  EXPECT_EQ(r->subprotocols[0], "realtime");
  EXPECT_EQ(r->subprotocols[1], "openai-insecure-api-key.ek_abc");
  EXPECT_EQ(r->subprotocols[2], "openai-beta.realtime-v1");
}

TEST(NetHttpUpgrade, SubprotocolsMustBeTokens) {
  expect_fails(handshake({}, "Sec-WebSocket-Protocol: realtime, has space"),
               HandshakeError::bad_subprotocol);
  expect_fails(handshake({}, "Sec-WebSocket-Protocol: a/b"), HandshakeError::bad_subprotocol);
}

TEST(NetHttpUpgrade, LabelsAreDistinctPerRule) {
  std::set<std::string_view> labels;
  for (auto code :
       {HandshakeError::method_not_get, HandshakeError::http_version, HandshakeError::missing_host,
        HandshakeError::not_websocket_upgrade, HandshakeError::connection_not_upgrade,
        HandshakeError::missing_key, HandshakeError::bad_key, HandshakeError::missing_version,
        HandshakeError::unsupported_version, HandshakeError::bad_subprotocol}) {
    const std::string_view label = error_label(make_error(code, "x"));
    EXPECT_NE(label, "unknown");
    EXPECT_TRUE(labels.insert(label).second) << label;
  }
  EXPECT_EQ(error_label(Error{}), "unknown");
}

}  // namespace
}  // namespace sy::net::http
