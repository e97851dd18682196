#include "net/http/response_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace sy::net::http {
namespace {

constexpr std::string_view kKey = "dGhlIHNhbXBsZSBub25jZQ==";

std::string ok_response(std::string_view extra = {}) {
  std::string r =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";
  r += extra;
  r += "\r\n";
  return r;
}

TEST(NetHttpResponseParser, UpgradedKeepsServerFramesEveryChunkSize) {
  const std::string head = ok_response("X-Request-Id: req_1\r\n");
  const std::string input = head + "\x81\x05hello";  // the server's first frame follows at once
  for (std::size_t chunk = 1; chunk <= input.size(); ++chunk) {
    UpgradeResponseParser p(kKey, {});
    std::size_t offset = 0;
    UpgradeProgress pr;
    while (offset < input.size()) {
      const std::string_view piece = std::string_view(input).substr(offset, chunk);
      pr = p.feed(piece);
      if (pr.state != UpgradeState::need_more) break;
      EXPECT_EQ(pr.consumed, piece.size());
      offset += piece.size();
    }
    ASSERT_EQ(pr.state, UpgradeState::upgraded) << "chunk " << chunk;
    EXPECT_EQ(offset + pr.consumed, head.size()) << "chunk " << chunk;
    EXPECT_FALSE(p.subprotocol().has_value());
    ASSERT_EQ(p.headers().size(), 4u);
    EXPECT_EQ(p.headers()[3].second, "req_1");
  }
}

TEST(NetHttpResponseParser, ChosenSubprotocolMustHaveBeenOffered) {
  {
    UpgradeResponseParser p(kKey, {"realtime", "openai-beta.realtime-v1"});
    const UpgradeProgress pr = p.feed(ok_response("Sec-WebSocket-Protocol: realtime\r\n"));
    ASSERT_EQ(pr.state, UpgradeState::upgraded);
    EXPECT_EQ(p.subprotocol(), "realtime");
  }
  {
    UpgradeResponseParser p(kKey, {"realtime"});
    const UpgradeProgress pr = p.feed(ok_response("Sec-WebSocket-Protocol: chat\r\n"));
    ASSERT_EQ(pr.state, UpgradeState::error);
    EXPECT_TRUE(pr.error.is(UpgradeResponseError::unexpected_subprotocol));
  }
  {
    UpgradeResponseParser p(kKey, {"a", "b"});
    const UpgradeProgress pr = p.feed(ok_response("Sec-WebSocket-Protocol: a, b\r\n"));
    ASSERT_EQ(pr.state, UpgradeState::error);
    EXPECT_TRUE(pr.error.is(UpgradeResponseError::unexpected_subprotocol));
  }
}

TEST(NetHttpResponseParser, RejectsBadAccept) {
  UpgradeResponseParser p("AQIDBAUGBwgJCgsMDQ4PEA==", {});
  const UpgradeProgress pr = p.feed(ok_response());
  ASSERT_EQ(pr.state, UpgradeState::error);
  EXPECT_TRUE(pr.error.is(UpgradeResponseError::bad_accept));
  EXPECT_EQ(error_label(pr.error), "bad_accept");
}

TEST(NetHttpResponseParser, RejectsMissingUpgradeOrConnection) {
  const std::string no_upgrade =
      "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
  UpgradeResponseParser a(kKey, {});
  EXPECT_TRUE(a.feed(no_upgrade).error.is(UpgradeResponseError::not_websocket_upgrade));
  const std::string no_connection =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
  UpgradeResponseParser b(kKey, {});
  EXPECT_TRUE(b.feed(no_connection).error.is(UpgradeResponseError::connection_not_upgrade));
}

TEST(NetHttpResponseParser, RejectsUnofferedExtension) {
  UpgradeResponseParser p(kKey, {});
  const UpgradeProgress pr =
      p.feed(ok_response("Sec-WebSocket-Extensions: permessage-deflate\r\n"));
  ASSERT_EQ(pr.state, UpgradeState::error);
  EXPECT_TRUE(pr.error.is(UpgradeResponseError::unexpected_extension));
  UpgradeResponseParser q(kKey, {});
  EXPECT_EQ(q.feed(ok_response("Sec-WebSocket-Extensions: , \r\n")).state, UpgradeState::upgraded);
}

TEST(NetHttpResponseParser, RefusalKeepsStatusAndBody) {
  const std::string body =
      R"({"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}})";
  const std::string r =
      "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  UpgradeResponseParser p(kKey, {});
  UpgradeProgress pr;
  for (std::size_t i = 0; i < r.size(); ++i) {
    pr = p.feed(std::string_view(r).substr(i, 1));
    if (pr.state != UpgradeState::need_more) {
      EXPECT_EQ(i, r.size() - 1);
      break;
    }
  }
  ASSERT_EQ(pr.state, UpgradeState::refused);
  EXPECT_EQ(p.refusal().status, 401);
  EXPECT_EQ(p.refusal().reason, "Unauthorized");
  EXPECT_EQ(p.refusal().content_type, "application/json");
  EXPECT_EQ(p.refusal().body_excerpt, body);
  EXPECT_FALSE(p.refusal().body_truncated);
}

