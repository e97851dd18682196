// The set of shards. Start-up checks the I/O backend first so a host that forbids io_uring gets
// one clear line instead of a failure deep inside the event loop.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "core/base/result.h"
#include "core/engine/shard.h"

namespace sy::core {

enum class EngineErrc : std::uint16_t { io_backend_unusable };

class Engine {
 public:
  // shards <= 0: one per CPU this process may run on. With pin, shard i runs on the i-th allowed CPU.
  static Result<std::unique_ptr<Engine>> create(int shards, bool pin = true);

  [[nodiscard]] std::size_t size() const noexcept { return shards_.size(); }
  Shard& shard(std::size_t i) noexcept { return *shards_[i]; }
  auto begin() noexcept { return shards_.begin(); }
  auto end() noexcept { return shards_.end(); }

  // Starts every shard thread; init runs first on each shard's own loop.
  void start(const std::function<void(Shard&)>& init);
  // Lets each loop finish once its work is done (graceful); stop() ends the loops at once.
  void release() noexcept;
  void stop() noexcept;
  void join();
  // Ordered end: let every loop run out of work (operations cancelled by closing sockets complete
  // first, so nothing is destroyed while still queued), stop whatever is still busy after the
  // grace period, then join.
  void finish(std::chrono::milliseconds grace);

  static int default_shard_count();

 private:
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace sy::core
