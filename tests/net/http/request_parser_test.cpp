#include "net/http/request_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace sy::net::http {
namespace {

constexpr std::string_view kUpgrade =
    "GET //ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent"
    "?key=a%2Bb+c&empty&x=1&x=2 HTTP/1.1\r\n"
    "Host: localhost:8080\r\n"
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n"
    "X-Goog-Api-Key: secret\r\n"
    "\r\n";

// A masked WebSocket frame header a client may send right behind its handshake.
constexpr std::string_view kFrame = "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58";

void expect_upgrade_request(const Request& r) {
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.version, 11u);
  EXPECT_EQ(r.path,
            "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent");
  EXPECT_EQ(r.query_param("key"), "a+b c");
  EXPECT_EQ(r.query_param("empty"), "");
  EXPECT_EQ(r.query_param("x"), "1");
  EXPECT_FALSE(r.query_param("missing").has_value());
  EXPECT_EQ(r.header("x-goog-api-key"), "secret");
  EXPECT_EQ(r.header("HOST"), "localhost:8080");
  EXPECT_TRUE(r.body.empty());
}

TEST(NetHttpRequestParser, ParsesWholeRequest) {
  RequestParser p;
  const ParseProgress pr = p.feed(kUpgrade);
  ASSERT_EQ(pr.state, ParseState::complete);
  EXPECT_EQ(pr.consumed, kUpgrade.size());
  expect_upgrade_request(p.request());
  EXPECT_EQ(p.request().target.substr(0, 5), "//ws/");
}

TEST(NetHttpRequestParser, ByteByByteKeepsFollowingFrame) {
  const std::string input = std::string(kUpgrade) + std::string(kFrame);
  RequestParser p;
  std::size_t i = 0;
  ParseProgress pr;
  for (; i < input.size(); ++i) {
    pr = p.feed(std::string_view(input).substr(i, 1));
    if (pr.state != ParseState::need_more) break;
    EXPECT_EQ(pr.consumed, 1u);
  }
  ASSERT_EQ(pr.state, ParseState::complete);
  EXPECT_EQ(i, kUpgrade.size() - 1);  // completes on the last byte of the header
  EXPECT_EQ(pr.consumed, 1u);
  expect_upgrade_request(p.request());
}

TEST(NetHttpRequestParser, EveryChunkSizeReportsWhereTheRequestEnds) {
  const std::string input = std::string(kUpgrade) + std::string(kFrame);
  for (std::size_t chunk = 1; chunk <= input.size(); ++chunk) {
    RequestParser p;
    std::size_t offset = 0;
    ParseProgress pr;
    while (offset < input.size()) {
      const std::string_view piece = std::string_view(input).substr(offset, chunk);
      pr = p.feed(piece);
      if (pr.state != ParseState::need_more) break;
      offset += piece.size();
    }
    ASSERT_EQ(pr.state, ParseState::complete) << "chunk " << chunk;
    EXPECT_EQ(offset + pr.consumed, kUpgrade.size()) << "chunk " << chunk;
    EXPECT_EQ(p.buffered(), 0u);
    expect_upgrade_request(p.request());
  }
}

TEST(NetHttpRequestParser, PipelinedRequestsWithReset) {
  const std::string input =
      "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"
      "POST /v1/realtime/client_secrets HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
      "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n";
  RequestParser p;
  std::string_view rest = input;
  ParseProgress pr = p.feed(rest);
  ASSERT_EQ(pr.state, ParseState::complete);
  EXPECT_EQ(p.request().path, "/healthz");
  rest.remove_prefix(pr.consumed);

  p.reset();
  pr = p.feed(rest);
  ASSERT_EQ(pr.state, ParseState::complete);
  EXPECT_EQ(p.request().method, "POST");
  EXPECT_EQ(p.request().path, "/v1/realtime/client_secrets");
  EXPECT_EQ(p.request().body, "hello");
  rest.remove_prefix(pr.consumed);

  p.reset();
  pr = p.feed(rest);
  ASSERT_EQ(pr.state, ParseState::complete);
  EXPECT_EQ(p.request().path, "/metrics");
  EXPECT_EQ(pr.consumed, rest.size());
}

TEST(NetHttpRequestParser, ChunkedBodyByteByByte) {
  const std::string input =
      "POST /v1/realtime/client_secrets HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
      "4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\nNEXT";
  RequestParser p;
  ParseProgress pr;
  std::size_t i = 0;
  for (; i < input.size(); ++i) {
    pr = p.feed(std::string_view(input).substr(i, 1));
    if (pr.state != ParseState::need_more) break;
  }
  ASSERT_EQ(pr.state, ParseState::complete);
  EXPECT_EQ(i + pr.consumed, input.size() - 4);
  EXPECT_EQ(p.request().body, "{\"a\":1}");
}

