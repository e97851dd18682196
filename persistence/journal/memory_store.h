// SegmentStore over byte vectors. Tests write through a journal, then reach the images directly to
// flip bytes, truncate or zero them, and reopen; the fuzz target installs its input as an image.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "persistence/journal/segment_store.h"

namespace sy::persist::journal {

class MemorySegmentStore final : public SegmentStore {
 public:
  using Image = std::vector<std::byte>;

  Result<std::vector<std::uint64_t>> list() override;
  Result<std::unique_ptr<SegmentFile>> open(std::uint64_t index, bool writable) override;
  Result<std::unique_ptr<SegmentFile>> create(std::uint64_t index, std::uint64_t capacity,
                                              std::span<const std::byte> header) override;
  Status remove(std::uint64_t index) override;
  Result<std::uint64_t> size_of(std::uint64_t index) override;

  // The stored bytes of a segment (nullptr if absent). Resizing it is a truncation; a segment file
  // open at the time keeps the span it had, so damage a store only while no journal uses it.
  [[nodiscard]] Image* image(std::uint64_t index);
  void put(std::uint64_t index, Image image);
  // Number of sync() calls seen, so tests can pin a sync policy down.
  [[nodiscard]] std::uint64_t syncs() const noexcept { return *syncs_; }

 private:
  std::map<std::uint64_t, std::shared_ptr<Image>> images_;
  std::shared_ptr<std::uint64_t> syncs_ = std::make_shared<std::uint64_t>(0);
};

}  // namespace sy::persist::journal
