#include "persistence/journal/memory_store.h"

#include <cstring>

namespace sy::persist::journal {
namespace {

class MemorySegmentFile final : public SegmentFile {
 public:
  MemorySegmentFile(std::uint64_t index, std::shared_ptr<MemorySegmentStore::Image> image,
                    bool writable, std::shared_ptr<std::uint64_t> syncs)
      : index_(index), image_(std::move(image)), writable_(writable), syncs_(std::move(syncs)) {}

  std::uint64_t index() const noexcept override { return index_; }
  std::span<std::byte> bytes() noexcept override { return {image_->data(), image_->size()}; }
  bool writable() const noexcept override { return writable_; }
  Status sync(std::uint64_t, std::uint64_t) noexcept override {
    ++*syncs_;
    return {};
  }

 private:
  std::uint64_t index_;
  std::shared_ptr<MemorySegmentStore::Image> image_;
  bool writable_;
  std::shared_ptr<std::uint64_t> syncs_;
};

}  // namespace

Result<std::vector<std::uint64_t>> MemorySegmentStore::list() {
  std::vector<std::uint64_t> out;
  out.reserve(images_.size());
  for (const auto& [index, image] : images_) out.push_back(index);
  return out;
}

Result<std::unique_ptr<SegmentFile>> MemorySegmentStore::open(std::uint64_t index,
                                                              bool writable) {
  auto it = images_.find(index);
  if (it == images_.end()) return make_error(StoreError::not_found, "no such segment");
  return std::unique_ptr<SegmentFile>(
      std::make_unique<MemorySegmentFile>(index, it->second, writable, syncs_));
}

Result<std::unique_ptr<SegmentFile>> MemorySegmentStore::create(
    std::uint64_t index, std::uint64_t capacity, std::span<const std::byte> header) {
  if (images_.count(index) != 0) return make_error(StoreError::exists, "segment exists");
  if (header.size() > capacity) return make_error(StoreError::bad_argument, "header too large");
  auto image = std::make_shared<Image>(capacity, std::byte{0});
  std::memcpy(image->data(), header.data(), header.size());
  images_[index] = image;
  return std::unique_ptr<SegmentFile>(
      std::make_unique<MemorySegmentFile>(index, std::move(image), true, syncs_));
}

Status MemorySegmentStore::remove(std::uint64_t index) {
  if (images_.erase(index) == 0) return make_error(StoreError::not_found, "no such segment");
  return {};
}

Result<std::uint64_t> MemorySegmentStore::size_of(std::uint64_t index) {
  auto it = images_.find(index);
  if (it == images_.end()) return make_error(StoreError::not_found, "no such segment");
  return static_cast<std::uint64_t>(it->second->size());
}

MemorySegmentStore::Image* MemorySegmentStore::image(std::uint64_t index) {
  auto it = images_.find(index);
  return it == images_.end() ? nullptr : it->second.get();
}

void MemorySegmentStore::put(std::uint64_t index, Image image) {
  images_[index] = std::make_shared<Image>(std::move(image));
}

}  // namespace sy::persist::journal
