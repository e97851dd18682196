#include "persistence/journal/mmap_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>
#include <system_error>

#include "core/base/log.h"
#include "persistence/journal/format.h"

namespace sy::persist::journal {
namespace {

Error io_error(const char* what, const std::string& path) {
  const int err = errno;
  SY_WARN("journal: %s %s: %s", what, path.c_str(), std::strerror(err));
  return make_error(StoreError::io, what);
}

class MappedSegment final : public SegmentFile {
 public:
  MappedSegment(std::uint64_t index, std::byte* base, std::size_t size, bool writable)
      : index_(index), base_(base), size_(size), writable_(writable) {}
  ~MappedSegment() override {
    if (base_ != nullptr) ::munmap(base_, size_);
  }
  MappedSegment(const MappedSegment&) = delete;
  MappedSegment& operator=(const MappedSegment&) = delete;

  std::uint64_t index() const noexcept override { return index_; }
  std::span<std::byte> bytes() noexcept override { return {base_, size_}; }
  bool writable() const noexcept override { return writable_; }

  Status sync(std::uint64_t offset, std::uint64_t size) noexcept override {
    if (size == 0 || base_ == nullptr) return {};
    // msync wants a page-aligned start; widening the range to whole pages is harmless.
    static const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t start = offset & ~(page - 1);
    const std::uint64_t end = std::min<std::uint64_t>(offset + size, size_);
    if (::msync(base_ + start, end - start, MS_SYNC) != 0) {
      SY_WARN("journal: msync of segment %" PRIu64 " failed: %s", index_, std::strerror(errno));
      return make_error(StoreError::io, "msync failed");
    }
    return {};
  }

 private:
  std::uint64_t index_;
  std::byte* base_;
  std::size_t size_;
  bool writable_;
};

// Parses "<16 hex digits>.journal"; anything else in the directory is not a segment.
bool parse_segment_name(const char* name, std::uint64_t& index) {
  const std::size_t suffix_len = std::strlen(kSegmentSuffix);
  if (std::strlen(name) != 16 + suffix_len || std::strcmp(name + 16, kSegmentSuffix) != 0) {
    return false;
  }
  std::uint64_t value = 0;
  for (int i = 0; i < 16; ++i) {
    const char c = name[i];
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else {
      return false;
    }
    value = (value << 4) | static_cast<std::uint64_t>(digit);
  }
  index = value;
  return true;
}

Result<std::byte*> map_fd(int fd, std::size_t size, bool writable, bool populate,
                          const std::string& path) {
  if (size == 0) return static_cast<std::byte*>(nullptr);
  const int prot = PROT_READ | (writable ? PROT_WRITE : 0);
  void* base = ::mmap(nullptr, size, prot, MAP_SHARED | (populate ? MAP_POPULATE : 0), fd, 0);
  if (base == MAP_FAILED) return io_error("mmap", path);
  return static_cast<std::byte*>(base);
}

}  // namespace

Result<std::unique_ptr<MmapSegmentStore>> MmapSegmentStore::open(const std::string& dir,
                                                                 MmapStoreOptions options) {
  if (dir.empty()) return make_error(StoreError::bad_argument, "empty journal directory");
  if (!options.read_only && ::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return io_error("mkdir", dir);
  }
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return io_error("open directory", dir);
  int lock_fd = -1;
  if (!options.read_only) {
    const std::string lock_path = dir + "/" + kLockFileName;
    lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd < 0) {
      Error e = io_error("open", lock_path);
      ::close(dir_fd);
      return e;
    }
    if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
      SY_WARN("journal: %s is locked by another writer", dir.c_str());
      ::close(lock_fd);
      ::close(dir_fd);
      return make_error(StoreError::locked, "journal directory locked by another writer");
    }
  }
  auto store = std::unique_ptr<MmapSegmentStore>(
      new MmapSegmentStore(dir, options, dir_fd, lock_fd));
  if (!options.read_only) {
    // A .tmp file is a segment whose creation a crash interrupted: it never became visible.
    if (DIR* d = ::fdopendir(::dup(dir_fd))) {
      std::vector<std::string> stale;
      while (dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name.size() > 4 && name.ends_with(kTempSuffix)) stale.push_back(name);
      }
      ::closedir(d);
      for (const auto& name : stale) ::unlinkat(dir_fd, name.c_str(), 0);
    }
  }
  return store;
}

MmapSegmentStore::~MmapSegmentStore() {
  discard_prepared();
  if (lock_fd_ >= 0) ::close(lock_fd_);
  if (dir_fd_ >= 0) ::close(dir_fd_);
}

std::string MmapSegmentStore::segment_path(std::uint64_t index) const {
  char name[40];
  std::snprintf(name, sizeof name, "%016" PRIx64 "%s", index, kSegmentSuffix);
  return dir_ + "/" + name;
}

Status MmapSegmentStore::sync_dir() {
  if (options_.sync_directory && ::fsync(dir_fd_) != 0) return io_error("fsync", dir_);
  return {};
}