TEST(NetHttpRequestParser, EmptyChunkedBodyEveryChunkSize) {
  // An empty chunked body once tripped an assertion inside Beast when fed byte by byte.
  const std::string input =
      "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET";
  for (std::size_t chunk = 1; chunk <= input.size(); ++chunk) {
    RequestParser p;
    std::size_t offset = 0;
    ParseProgress pr;
    while (offset < input.size()) {
      const std::string_view piece = std::string_view(input).substr(offset, chunk);
      pr = p.feed(piece);
      if (pr.state != ParseState::need_more) break;
      offset += piece.size();
    }
    ASSERT_EQ(pr.state, ParseState::complete) << "chunk " << chunk;
    EXPECT_EQ(offset + pr.consumed, input.size() - 3) << "chunk " << chunk;
    EXPECT_TRUE(p.request().body.empty());
  }
}

TEST(NetHttpRequestParser, ChunkedTrailerByteByByte) {
  const std::string input =
      "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
      "0\r\nX-T: 1\r\n\r\n";
  RequestParser p;
  ParseProgress pr;
  for (std::size_t i = 0; i < input.size(); ++i) {
    pr = p.feed(std::string_view(input).substr(i, 1));
    if (pr.state != ParseState::need_more) break;
  }
  EXPECT_EQ(pr.state, ParseState::complete);
}

TEST(NetHttpRequestParser, FeedAfterCompleteIsAnError) {
  RequestParser p;
  ASSERT_EQ(p.feed(kUpgrade).state, ParseState::complete);
  const ParseProgress pr = p.feed("x");
  EXPECT_EQ(pr.state, ParseState::error);
  EXPECT_TRUE(pr.error.is(RequestError::parser_finished));
}

TEST(NetHttpRequestParser, ByteSpanOverload) {
  RequestParser p;
  const std::string_view s = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  const auto* b = reinterpret_cast<const std::uint8_t*>(s.data());
  const ParseProgress pr = p.feed(std::span<const std::uint8_t>(b, s.size()));
  ASSERT_EQ(pr.state, ParseState::complete);
  EXPECT_EQ(p.request().path, "/");
}

// --- targets ---

ParseProgress parse(RequestParser& p, std::string_view target) {
  return p.feed("GET " + std::string(target) + " HTTP/1.1\r\nHost: a\r\n\r\n");
}

TEST(NetHttpRequestParser, PathNormalisation) {
  struct Case {
    std::string_view target;
    std::string_view path;
  };
  for (const Case& c :
       {Case{"/", "/"}, Case{"//", "/"}, Case{"///v1/realtime", "/v1/realtime"},
        Case{"/v1//realtime", "/v1//realtime"}, Case{"/a%20b", "/a b"}, Case{"/?x=1", "/"},
        Case{"http://example.com/v1/realtime?model=m", "/v1/realtime"},
        Case{"http://example.com", "/"}}) {
    RequestParser p;
    ASSERT_EQ(parse(p, c.target).state, ParseState::complete) << c.target;
    EXPECT_EQ(p.request().path, c.path) << c.target;
  }
}

TEST(NetHttpRequestParser, UniversalEndpointQuery) {
  RequestParser p;
  ASSERT_EQ(
      parse(p, "/?rs_accid=acc&rs_u_sessid=s%201&rs_auth=ab12&rs_api=OPENAI&rs_core=SIM").state,
      ParseState::complete);
  const Request& r = p.request();
  EXPECT_EQ(r.path, "/");
  EXPECT_EQ(r.query_param("rs_accid"), "acc");
  EXPECT_EQ(r.query_param("rs_u_sessid"), "s 1");
  EXPECT_EQ(r.query_param("rs_auth"), "ab12");
  EXPECT_EQ(r.query_param("rs_api"), "OPENAI");
  EXPECT_EQ(r.query_param("rs_core"), "SIM");
  EXPECT_EQ(r.query.size(), 5u);
}

TEST(NetHttpRequestParser, BadTargetsAre400) {
  // "h:?" and friends once tripped an assertion inside Boost.URL (found by fuzzing).
  for (std::string_view t : {"/a%zz", "/?k=%g1", "/%00", "/?k=%00", "*", "relative/path",
                             "h:", "h:?", "h:[", "h:\x84", "/a\x84", "http:/x", "1http://a/"}) {
    RequestParser p;
    const ParseProgress pr = parse(p, t);
    ASSERT_EQ(pr.state, ParseState::error) << t;
    EXPECT_EQ(pr.status, 400) << t;
    EXPECT_TRUE(pr.error.is(RequestError::bad_target)) << t;
    EXPECT_EQ(error_label(pr.error), "bad_target");
  }
}

// --- limits ---

TEST(NetHttpRequestParser, HeaderLimitIs431) {
  RequestParser p;
  std::string big = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(17 * 1024, 'a');
  const ParseProgress pr = p.feed(big);
  ASSERT_EQ(pr.state, ParseState::error);
  EXPECT_EQ(pr.status, 431);
  EXPECT_TRUE(pr.error.is(RequestError::header_too_large));
  EXPECT_EQ(p.buffered(), 0u);
}

TEST(NetHttpRequestParser, HeaderLimitReachedIncrementally) {
  RequestParser p;
  ASSERT_EQ(p.feed("GET / HTTP/1.1\r\nHost: a\r\n").state, ParseState::need_more);
  const std::string line = "X-Filler: " + std::string(1000, 'b') + "\r\n";
  ParseProgress pr;
  int lines = 0;
  do {
    pr = p.feed(line);
    ++lines;
  } while (pr.state == ParseState::need_more && lines < 100);
  ASSERT_EQ(pr.state, ParseState::error);
  EXPECT_EQ(pr.status, 431);
  EXPECT_LE(lines, 17);
}

