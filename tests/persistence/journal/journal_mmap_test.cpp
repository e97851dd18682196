// The journal on real files: preallocated mapped segments in a temporary directory, reopening
// after a process that was appending died without closing anything.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "persistence/journal/mmap_store.h"
#include "tests/persistence/journal/journal_test_util.h"

namespace sy::persist::journal {
namespace {

namespace fs = std::filesystem;
using testing::Collect;
using testing::payload_for;

class JournalMmap : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/sy-journal-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static JournalOptions options(SyncPolicy sync = SyncPolicy::none) {
    JournalOptions o;
    o.segment_bytes = 64 << 10;
    o.sync = sync;
    return o;
  }
  std::unique_ptr<MmapSegmentStore> store(bool read_only = false) {
    MmapStoreOptions so;
    so.read_only = read_only;
    auto s = MmapSegmentStore::open(dir_, so);
    EXPECT_TRUE(s.ok());
    return s ? std::move(*s) : nullptr;
  }
  std::size_t segment_files() const { return files_ending(".journal"); }
  std::size_t files_ending(const std::string& suffix) const {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir_)) n += e.path().string().ends_with(suffix);
    return n;
  }

  std::string dir_;
};

TEST_F(JournalMmap, RoundTripAcrossRollsWithPreallocatedFiles) {
  {
    auto s = store();
    auto journal = Journal::open(*s, options(SyncPolicy::interval));
    ASSERT_TRUE(journal.ok());
    for (std::uint64_t seq = 1; seq <= 400; ++seq) {
      ASSERT_TRUE((*journal)->append(2, seq % 7, payload_for(seq, 500)).ok());
    }
    EXPECT_GE((*journal)->counters().segments_created, 3u);
  }
  EXPECT_GE(segment_files(), 3u);
  EXPECT_EQ(files_ending(".tmp"), 0u);  // the segment prepared ahead is discarded on close
  for (const auto& e : fs::directory_iterator(dir_)) {
    if (e.path().extension() == ".journal") {
      EXPECT_EQ(fs::file_size(e.path()), 64u << 10);
    }
  }
  auto s = store(true);
  Collect c;
  auto read = read_journal(*s, c);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(c.drops.empty());
  ASSERT_EQ(c.records.size(), 400u);
  for (std::size_t i = 0; i < c.records.size(); ++i) {
    EXPECT_EQ(c.records[i].sequence, i + 1);
    EXPECT_EQ(c.records[i].payload, payload_for(i + 1, 500));
  }
}

TEST_F(JournalMmap, SecondWriterIsRefusedWhileTheFirstHoldsTheDirectory) {
  auto first = store();
  ASSERT_NE(first, nullptr);
  auto second = MmapSegmentStore::open(dir_, {});
  ASSERT_FALSE(second.ok());
  EXPECT_TRUE(second.error().is(StoreError::locked));
  MmapStoreOptions ro;
  ro.read_only = true;
  EXPECT_TRUE(MmapSegmentStore::open(dir_, ro).ok());
}

TEST_F(JournalMmap, TruncatedFileOnDiskIsATornTail) {
  {
    auto s = store();
    auto journal = Journal::open(*s, options());
    ASSERT_TRUE(journal.ok());
    for (std::uint64_t seq = 1; seq <= 10; ++seq) {
      ASSERT_TRUE((*journal)->append(1, 1, payload_for(seq, 200)).ok());
    }
  }
  const std::string path = dir_ + "/0000000000000001.journal";
  fs::resize_file(path, kSegmentHeaderSize + 9 * record_span(200) + 50);
  {
    auto s = store();
    Collect c;
    auto journal = Journal::open(*s, options(), &c);
    ASSERT_TRUE(journal.ok());
    EXPECT_TRUE(c.drops.empty());
    EXPECT_EQ(c.records.size(), 9u);
    auto pos = (*journal)->append(1, 1, payload_for(10, 200));
    ASSERT_TRUE(pos.ok());
    EXPECT_EQ(pos->segment, 2u);
  }
  auto s = store();
  Collect c;
  ASSERT_TRUE(Journal::open(*s, options(), &c).ok());
  EXPECT_TRUE(c.drops.empty());
  ASSERT_EQ(c.records.size(), 10u);
  EXPECT_EQ(c.records.back().payload, payload_for(10, 200));
}