Result<std::vector<std::uint64_t>> MmapSegmentStore::list() {
  DIR* d = ::fdopendir(::dup(dir_fd_));
  if (d == nullptr) return io_error("opendir", dir_);
  ::rewinddir(d);
  std::vector<std::uint64_t> out;
  while (dirent* e = ::readdir(d)) {
    std::uint64_t index = 0;
    if (parse_segment_name(e->d_name, index)) out.push_back(index);
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::unique_ptr<SegmentFile>> MmapSegmentStore::open(std::uint64_t index, bool writable) {
  if (writable && options_.read_only) {
    return make_error(StoreError::read_only, "store opened read-only");
  }
  const std::string path = segment_path(index);
  const int fd = ::open(path.c_str(), (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return make_error(StoreError::not_found, "no such segment");
    return io_error("open", path);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Error e = io_error("fstat", path);
    ::close(fd);
    return e;
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  // Read-only maps are scanned front to back once: fault them in ahead of the scan.
  auto base = map_fd(fd, size, writable, !writable, path);
  ::close(fd);  // the mapping keeps the file open
  if (!base) return base.error();
  if (!writable && *base != nullptr) ::madvise(*base, size, MADV_SEQUENTIAL);
  return std::unique_ptr<SegmentFile>(std::make_unique<MappedSegment>(index, *base, size, writable));
}

Result<MmapSegmentStore::Prepared> MmapSegmentStore::prepare(const std::string& tmp,
                                                             std::uint64_t capacity) const {
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("create", tmp);
  auto fail = [&](const char* what) {
    Error e = io_error(what, tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return e;
  };
  // Reserving every block now turns a full disk into an error here instead of a SIGBUS on a store
  // into the map later. posix_fallocate covers file systems without fallocate(2) by writing zeros.
  const auto len = static_cast<off_t>(capacity);
  if (::fallocate(fd, 0, 0, len) != 0) {
    if (errno != EOPNOTSUPP) return fail("fallocate");
    const int err = ::posix_fallocate(fd, 0, len);
    if (err != 0) {
      errno = err;
      return fail("posix_fallocate");
    }
  }
  auto base = map_fd(fd, capacity, true, false, tmp);
  ::close(fd);
  if (!base) {
    ::unlink(tmp.c_str());
    return base.error();
  }
  // One batched write-fault pass over the whole segment costs far less than a fault per page in
  // the append path (MAP_POPULATE would only read-fault a shared map, leaving the write faults).
  if (options_.populate_on_create) (void)::madvise(*base, capacity, MADV_POPULATE_WRITE);
  return Prepared{tmp, *base, capacity};
}

void MmapSegmentStore::start_preparing(std::uint64_t capacity) {
  const std::string tmp =
      dir_ + "/prepared-" + std::to_string(++prepared_serial_) + kSegmentSuffix + kTempSuffix;
  try {
    next_ = std::async(std::launch::async, [this, tmp, capacity] { return prepare(tmp, capacity); });
    next_capacity_ = capacity;
  } catch (const std::system_error&) {
    next_capacity_ = 0;  // no thread to spare: rolls prepare synchronously
  }
}

void MmapSegmentStore::discard_prepared() {
  if (!next_.valid()) return;
  auto prepared = next_.get();
  next_capacity_ = 0;
  if (prepared) {
    ::munmap(prepared->base, prepared->capacity);
    ::unlink(prepared->tmp_path.c_str());
  }
}

Result<std::unique_ptr<SegmentFile>> MmapSegmentStore::create(
    std::uint64_t index, std::uint64_t capacity, std::span<const std::byte> header) {
  if (options_.read_only) return make_error(StoreError::read_only, "store opened read-only");
  if (capacity < kMinSegmentBytes || capacity > kMaxSegmentBytes || header.size() > capacity) {
    return make_error(StoreError::bad_argument, "segment capacity out of range");
  }
  const std::string path = segment_path(index);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return make_error(StoreError::exists, "segment exists");

  Prepared p;
  if (next_.valid() && next_capacity_ == capacity) {
    auto ready = next_.get();  // usually done long ago; otherwise finishing it is the cheapest
    next_capacity_ = 0;
    if (ready) p = *ready;
  } else {
    discard_prepared();
  }
  if (p.base == nullptr) {
    auto made = prepare(path + kTempSuffix, capacity);
    if (!made) return made.error();
    p = *made;
  }
  auto fail = [&](const char* what) {
    Error e = io_error(what, p.tmp_path);
    ::munmap(p.base, p.capacity);
    ::unlink(p.tmp_path.c_str());
    return e;
  };
  // The header (and the allocation) must be durable before the name is, or a power loss could
  // leave a visible segment without a valid header.
  std::memcpy(p.base, header.data(), header.size());
  if (::msync(p.base, header.size(), MS_SYNC) != 0) return fail("msync header");
  if (::rename(p.tmp_path.c_str(), path.c_str()) != 0) return fail("rename");
  if (Status s = sync_dir(); !s) {
    ::munmap(p.base, p.capacity);
    return s.error();
  }
  if (options_.prepare_ahead) start_preparing(capacity);
  return std::unique_ptr<SegmentFile>(
      std::make_unique<MappedSegment>(index, p.base, capacity, true));
}

Status MmapSegmentStore::remove(std::uint64_t index) {
  if (options_.read_only) return make_error(StoreError::read_only, "store opened read-only");
  const std::string path = segment_path(index);
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return make_error(StoreError::not_found, "no such segment");
    return io_error("unlink", path);
  }
  return sync_dir();
}

Result<std::uint64_t> MmapSegmentStore::size_of(std::uint64_t index) {
  const std::string path = segment_path(index);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return make_error(StoreError::not_found, "no such segment");
    return io_error("stat", path);
  }
  return static_cast<std::uint64_t>(st.st_size);
}

}  // namespace sy::persist::journal
