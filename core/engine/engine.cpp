#include "core/engine/engine.h"

#include <sched.h>

#include <thread>

#include "core/base/log.h"
#include "net/io/io_uring_probe.h"

namespace sy::core {

int Engine::default_shard_count() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
  unsigned n = std::thread::hardware_concurrency();
  return n ? static_cast<int>(n) : 1;
}

Result<std::unique_ptr<Engine>> Engine::create(int shards, bool pin) {
  static std::string detail;  // outlives the Error that points at it
  auto probe = net::probe_io_uring();
  if (!probe.usable) {
    detail = probe.detail;
    return Error{static_cast<std::uint16_t>(EngineErrc::io_backend_unusable), 0, detail.c_str()};
  }
  if (shards <= 0) shards = default_shard_count();
  std::vector<int> cpus;
  cpu_set_t set;
  if (pin && sched_getaffinity(0, sizeof set, &set) == 0) {
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &set)) cpus.push_back(c);
  }
  auto engine = std::unique_ptr<Engine>(new Engine());
  for (int i = 0; i < shards; ++i) {
    // More shards than CPUs (tests do this) leaves the extra ones unpinned.
    int cpu = (pin && i < static_cast<int>(cpus.size())) ? cpus[i] : -1;
    engine->shards_.push_back(std::make_unique<Shard>(i, cpu));
  }
  SY_INFO("engine: %d shard(s) on the %s backend (%s)", shards, net::io_backend_name(),
          probe.detail.c_str());
  return engine;
}

void Engine::start(const std::function<void(Shard&)>& init) {
  for (auto& s : shards_) s->start(init);
}

void Engine::release() noexcept {
  for (auto& s : shards_) s->release();
}

void Engine::stop() noexcept {
  for (auto& s : shards_) s->stop();
}

void Engine::finish(std::chrono::milliseconds grace) {
  release();
  auto until = std::chrono::steady_clock::now() + grace;
  for (auto& s : shards_) {
    while (!s->finished() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  for (auto& s : shards_) {
    if (!s->finished()) {
      SY_WARN("shard %d still busy after %lld ms; stopping it", s->index(),
              static_cast<long long>(grace.count()));
      s->stop();
    }
  }
  join();
}

void Engine::join() {
  for (auto& s : shards_) s->join();
}

}  // namespace sy::core
