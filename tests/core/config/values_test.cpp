#include "core/config/values.h"

#include <gtest/gtest.h>

namespace sy::config {
namespace {

TEST(CoreConfigValues, Numbers) {
  EXPECT_EQ(*parse_uint("42", 0, 100), 42u);
  EXPECT_EQ(*parse_uint(" 7 ", 0, 100), 7u);
  EXPECT_TRUE(parse_uint("", 0, 100).error().is(Errc::bad_number));
  EXPECT_TRUE(parse_uint("abc", 0, 100).error().is(Errc::bad_number));
  EXPECT_TRUE(parse_uint("-1", 0, 100).error().is(Errc::bad_number));
  EXPECT_TRUE(parse_uint("12x", 0, 100).error().is(Errc::bad_number));
  EXPECT_TRUE(parse_uint("1.5", 0, 100).error().is(Errc::bad_number));
  EXPECT_TRUE(parse_uint("101", 0, 100).error().is(Errc::out_of_range));
  EXPECT_TRUE(parse_uint("0", 1, 100).error().is(Errc::out_of_range));
  EXPECT_TRUE(parse_uint("99999999999999999999999", 0, 100).error().is(Errc::out_of_range));
}

TEST(CoreConfigValues, Sizes) {
  constexpr std::uint64_t kMax = std::uint64_t{1} << 40;
  EXPECT_EQ(*parse_uint("16MiB", 0, kMax, true), 16u << 20);
  EXPECT_EQ(*parse_uint("16 mib", 0, kMax, true), 16u << 20);
  EXPECT_EQ(*parse_uint("256K", 0, kMax, true), 256u << 10);
  EXPECT_EQ(*parse_uint("1G", 0, kMax, true), 1u << 30);
  EXPECT_EQ(*parse_uint("1024", 0, kMax, true), 1024u);
  EXPECT_TRUE(parse_uint("16MB", 0, kMax, true).error().is(Errc::bad_number));
  EXPECT_TRUE(parse_uint("16MiB", 0, kMax, false).error().is(Errc::bad_number));
  EXPECT_TRUE(parse_uint("18446744073709551615G", 0, ~std::uint64_t{0}, true)
                  .error()
                  .is(Errc::out_of_range));
}

TEST(CoreConfigValues, BaseUrls) {
  EXPECT_EQ(*parse_base_url("https://api.openai.com/v1/"), "https://api.openai.com/v1");
  EXPECT_EQ(*parse_base_url("ws://127.0.0.1:9001"), "ws://127.0.0.1:9001");
  EXPECT_EQ(*parse_base_url("wss://[::1]:8443/x"), "wss://[::1]:8443/x");
  EXPECT_EQ(*parse_base_url("HTTP://Example.com"), "HTTP://Example.com");
  EXPECT_EQ(*parse_base_url("http://h/"), "http://h");
  const char* bad[] = {"api.openai.com",      "ftp://host",        "https://",
                       "https:///path",       "http://host:",      "http://host:0",
                       "http://host:70000",   "http://host:80x",   "http://user:pw@host",
                       "http://[::1",         "http://[]:80",      "http://ho st",
                       "unix:///tmp/sock"};
  for (const char* url : bad) {
    auto r = parse_base_url(url);
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_TRUE(r.error().is(Errc::bad_url)) << url;
  }
}

TEST(CoreConfigValues, CoreNames) {
  EXPECT_EQ(parse_core("OPENAI"), Core::openai);
  EXPECT_EQ(parse_core("Gemini"), Core::gemini);
  EXPECT_EQ(parse_core("azure"), Core::azure);
  EXPECT_EQ(parse_core("sim"), Core::sim);
  EXPECT_FALSE(parse_core("claude").has_value());
  EXPECT_EQ(core_name(Core::azure), "azure");
}

TEST(CoreConfigValues, CoreMap) {
  auto routes = parse_core_map("gemini*=gemini, gpt-*=openai ,sim*=SIM,");
  ASSERT_TRUE(routes.ok());
  ASSERT_EQ(routes->size(), 3u);
  EXPECT_EQ((*routes)[1].pattern, "gpt-*");
  EXPECT_EQ((*routes)[1].core, Core::openai);
  EXPECT_EQ((*routes)[2].core, Core::sim);
  EXPECT_TRUE(parse_core_map("gpt-*").error().is(Errc::bad_core_map));
  EXPECT_TRUE(parse_core_map("=openai").error().is(Errc::bad_core_map));
  EXPECT_TRUE(parse_core_map("gpt-*=claude").error().is(Errc::unknown_core));
  EXPECT_TRUE(parse_core_map("").ok());
}

TEST(CoreConfigValues, Glob) {
  EXPECT_TRUE(glob_match("gpt-*", "gpt-4o-realtime-preview"));
  EXPECT_TRUE(glob_match("gemini*", "gemini"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("*realtime*", "gpt-realtime-mini"));
  EXPECT_TRUE(glob_match("a*b*c", "axxbyyc"));
  EXPECT_FALSE(glob_match("a*b*c", "axxbyy"));
  EXPECT_FALSE(glob_match("gpt-*", "gemini-2.0"));
  EXPECT_FALSE(glob_match("sim", "sim-1"));
  EXPECT_TRUE(glob_match("sim", "sim"));
}

TEST(CoreConfigValues, Origins) {
  auto o = parse_origins("https://App.Example.com/, http://localhost:3000");
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(*o, (std::vector<std::string>{"https://app.example.com", "http://localhost:3000"}));
  EXPECT_TRUE(parse_origins("https://a b").error().is(Errc::bad_origin));
  EXPECT_TRUE(parse_origins(" , ")->empty());
}

TEST(CoreConfigValues, JournalSync) {
  EXPECT_EQ(*parse_journal_sync("none"), JournalSync::none);
  EXPECT_EQ(*parse_journal_sync("ALWAYS"), JournalSync::always);
  EXPECT_TRUE(parse_journal_sync("sometimes").error().is(Errc::bad_value));
}

}  // namespace
}  // namespace sy::config
