// The storage a journal lives on: a set of numbered segments, each a fixed-size byte range the
// writer copies records into. Two implementations: MmapSegmentStore (a directory of preallocated,
// mmap'ed files) and MemorySegmentStore (byte vectors tests can damage, truncate and reopen).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/base/result.h"

namespace sy::persist::journal {

enum class StoreError : std::uint16_t {
  io = 1,           // a system call failed (errno in the log line)
  not_found,        // no segment with that index
  exists,           // create() of an index that exists
  locked,           // another writer holds the directory
  read_only,        // a write through a store opened read-only
  bad_argument,     // capacity out of range, bad directory
};

// One segment's bytes: bytes() spans what the file holds, which is its capacity unless something
// truncated it (the writer then starts a new segment rather than extend a damaged one).
class SegmentFile {
 public:
  virtual ~SegmentFile() = default;
  [[nodiscard]] virtual std::uint64_t index() const noexcept = 0;
  [[nodiscard]] virtual std::span<std::byte> bytes() noexcept = 0;
  [[nodiscard]] virtual bool writable() const noexcept = 0;
  // Makes [offset, offset+size) durable (msync MS_SYNC on a map: data plus the metadata needed
  // to read it back, as fdatasync).
  virtual Status sync(std::uint64_t offset, std::uint64_t size) noexcept = 0;
};

class SegmentStore {
 public:
  virtual ~SegmentStore() = default;
  // Indices of the complete segments, ascending. Partially created ones are not listed.
  [[nodiscard]] virtual Result<std::vector<std::uint64_t>> list() = 0;
  // Opens an existing segment; `writable` maps it for appending.
  [[nodiscard]] virtual Result<std::unique_ptr<SegmentFile>> open(std::uint64_t index,
                                                                  bool writable) = 0;
  // Creates segment `index` with `capacity` bytes reserved, `header` written at offset 0 and made
  // durable before the segment becomes visible to list().
  [[nodiscard]] virtual Result<std::unique_ptr<SegmentFile>> create(
      std::uint64_t index, std::uint64_t capacity, std::span<const std::byte> header) = 0;
  virtual Status remove(std::uint64_t index) = 0;
  // Bytes the segment occupies on disk (its file size), for the JOURNAL_MAX_BYTES budget.
  [[nodiscard]] virtual Result<std::uint64_t> size_of(std::uint64_t index) = 0;
};

}  // namespace sy::persist::journal
