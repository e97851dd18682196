#include "core/config/dotenv.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "core/config/errc.h"

namespace sy::config {
namespace {

Environment parse_ok(std::string_view text) {
  Environment env;
  std::string message;
  Status s = parse_dotenv(text, env, &message);
  EXPECT_TRUE(s.ok()) << message;
  return env;
}

TEST(CoreConfigDotenv, PlainAssignmentsCommentsAndBlankLines) {
  auto env = parse_ok(
      "# a comment\n"
      "\n"
      "PORT=9000\n"
      "   HOST = 127.0.0.1   \n"
      "\t# indented comment\n"
      "EMPTY=\n");
  EXPECT_EQ(env.size(), 3u);
  EXPECT_EQ(env["PORT"], "9000");
  EXPECT_EQ(env["HOST"], "127.0.0.1");
  EXPECT_EQ(env["EMPTY"], "");
}

TEST(CoreConfigDotenv, ExportPrefixAndColonForm) {
  auto env = parse_ok("export OPENAI_API_KEY=sk-123\nexport  A=1\nB: two\nexport=x\n");
  EXPECT_EQ(env["OPENAI_API_KEY"], "sk-123");
  EXPECT_EQ(env["A"], "1");
  EXPECT_EQ(env["B"], "two");
  EXPECT_EQ(env["export"], "x");  // a key that happens to be called export
}

TEST(CoreConfigDotenv, UnquotedValueEndsAtHash) {
  auto env = parse_ok("A=value # trailing comment\nB=abc#def\n");
  EXPECT_EQ(env["A"], "value");
  EXPECT_EQ(env["B"], "abc");  // as Node's dotenv does: quote a value that contains '#'
}

TEST(CoreConfigDotenv, Quotes) {
  auto env = parse_ok(
      "S='single # not a comment'\n"
      "D=\"double\\nline\"\n"
      "B=`back 'tick' \"quote\"`\n"
      "R='raw\\n stays'\n"
      "E=\"\"\n"
      "C=\"x\"   # comment after quotes\n"
      "P=  \"  padded  \"  \n");
  EXPECT_EQ(env["S"], "single # not a comment");
  EXPECT_EQ(env["D"], "double\nline");
  EXPECT_EQ(env["B"], "back 'tick' \"quote\"");
  EXPECT_EQ(env["R"], "raw\\n stays");
  EXPECT_EQ(env["E"], "");
  EXPECT_EQ(env["C"], "x");
  EXPECT_EQ(env["P"], "  padded  ");
}

TEST(CoreConfigDotenv, MultiLineQuotedValueAndLineCounting) {
  auto env = parse_ok("KEY=\"-----BEGIN-----\nabc\n-----END-----\"\nNEXT=1\n");
  EXPECT_EQ(env["KEY"], "-----BEGIN-----\nabc\n-----END-----");
  EXPECT_EQ(env["NEXT"], "1");
  Environment e;
  std::string message;
  Status s = parse_dotenv("A='x\ny'\nB=1\nbroken\n", e, &message);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().offset, 4u);
  EXPECT_EQ(message, "line 4: expected KEY=VALUE");
}

TEST(CoreConfigDotenv, EscapedQuoteDoesNotClose) {
  auto env = parse_ok("A=\"say \\\"hi\\\"\"\n");
  EXPECT_EQ(env["A"], "say \\\"hi\\\"");  // kept verbatim, as dotenv does
}

TEST(CoreConfigDotenv, CrLfAndLastAssignmentWins) {
  auto env = parse_ok("A=1\r\nB=2\rA=3\r\n");
  EXPECT_EQ(env["A"], "3");
  EXPECT_EQ(env["B"], "2");
}

TEST(CoreConfigDotenv, NoFinalNewline) {
  auto env = parse_ok("A=1\nB=two");
  EXPECT_EQ(env["B"], "two");
}

TEST(CoreConfigDotenv, Errors) {
  struct Case {
    const char* text;
    std::uint32_t line;
    const char* message;
  } cases[] = {
      {"JUSTAKEY\n", 1, "line 1: expected KEY=VALUE"},
      {"A=1\n=value\n", 2, "line 2: expected KEY=VALUE"},
      {"A:b\n", 1, "line 1: expected KEY=VALUE"},
      {"BAD KEY=1\n", 1, "line 1: expected KEY=VALUE"},
      {"A=\"open\nB=2\n", 1, "line 1: unterminated quoted value"},
      {"A='x' y\n", 1, "line 1: unexpected text after a quoted value"},
  };
  for (const Case& c : cases) {
    Environment env;
    std::string message;
    Status s = parse_dotenv(c.text, env, &message);
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_TRUE(s.error().is(Errc::env_file));
    EXPECT_EQ(s.error().offset, c.line) << c.text;
    EXPECT_EQ(message, c.message) << c.text;
  }
}

TEST(CoreConfigDotenv, Files) {
  const std::string path = ::testing::TempDir() + "core_config_dotenv_test.env";
  {
    std::ofstream(path) << "A=1\n";
  }
  Environment env;
  ASSERT_TRUE(read_dotenv_file(path, false, env).ok());
  EXPECT_EQ(env["A"], "1");
  std::remove(path.c_str());
  EXPECT_TRUE(read_dotenv_file(path, true, env).ok());
  std::string message;
  Status s = read_dotenv_file(path, false, env, &message);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.error().is(Errc::env_file));
  EXPECT_NE(message.find(path), std::string::npos);
}

TEST(CoreConfigDotenv, ProcessEnvironment) {
  ASSERT_EQ(setenv("SY_CORE_CONFIG_TEST_VAR", "a=b", 1), 0);
  Environment env = process_environment();
  EXPECT_EQ(env["SY_CORE_CONFIG_TEST_VAR"], "a=b");
  unsetenv("SY_CORE_CONFIG_TEST_VAR");
}

}  // namespace
}  // namespace sy::config
