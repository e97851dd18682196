#include "net/http/base_url.h"

#include <gtest/gtest.h>

#include <string>

namespace sy::net::http {
namespace {

TEST(NetHttpBaseUrl, SchemesAndDefaultPorts) {
  struct Case {
    std::string_view url;
    bool tls;
    std::string_view host;
    std::uint16_t port;
    std::string_view path;
    std::string_view host_header;
  };
  for (const Case& c : {
           Case{"https://api.openai.com/v1", true, "api.openai.com", 443, "/v1", "api.openai.com"},
           Case{"https://generativelanguage.googleapis.com", true,
                "generativelanguage.googleapis.com", 443, "", "generativelanguage.googleapis.com"},
           Case{"http://127.0.0.1:9000/", false, "127.0.0.1", 9000, "", "127.0.0.1:9000"},
           Case{"ws://localhost", false, "localhost", 80, "", "localhost"},
           Case{"wss://sim.local:443/base/", true, "sim.local", 443, "/base", "sim.local"},
           Case{"WSS://Sim.Local:8443/a%20b", true, "Sim.Local", 8443, "/a%20b", "Sim.Local:8443"},
           Case{"http://[::1]:8080/v1", false, "::1", 8080, "/v1", "[::1]:8080"},
           Case{"https://[2001:db8::5]", true, "2001:db8::5", 443, "", "[2001:db8::5]"},
           Case{"http://h:/x", false, "h", 80, "/x", "h"},
       }) {
    const Result<BaseUrl> r = parse_base_url(c.url);
    ASSERT_TRUE(r.ok()) << c.url << ": " << r.error().message;
    EXPECT_EQ(r->tls, c.tls) << c.url;
    EXPECT_EQ(r->host, c.host) << c.url;
    EXPECT_EQ(r->port, c.port) << c.url;
    EXPECT_EQ(r->path, c.path) << c.url;
    EXPECT_EQ(r->host_header(), c.host_header) << c.url;
  }
}

TEST(NetHttpBaseUrl, RejectsWithReason) {
  struct Case {
    std::string_view url;
    UrlError code;
  };
  for (const Case& c : {
           Case{"", UrlError::malformed},
           Case{"api.openai.com/v1", UrlError::malformed},
           Case{"http://exa mple.com", UrlError::malformed},
           Case{"http:?x", UrlError::malformed},
           Case{"https:example.com", UrlError::malformed},
           Case{"ftp://example.com", UrlError::unsupported_scheme},
           Case{"file:///etc/passwd", UrlError::unsupported_scheme},
           Case{"mailto:a@b", UrlError::malformed},
           Case{"https://user:pw@example.com", UrlError::userinfo},
           Case{"https://example.com/v1?x=1", UrlError::query_or_fragment},
           Case{"https://example.com/v1#frag", UrlError::query_or_fragment},
           Case{"https:///v1", UrlError::missing_host},
           Case{"https://", UrlError::missing_host},
           Case{"http://[v1.fe]/", UrlError::unsupported_host},
           Case{"http://a%2Fb/", UrlError::unsupported_host},
           Case{"http://h:0/", UrlError::bad_port},
           Case{"http://h:65536/", UrlError::bad_port},
           Case{"http://h:99999999999/", UrlError::bad_port},
       }) {
    const Result<BaseUrl> r = parse_base_url(c.url);
    ASSERT_FALSE(r.ok()) << c.url;
    EXPECT_TRUE(r.error().is(c.code)) << c.url << " got " << error_label(r.error());
  }
}

TEST(NetHttpBaseUrl, Targets) {
  const Result<BaseUrl> openai = parse_base_url("https://api.openai.com/v1/");
  ASSERT_TRUE(openai.ok());
  const QueryParam model[] = {{"model", "gpt-realtime"}};
  EXPECT_EQ(openai->target("/realtime", model), "/v1/realtime?model=gpt-realtime");
  EXPECT_EQ(openai->target("realtime"), "/v1/realtime");

  const Result<BaseUrl> gemini = parse_base_url("https://generativelanguage.googleapis.com");
  ASSERT_TRUE(gemini.ok());
  const QueryParam key[] = {{"key", "a+b/c=d&e f"}};
  EXPECT_EQ(gemini->target("/ws/x", key), "/ws/x?key=a%2Bb%2Fc%3Dd%26e%20f");
  EXPECT_EQ(gemini->target(""), "/");
}

}  // namespace
}  // namespace sy::net::http