// The child appends records whose payload derives from their sequence and tells the parent through
// a pipe how many it has appended; the parent then kills it mid-stream or lets it _exit.
pid_t spawn_appender(const std::string& dir, int stop_after, int report_fd) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  MmapStoreOptions so;
  so.sync_directory = false;
  auto s = MmapSegmentStore::open(dir, so);
  if (!s) ::_exit(2);
  JournalOptions o;
  o.segment_bytes = 64 << 10;
  o.sync = SyncPolicy::none;
  auto journal = Journal::open(**s, o);
  if (!journal) ::_exit(3);
  for (int i = 1; stop_after < 0 || i <= stop_after; ++i) {
    const std::uint64_t seq = (*journal)->last_sequence() + 1;
    if (!(*journal)->append(3, seq % 5, payload_for(seq, 1 + seq % 700)).ok()) ::_exit(4);
    if (i == 1000 && ::write(report_fd, &i, sizeof i) != sizeof i) ::_exit(5);
  }
  ::_exit(0);  // no destructor runs: nothing is unmapped, synced or closed by the journal
}

void expect_contiguous_and_intact(const Collect& c, std::size_t at_least) {
  EXPECT_TRUE(c.drops.empty());
  ASSERT_GE(c.records.size(), at_least);
  for (std::size_t i = 0; i < c.records.size(); ++i) {
    ASSERT_EQ(c.records[i].sequence, i + 1);
    ASSERT_EQ(c.records[i].payload, payload_for(i + 1, 1 + (i + 1) % 700));
  }
}

TEST_F(JournalMmap, RecoversEverythingAfterTheWriterExitsWithoutClosing) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = spawn_appender(dir_, 3000, fds[1]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  ::close(fds[0]);
  ::close(fds[1]);

  auto s = store();
  Collect c;
  auto journal = Journal::open(*s, options(), &c);
  ASSERT_TRUE(journal.ok());
  expect_contiguous_and_intact(c, 3000);
  EXPECT_EQ(c.records.size(), 3000u);
  EXPECT_EQ((*journal)->append(1, 1, payload_for(3001, 1 + 3001 % 700))->sequence, 3001u);
}

TEST_F(JournalMmap, RecoversAfterSigkillMidAppendAndAppendsAfterTheLastValidRecord) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = spawn_appender(dir_, -1, fds[1]);
  int appended = 0;
  ASSERT_EQ(::read(fds[0], &appended, sizeof appended), static_cast<ssize_t>(sizeof appended));
  ASSERT_EQ(::kill(pid, SIGKILL), 0);  // it is appending as fast as it can
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status));
  ::close(fds[0]);
  ::close(fds[1]);

  std::size_t recovered = 0;
  {
    auto s = store();
    Collect c;
    auto journal = Journal::open(*s, options(), &c);
    ASSERT_TRUE(journal.ok());
    expect_contiguous_and_intact(c, static_cast<std::size_t>(appended));
    EXPECT_EQ(files_ending(".tmp"), 0u);  // what the dead writer had prepared is gone
    recovered = c.records.size();
    const std::uint64_t seq = recovered + 1;
    ASSERT_TRUE((*journal)->append(3, seq % 5, payload_for(seq, 1 + seq % 700)).ok());
  }
  auto s = store();
  Collect c;
  ASSERT_TRUE(Journal::open(*s, options(), &c).ok());
  expect_contiguous_and_intact(c, recovered + 1);
  EXPECT_EQ(c.records.size(), recovered + 1);
}

TEST_F(JournalMmap, DiskBudgetKeepsTheNewestSegments) {
  JournalOptions o = options();
  o.max_bytes = 3 * o.segment_bytes;
  {
    auto s = store();
    auto journal = Journal::open(*s, o);
    ASSERT_TRUE(journal.ok());
    for (std::uint64_t seq = 1; seq <= 1000; ++seq) {
      ASSERT_TRUE((*journal)->append(1, seq, payload_for(seq, 300)).ok());
      ASSERT_LE((*journal)->disk_bytes(), o.max_bytes);
    }
    EXPECT_GT((*journal)->counters().segments_evicted, 0u);
  }
  EXPECT_LE(segment_files(), 3u);
  auto s = store();
  Collect c;
  auto journal = Journal::open(*s, o, &c);
  ASSERT_TRUE(journal.ok());
  EXPECT_TRUE(c.drops.empty());
  ASSERT_FALSE(c.records.empty());
  EXPECT_EQ(c.records.back().sequence, 1000u);
  for (std::size_t i = 1; i < c.records.size(); ++i) {
    EXPECT_EQ(c.records[i].sequence, c.records[i - 1].sequence + 1);
  }
}

}  // namespace
}  // namespace sy::persist::journal
