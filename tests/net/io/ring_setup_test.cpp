// The ring Asio runs on is set up through net/io/asio_impl.cpp's wrapper of io_uring_queue_init:
// a call linked like Asio's gets COOP_TASKRUN and TASKRUN_FLAG added (or, on a kernel that
// refuses them, the ring Asio asked for), and an io_context on that ring still completes work.
#include <gtest/gtest.h>
#include <liburing.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

namespace {

TEST(RingSetup, AsiosRingSetUpGetsCooperativeTaskRunning) {
  io_uring ring{};
  ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
  // Kernels since 5.19 accept the flags; this project targets 6.x, where they must be on.
  EXPECT_TRUE(ring.flags & IORING_SETUP_COOP_TASKRUN);
  EXPECT_TRUE(ring.flags & IORING_SETUP_TASKRUN_FLAG);
  // The caller's own flags are kept.
  io_uring second{};
  ASSERT_EQ(io_uring_queue_init(8, &second, IORING_SETUP_CLAMP), 0);
  EXPECT_TRUE(second.flags & IORING_SETUP_CLAMP);
  EXPECT_TRUE(second.flags & IORING_SETUP_COOP_TASKRUN);
  io_uring_queue_exit(&second);
  io_uring_queue_exit(&ring);
}

TEST(RingSetup, IoContextCompletesTimersAndPostsOnThatRing) {
  boost::asio::io_context io(1);
  int done = 0;
  boost::asio::steady_timer t(io, std::chrono::milliseconds(5));
  t.async_wait([&](const boost::system::error_code& ec) { done += ec ? 0 : 1; });
  boost::asio::post(io, [&] { done += 10; });
  io.run();
  EXPECT_EQ(done, 11);
}

}  // namespace