TEST(NetHttpRequestParser, HeaderJustUnderTheLimitIsAccepted) {
  RequestParser p;
  std::string head = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: ";
  head += std::string(16 * 1024 - head.size() - 4, 'a');
  head += "\r\n\r\n";
  ASSERT_EQ(head.size(), 16u * 1024);
  EXPECT_EQ(p.feed(head).state, ParseState::complete);
}

TEST(NetHttpRequestParser, BodyLimitIs413) {
  RequestParser p;
  const ParseProgress pr = p.feed("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 65537\r\n\r\n");
  ASSERT_EQ(pr.state, ParseState::error);
  EXPECT_EQ(pr.status, 413);
  EXPECT_TRUE(pr.error.is(RequestError::body_too_large));
}

TEST(NetHttpRequestParser, ChunkedBodyOverLimitIs413) {
  RequestParser p({.header_bytes = 1024, .body_bytes = 8});
  const ParseProgress pr = p.feed(
      "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: "
      "chunked\r\n\r\n5\r\nabcde\r\n5\r\nfghij\r\n");
  ASSERT_EQ(pr.state, ParseState::error);
  EXPECT_EQ(pr.status, 413);
}

TEST(NetHttpRequestParser, BodyAtTheLimitIsAccepted) {
  RequestParser p;
  const std::string body(64 * 1024, 'z');
  const ParseProgress pr =
      p.feed("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 65536\r\n\r\n" + body);
  ASSERT_EQ(pr.state, ParseState::complete);
  EXPECT_EQ(p.request().body.size(), body.size());
}

// --- malformed ---

TEST(NetHttpRequestParser, MalformedRequestsAre400) {
  for (std::string_view bad : {
           "GET\r\n\r\n",
           "GET / HTTP/1.1\r\nHost a\r\n\r\n",       // no colon
           "GET / HTTP/9.9\r\nHost: a\r\n\r\n",      // unknown version
           "G@T / HTTP/1.1\r\nHost: a\r\n\r\n",      // bad method token
           "GET / HTTP/1.1\r\nBad Name: a\r\n\r\n",  // space in field name
           "GET / HTTP/1.1\r\nX: a\x01b\r\n\r\n",    // control character in a value
           "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",       // HTTP/2 preface
           "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
           "POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
           "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
           "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  // a TLS ClientHello on the plain port
       }) {
    RequestParser p;
    const ParseProgress pr = p.feed(bad);
    ASSERT_EQ(pr.state, ParseState::error) << bad;
    EXPECT_EQ(pr.status, 400) << bad;
    EXPECT_EQ(pr.consumed, 0u);
    EXPECT_NE(std::string_view(pr.error.message), "");
  }
}

TEST(NetHttpRequestParser, KeepAlive) {
  struct Case {
    std::string_view raw;
    bool keep_alive;
  };
  for (const Case& c : {Case{"GET / HTTP/1.1\r\nHost: a\r\n\r\n", true},
                        Case{"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false},
                        Case{"GET / HTTP/1.0\r\n\r\n", false},
                        Case{"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true}}) {
    RequestParser p;
    ASSERT_EQ(p.feed(c.raw).state, ParseState::complete) << c.raw;
    EXPECT_EQ(p.request().keep_alive, c.keep_alive) << c.raw;
  }
}

TEST(NetHttpRequestParser, HugeHeaderLimitIsCappedWithoutThrowing) {
  RequestParser p({.header_bytes = 1 << 20, .body_bytes = 16});
  const std::string raw = "GET / HTTP/1.1\r\nX: " + std::string(70000, 'v') + "\r\n\r\n";
  const ParseProgress pr = p.feed(raw);
  ASSERT_EQ(pr.state, ParseState::error);
  EXPECT_EQ(pr.status, 431);
}

TEST(NetHttpRequestParser, IncompleteRequestNeedsMore) {
  RequestParser p;
  EXPECT_FALSE(p.started());
  const ParseProgress pr = p.feed("GET / HTTP/1.1\r\nHost: a\r\n");
  EXPECT_EQ(pr.state, ParseState::need_more);
  EXPECT_TRUE(p.started());
  EXPECT_GT(p.buffered(), 0u);
  EXPECT_EQ(p.feed("\r\n").state, ParseState::complete);
}

TEST(NetHttpRequestParser, DuplicateHeadersAreKeptInOrder) {
  RequestParser p;
  ASSERT_EQ(p.feed("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n"
                   "connection: Upgrade\r\n\r\n")
                .state,
            ParseState::complete);
  EXPECT_EQ(p.request().header_count("Connection"), 2u);
  std::string seen;
  p.request().for_each_header("CONNECTION",
                              [&](std::string_view v) { seen += std::string(v) + ";"; });
  EXPECT_EQ(seen, "keep-alive;Upgrade;");
}

}  // namespace
}  // namespace sy::net::http
