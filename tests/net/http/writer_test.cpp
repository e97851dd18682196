#include "net/http/writer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "net/http/handshake_key.h"
#include "net/http/request_parser.h"
#include "net/http/response_parser.h"
#include "net/http/upgrade.h"

namespace sy::net::http {
namespace {

TEST(NetHttpWriter, SwitchingProtocols) {
  std::string out = "prefix|";
  const AcceptKey accept = websocket_accept_key("dGhlIHNhbXBsZSBub25jZQ==");
  const HeaderField extra[] = {{"X-Session", "s1"}};
  write_switching_protocols(out, as_view(accept), "realtime", extra);
  EXPECT_EQ(out,
            "prefix|HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            "Sec-WebSocket-Protocol: realtime\r\nX-Session: s1\r\n\r\n");
}

TEST(NetHttpWriter, SwitchingProtocolsNeverEchoesCredential) {
  std::string out;
  write_switching_protocols(out, "k", "openai-insecure-api-key.sk-secret");
  EXPECT_EQ(out.find("sk-secret"), std::string::npos);
  EXPECT_EQ(out.find("Sec-WebSocket-Protocol"), std::string::npos);
  out.clear();
  write_switching_protocols(out, "k", std::nullopt);
  EXPECT_EQ(out.find("Sec-WebSocket-Protocol"), std::string::npos);
}

TEST(NetHttpWriter, Upgrade426) {
  std::vector<std::uint8_t> out;
  const HeaderField extra[] = {{"Sec-WebSocket-Version", kWebSocketVersion},
                               {"Connection", "close"}};
  write_response(out, {.status = 426,
                       .content_type = "text/plain",
                       .body = "unsupported WebSocket version\n",
                       .headers = extra});
  EXPECT_EQ(std::string(out.begin(), out.end()),
            "HTTP/1.1 426 Upgrade Required\r\nContent-Type: text/plain\r\nContent-Length: 30\r\n"
            "Sec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n"
            "unsupported WebSocket version\n");
}

TEST(NetHttpWriter, ResponseDefaultsAndCustomReason) {
  std::vector<char> out;
  write_response(out, {.status = 204});
  EXPECT_EQ(std::string(out.begin(), out.end()),
            "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
  std::string s;
  const HeaderField retry[] = {{"Retry-After", "5"}};
  write_response(s, {.status = 429, .reason = "Slow Down", .headers = retry});
  EXPECT_EQ(s, "HTTP/1.1 429 Slow Down\r\nContent-Length: 0\r\nRetry-After: 5\r\n\r\n");
  EXPECT_EQ(reason_phrase(431), "Request Header Fields Too Large");
  EXPECT_EQ(reason_phrase(799), "Unknown");
  EXPECT_EQ(reason_phrase(-1), "Unknown");
}

TEST(NetHttpWriter, ValuesCannotInjectHeaders) {
  std::string out;
  const HeaderField evil[] = {{"X-A", "ok\r\nSet-Cookie: x=1"}, {"X\r\nB", "v"}};
  write_response(out, {.status = 400, .reason = "Bad\r\nX: y", .headers = evil});
  EXPECT_EQ(out.find("\r\nSet-Cookie"), std::string::npos);
  EXPECT_EQ(out.find("\r\nX: y"), std::string::npos);
  EXPECT_EQ(out.find("\r\nB"), std::string::npos);
  // Still one parseable response with the expected number of lines.
  EXPECT_EQ(out,
            "HTTP/1.1 400 Bad  X: y\r\nContent-Length: 0\r\nX-A: ok  Set-Cookie: x=1\r\n"
            "X  B: v\r\n\r\n");
}

TEST(NetHttpWriter, ClientHandshakeParsesAsValidUpgrade) {
  std::string out;
  const WebSocketKey key = random_websocket_key();
  const HeaderField extra[] = {{"Authorization", "Bearer sk-provider"},
                               {"OpenAI-Beta", "realtime=v1"}};
  const std::string_view protocols[] = {"realtime", "openai-beta.realtime-v1"};
  write_client_handshake(out, "api.openai.com", "/v1/realtime?model=gpt-realtime", as_view(key),
                         extra, protocols);
  RequestParser p;
  ASSERT_EQ(p.feed(out).state, ParseState::complete);
  const Result<UpgradeRequest> up = validate_upgrade(p.request());
  ASSERT_TRUE(up.ok()) << error_label(up.error());
  EXPECT_EQ(up->key, as_view(key));
  EXPECT_EQ(up->host, "api.openai.com");
  EXPECT_EQ(up->authorization, "Bearer sk-provider");
  ASSERT_EQ(up->subprotocols.size(), 2u);
  EXPECT_EQ(up->subprotocols[1], "openai-beta.realtime-v1");
  EXPECT_EQ(p.request().path, "/v1/realtime");
  EXPECT_EQ(p.request().query_param("model"), "gpt-realtime");
  EXPECT_EQ(p.request().header("OpenAI-Beta"), "realtime=v1");
}

TEST(NetHttpWriter, ClientHandshakeEscapesSpacesInTarget) {
  std::string out;
  write_client_handshake(out, "h", "/a b\r\n", "dGhlIHNhbXBsZSBub25jZQ==");
  EXPECT_EQ(out.substr(0, out.find("\r\n")), "GET /a%20b%0D%0A HTTP/1.1");
}

TEST(NetHttpWriter, ServerAnswerIsAcceptedByClientParser) {
  const WebSocketKey key = random_websocket_key();
  std::string out;
  write_switching_protocols(out, as_view(websocket_accept_key(as_view(key))), "realtime");
  UpgradeResponseParser p(as_view(key), {"realtime"});
  const UpgradeProgress pr = p.feed(out);
  ASSERT_EQ(pr.state, UpgradeState::upgraded) << error_label(pr.error);
  EXPECT_EQ(pr.consumed, out.size());
  EXPECT_EQ(p.subprotocol(), "realtime");
}

}  // namespace
}  // namespace sy::net::http
