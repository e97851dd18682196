#include "core/config/accounts.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "core/config/errc.h"

namespace sy::config {
namespace {

TEST(CoreConfigAccounts, ParsesList) {
  AccountMap m;
  ASSERT_TRUE(parse_accounts(" alice=s3cret , bob=x=y,,", m).ok());
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m["alice"], "s3cret");
  EXPECT_EQ(m["bob"], "x=y");  // a secret may contain '='
}

TEST(CoreConfigAccounts, ListErrorsNameTheEntryButNotTheSecret) {
  struct Case {
    const char* text;
    std::uint32_t entry;
    const char* message;
  } cases[] = {
      {"alice=1,bob", 2, "ACCOUNTS entry 2: expected id=secret"},
      {"=secret", 1, "ACCOUNTS entry 1: empty account id"},
      {"a:b=topsecret", 1, "ACCOUNTS entry 1: account id 'a:b' must not contain ':', ',' or whitespace"},
      {"a b=topsecret", 1, "ACCOUNTS entry 1: account id 'a b' must not contain ':', ',' or whitespace"},
      {"alice=", 1, "ACCOUNTS entry 1: account 'alice' has an empty secret"},
      {"alice=1,alice=2", 2, "ACCOUNTS entry 2: account id 'alice' appears twice"},
  };
  for (const Case& c : cases) {
    AccountMap m;
    std::string message;
    Status s = parse_accounts(c.text, m, &message);
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_TRUE(s.error().is(Errc::bad_accounts));
    EXPECT_EQ(s.error().offset, c.entry) << c.text;
    EXPECT_EQ(message, c.message);
    EXPECT_EQ(message.find("topsecret"), std::string::npos);
  }
}

TEST(CoreConfigAccounts, ParsesFileWithComments) {
  AccountMap m;
  std::string message;
  ASSERT_TRUE(parse_accounts_file("# accounts\n\nalice = one\r\n  # indented\nbob=two\n", m, &message).ok())
      << message;
  EXPECT_EQ(m.size(), 2u);
  EXPECT_EQ(m["alice"], "one");
  EXPECT_EQ(m["bob"], "two");
  Status s = parse_accounts_file("a=1\n\nno-equals-here\n", m, &message);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().offset, 3u);
  EXPECT_EQ(message, "line 3: expected id=secret");
}

TEST(CoreConfigAccounts, LoadsFileAndReportsMissingFile) {
  const std::string path = ::testing::TempDir() + "core_config_accounts_test.txt";
  { std::ofstream(path) << "carol=c\n"; }
  std::string message;
  auto loaded = load_accounts_file(path, &message);
  ASSERT_TRUE(loaded.ok()) << message;
  EXPECT_EQ(loaded->at("carol"), "c");
  { std::ofstream(path) << "carol=c\ncarol=d\n"; }
  auto dup = load_accounts_file(path, &message);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(message, "ACCOUNTS_FILE " + path + ": line 2: account id 'carol' appears twice");
  std::remove(path.c_str());
  auto missing = load_accounts_file(path, &message);
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.error().is(Errc::accounts_file));
  EXPECT_EQ(message.rfind("ACCOUNTS_FILE " + path + ": ", 0), 0u);
}

TEST(CoreConfigAccounts, Merge) {
  AccountMap a{{"alice", "1"}}, b{{"bob", "2"}}, c{{"alice", "3"}};
  auto merged = merge_accounts(a, b);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->size(), 2u);
  std::string message;
  auto clash = merge_accounts(a, c, &message);
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(message, "account id 'alice' is defined in both ACCOUNTS and ACCOUNTS_FILE");
}

TEST(CoreConfigAccounts, ValidIds) {
  EXPECT_TRUE(valid_account_id("team-1.prod_x@corp"));
  EXPECT_FALSE(valid_account_id(""));
  EXPECT_FALSE(valid_account_id("a:b"));
  EXPECT_FALSE(valid_account_id("a\tb"));
  EXPECT_FALSE(valid_account_id("a,b"));
}

}  // namespace
}  // namespace sy::config
