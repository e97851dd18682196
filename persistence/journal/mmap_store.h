// SegmentStore over a directory of preallocated segment files mapped with mmap(MAP_SHARED).
// A writable store takes an exclusive flock on <dir>/LOCK for its lifetime, so two writers never
// share a journal; the lock dies with the process, so a crashed writer never blocks recovery.
#pragma once

#include <future>
#include <memory>
#include <string>

#include "persistence/journal/segment_store.h"

namespace sy::persist::journal {

struct MmapStoreOptions {
  bool read_only = false;
  // Pre-fault a new segment's pages writable when it is created (MADV_POPULATE_WRITE, Linux
  // 5.14+; ignored where unsupported), moving page-cache setup from the append path to the roll.
  bool populate_on_create = true;
  // fsync the directory after creating, renaming or removing a segment so the change survives a
  // power loss. Only benchmarks and tests on throwaway directories turn it off.
  bool sync_directory = true;
  // Prepare the next segment file (fallocate, map, pre-fault) on a background thread after each
  // create(), so a roll only writes the header and renames: the page-cache work for fresh pages
  // (zeroing, dirtying; ~90% of append cost on ext4) then stays off the appending thread.
  bool prepare_ahead = true;
};

class MmapSegmentStore final : public SegmentStore {
 public:
  // Opens (a writable store creates it if missing) the journal directory `dir`.
  [[nodiscard]] static Result<std::unique_ptr<MmapSegmentStore>> open(const std::string& dir,
                                                                      MmapStoreOptions options);
  ~MmapSegmentStore() override;
  MmapSegmentStore(const MmapSegmentStore&) = delete;
  MmapSegmentStore& operator=(const MmapSegmentStore&) = delete;

  Result<std::vector<std::uint64_t>> list() override;
  Result<std::unique_ptr<SegmentFile>> open(std::uint64_t index, bool writable) override;
  Result<std::unique_ptr<SegmentFile>> create(std::uint64_t index, std::uint64_t capacity,
                                              std::span<const std::byte> header) override;
  Status remove(std::uint64_t index) override;
  Result<std::uint64_t> size_of(std::uint64_t index) override;

  [[nodiscard]] const std::string& directory() const noexcept { return dir_; }
  [[nodiscard]] std::string segment_path(std::uint64_t index) const;

 private:
  // A preallocated, mapped, pre-faulted file under a temporary name, not yet a segment.
  struct Prepared {
    std::string tmp_path;
    std::byte* base = nullptr;
    std::uint64_t capacity = 0;
  };

  MmapSegmentStore(std::string dir, MmapStoreOptions options, int dir_fd, int lock_fd)
      : dir_(std::move(dir)), options_(options), dir_fd_(dir_fd), lock_fd_(lock_fd) {}
  Status sync_dir();
  [[nodiscard]] Result<Prepared> prepare(const std::string& tmp_path, std::uint64_t capacity) const;
  void start_preparing(std::uint64_t capacity);
  void discard_prepared();

  std::string dir_;
  MmapStoreOptions options_;
  int dir_fd_ = -1;
  int lock_fd_ = -1;
  std::uint64_t prepared_serial_ = 0;
  std::uint64_t next_capacity_ = 0;  // capacity being prepared; 0: nothing in flight
  std::future<Result<Prepared>> next_;
};

}  // namespace sy::persist::journal
