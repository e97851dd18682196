// One shard = one thread pinned to one CPU, running one event loop, owning the connections and
// sessions it accepted. Shards share nothing on the data path; work for another shard is posted
// to its loop (message passing), never done under a lock.
#pragma once

#include <atomic>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <thread>

namespace sy::core {

class Shard {
 public:
  // The receive buffer every connection of the shard reads into (see net/conn/ws_connection.h):
  // large enough for a typical burst of audio frames in one read.
  static constexpr std::size_t kReceiveBufferBytes = 256u << 10;

  Shard(int index, int cpu);
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;
  ~Shard();

  [[nodiscard]] int index() const noexcept { return index_; }
  boost::asio::io_context& context() noexcept { return ctx_; }
  [[nodiscard]] std::span<std::uint8_t> receive_buffer() noexcept {
    return {rx_.get(), kReceiveBufferBytes};
  }
  // True on this shard's own thread.
  [[nodiscard]] bool is_current() const noexcept;

  // Starts the thread: pins it, then runs `init` on the loop before anything else.
  void start(std::function<void(Shard&)> init);
  // Runs fn on this shard's loop (from any thread).
  template <class Fn>
  void post(Fn&& fn) {
    boost::asio::post(ctx_, std::forward<Fn>(fn));
  }
  // Lets the loop return once it has no more work; stop() ends it at once.
  void release() noexcept { work_.reset(); }
  void stop() noexcept { ctx_.stop(); }
  void join();
  // True once the loop has returned (after release(), when it ran out of work).
  [[nodiscard]] bool finished() const noexcept { return finished_.load(std::memory_order_acquire); }

 private:
  int index_;
  int cpu_;
  // One thread per loop: the I/O backend's own locking is switched off (UNSAFE_IO); the
  // scheduler keeps its lock so other threads may post to the shard.
  boost::asio::io_context ctx_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::unique_ptr<std::uint8_t[]> rx_;
  std::thread thread_;
  std::atomic<bool> finished_{false};
};

}  // namespace sy::core
