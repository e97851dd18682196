// Runs the journal-inspect program against journals made here: what it prints for a healthy and a
// damaged journal, and its exit status and message for each kind of bad input.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "persistence/checkpoint/checkpoint_log.h"
#include "persistence/journal/journal.h"
#include "persistence/journal/mmap_store.h"

namespace sy::persist::journal {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string out;  // stdout and stderr
};

Outcome inspect(const std::string& args) {
  const char* bin = std::getenv("SWITCHYARD_BINARY_DIR");
  Outcome r;
  if (bin == nullptr) return r;
  const std::string cmd =
      std::string(bin) + "/tools/journal-inspect/journal-inspect " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

class JournalInspect : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::getenv("SWITCHYARD_BINARY_DIR") == nullptr) GTEST_SKIP() << "run through ctest";
    char pattern[] = "/tmp/sy-journal-inspect-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    auto store = MmapSegmentStore::open(dir_ + "/j", {});
    ASSERT_TRUE(store.ok());
    JournalOptions o;
    o.segment_bytes = 4096;
    o.sync = SyncPolicy::none;
    auto journal = Journal::open(**store, o);
    ASSERT_TRUE(journal.ok());
    const std::string text = "hello journal";
    for (int i = 0; i < 40; ++i) {
      ASSERT_TRUE((*journal)
                      ->append(7, i % 2 == 0 ? 0xabc : 0xdef,
                               {reinterpret_cast<const std::byte*>(text.data()), text.size()})
                      .ok());
    }
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string dir_;
};

TEST_F(JournalInspect, PrintsRecordsAndPerKeySummaries) {
  const Outcome r = inspect("--payload 5 " + dir_ + "/j");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("40 records"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0x0000000000000abc         20"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0x0000000000000def         20"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("68656c6c6f"), std::string::npos) << r.out;  // "hello"
  EXPECT_EQ(r.out.find("DROPPED"), std::string::npos);

  const Outcome one_key = inspect("--key 0xabc --no-summary " + dir_ + "/j");
  EXPECT_EQ(one_key.status, 0);
  EXPECT_EQ(one_key.out.find("0x0000000000000def"), std::string::npos) << one_key.out;
}

TEST_F(JournalInspect, ReportsDamageWithExitStatusOne) {
  const std::string seg = dir_ + "/j/0000000000000001.journal";
  std::fstream f(seg, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(kSegmentHeaderSize + kRecordHeaderSize + 2));
  f.put('X');
  f.close();
  const Outcome r = inspect(dir_ + "/j");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("DROPPED segment 1 offset 64"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("checksum mismatch"), std::string::npos) << r.out;
}

TEST_F(JournalInspect, ExplainsBadInput) {
  Outcome r = inspect(dir_ + "/missing");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("No such file or directory"), std::string::npos) << r.out;

  fs::create_directory(dir_ + "/empty");
  r = inspect(dir_ + "/empty");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("holds no journal segments"), std::string::npos) << r.out;

  std::ofstream(dir_ + "/notes.txt") << std::string(100, 'n');
  r = inspect(dir_ + "/notes.txt");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("not a journal segment"), std::string::npos) << r.out;

  std::ofstream(dir_ + "/short.journal") << "SYJ";
  r = inspect(dir_ + "/short.journal");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("shorter than a segment header"), std::string::npos) << r.out;

  r = inspect("");
  EXPECT_EQ(r.status, 2);
  r = inspect("--bogus " + dir_);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("--help"), std::string::npos) << r.out;

  r = inspect("--key zzz " + dir_ + "/j");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("not a number"), std::string::npos) << r.out;
}

TEST_F(JournalInspect, PrintsCheckpointRecordsAsTextAndTheSessionsTheyHold) {
  namespace cp = sy::persist::checkpoint;
  namespace conv = sy::codec::conversation;
  {
    auto store = MmapSegmentStore::open(dir_ + "/c", {});
    ASSERT_TRUE(store.ok());
    JournalOptions o;
    o.segment_bytes = 64 << 10;
    o.sync = SyncPolicy::none;
    std::vector<cp::RecoveredSession> none;
    cp::RecoveryStats stats;
    auto log = cp::CheckpointLog::open(**store, o, cp::LogOptions{}, none, stats);
    ASSERT_TRUE(log.ok());
    conv::Identity id{"acme", "sess-inspect", conv::Dialect::gemini, false, "openai", "m"};
    const std::uint64_t key = cp::session_key(id.account, id.session_id);
    ASSERT_TRUE((*log)->append(key, conv::SetIdentity{&id}, 1'700'000'000'000).ok());
    conv::ItemView item;
    item.id = "i1";
    item.text = "Hello there";
    ASSERT_TRUE((*log)->append(key, conv::PutItem{item, std::nullopt}, 1'700'000'001'000).ok());
  }
  const Outcome r = inspect(dir_ + "/c");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("delta"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"k\":\"put_item\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sess-inspect"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2023-11-14T22:13:21Z"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 resumable session(s)"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace sy::persist::journal