TEST(NetHttpResponseParser, RefusalBodyIsTruncatedAndPrintable) {
  std::string body = "line1\r\nbad\x01\x7f\xc3\xa9";
  body += std::string(1000, 'x');
  const std::string r = "HTTP/1.1 404 Not Found\r\nContent-Length: " + std::to_string(body.size()) +
                        "\r\n\r\n" + body;
  UpgradeResponseParser p(kKey, {});
  ASSERT_EQ(p.feed(r).state, UpgradeState::refused);
  EXPECT_EQ(p.refusal().body_excerpt.size(), kRefusalExcerptBytes);
  EXPECT_EQ(p.refusal().body_excerpt.substr(0, 14), "line1  bad????");
  EXPECT_TRUE(p.refusal().body_truncated);
}

TEST(NetHttpResponseParser, RefusalDelimitedByClose) {
  UpgradeResponseParser p(kKey, {});
  EXPECT_EQ(p.feed("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\nover").state,
            UpgradeState::need_more);
  EXPECT_EQ(p.feed("loaded").state, UpgradeState::need_more);
  const UpgradeProgress pr = p.finish();
  ASSERT_EQ(pr.state, UpgradeState::refused);
  EXPECT_EQ(p.refusal().status, 503);
  EXPECT_EQ(p.refusal().body_excerpt, "overloaded");
}

TEST(NetHttpResponseParser, RefusalWithHugeBodyStillReportsStatus) {
  UpgradeResponseParser p(kKey, {});
  const UpgradeProgress pr =
      p.feed("HTTP/1.1 403 Forbidden\r\nContent-Length: 100000000\r\n\r\nnope");
  ASSERT_EQ(pr.state, UpgradeState::refused);
  EXPECT_EQ(p.refusal().status, 403);
  EXPECT_TRUE(p.refusal().body_truncated);
}

TEST(NetHttpResponseParser, CloseBeforeHeaderIsTruncated) {
  UpgradeResponseParser p(kKey, {});
  EXPECT_EQ(p.feed("HTTP/1.1 101 Swit").state, UpgradeState::need_more);
  const UpgradeProgress pr = p.finish();
  ASSERT_EQ(pr.state, UpgradeState::error);
  EXPECT_TRUE(pr.error.is(UpgradeResponseError::truncated));
}

TEST(NetHttpResponseParser, MalformedAndOversized) {
  UpgradeResponseParser a(kKey, {});
  EXPECT_TRUE(a.feed("SSH-2.0-OpenSSH_9.2\r\n\r\n").error.is(UpgradeResponseError::malformed));
  UpgradeResponseParser b(kKey, {}, {.header_bytes = 64, .body_bytes = 64});
  EXPECT_TRUE(b.feed("HTTP/1.1 101 Switching Protocols\r\nX: " + std::string(100, 'a'))
                  .error.is(UpgradeResponseError::header_too_large));
  UpgradeResponseParser c(kKey, {});
  ASSERT_EQ(c.feed(ok_response()).state, UpgradeState::upgraded);
  EXPECT_TRUE(c.feed("x").error.is(UpgradeResponseError::parser_finished));
}

}  // namespace
}  // namespace sy::net::http
