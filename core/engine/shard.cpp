#include "core/engine/shard.h"

#include <pthread.h>
#include <sched.h>

#include "core/base/log.h"

namespace sy::core {

Shard::Shard(int index, int cpu)
    : index_(index),
      cpu_(cpu),
      ctx_(BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO),
      work_(boost::asio::make_work_guard(ctx_)),
      rx_(new std::uint8_t[kReceiveBufferBytes]) {}

Shard::~Shard() {
  stop();
  join();
}

bool Shard::is_current() const noexcept { return thread_.get_id() == std::this_thread::get_id(); }

void Shard::start(std::function<void(Shard&)> init) {
  thread_ = std::thread([this, init = std::move(init)] {
    log::set_thread_shard(index_);
    if (cpu_ >= 0) {
      cpu_set_t set;
      CPU_ZERO(&set);
      CPU_SET(cpu_, &set);
      if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0)
        SY_WARN("could not pin to CPU %d; running unpinned", cpu_);
    }
    char name[16];
    std::snprintf(name, sizeof name, "sy-shard-%d", index_);
    pthread_setname_np(pthread_self(), name);
    if (init) boost::asio::post(ctx_, [this, &init] { init(*this); });
    try {
      ctx_.run();
    } catch (const std::exception& e) {
      // Handlers do not throw on the data path; reaching here is a bug worth a loud line.
      SY_ERROR("shard %d loop ended by exception: %s", index_, e.what());
    }
    finished_.store(true, std::memory_order_release);
  });
}

void Shard::join() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace sy::core
