#include <gtest/gtest.h>

#include <map>
#include <string>

#include "persistence/journal/options.h"

namespace sy::persist::journal {
namespace {

Result<JournalOptions> from(const std::map<std::string, std::string>& env) {
  return options_from_env([&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

TEST(JournalOptions, DefaultsWhenNothingIsSet) {
  auto o = from({});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->segment_bytes, kDefaultSegmentBytes);
  EXPECT_EQ(o->sync, SyncPolicy::interval);
  EXPECT_EQ(o->max_bytes, 0u);
}

TEST(JournalOptions, ReadsEveryVariable) {
  auto o = from({{"JOURNAL_SYNC", "Always"},
                 {"JOURNAL_SYNC_INTERVAL_MS", "50"},
                 {"JOURNAL_SEGMENT_BYTES", "8MiB"},
                 {"JOURNAL_MAX_BYTES", "1G"}});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->sync, SyncPolicy::always);
  EXPECT_EQ(o->sync_interval_ms, 50u);
  EXPECT_EQ(o->segment_bytes, 8u << 20);
  EXPECT_EQ(o->max_bytes, 1ull << 30);
}

TEST(JournalOptions, RejectsBadValues) {
  EXPECT_FALSE(from({{"JOURNAL_SYNC", "sometimes"}}).ok());
  EXPECT_FALSE(from({{"JOURNAL_SYNC_INTERVAL_MS", "10ms"}}).ok());
  EXPECT_FALSE(from({{"JOURNAL_SYNC_INTERVAL_MS", "0"}}).ok());
  EXPECT_FALSE(from({{"JOURNAL_SEGMENT_BYTES", "12"}}).ok());
  EXPECT_FALSE(from({{"JOURNAL_SEGMENT_BYTES", "64Q"}}).ok());
  EXPECT_FALSE(from({{"JOURNAL_MAX_BYTES", "100MiB"}}).ok());  // below two 64 MiB segments
  EXPECT_FALSE(from({{"JOURNAL_MAX_BYTES", "99999999999T"}}).ok());
  EXPECT_TRUE(from({{"JOURNAL_MAX_BYTES", "128MiB"}}).ok());
}

TEST(JournalOptions, ByteSizes) {
  EXPECT_EQ(*parse_byte_size("0"), 0u);
  EXPECT_EQ(*parse_byte_size("4096"), 4096u);
  EXPECT_EQ(*parse_byte_size("4k"), 4096u);
  EXPECT_EQ(*parse_byte_size("4KiB"), 4096u);
  EXPECT_EQ(*parse_byte_size("2gb"), 2ull << 30);
  EXPECT_FALSE(parse_byte_size("").ok());
  EXPECT_FALSE(parse_byte_size("k").ok());
  EXPECT_FALSE(parse_byte_size("-1").ok());
}

}  // namespace
}  // namespace sy::persist::journal
