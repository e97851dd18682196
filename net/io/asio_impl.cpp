// Asio is compiled once, here (BOOST_ASIO_SEPARATE_COMPILATION is defined for every target), which
// keeps each coroutine-heavy translation unit from instantiating the whole I/O machinery again.
#include <boost/asio/impl/src.hpp>

#if defined(BOOST_ASIO_HAS_IO_URING)
#include <liburing.h>

// Asio sets its ring up with no flags. Every executable linking sy_net is linked with
// --wrap=io_uring_queue_init (net/io/CMakeLists.txt), so Asio's call lands here and the ring gets
// IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG: completions are posted when the shard
// thread next enters the kernel instead of by interrupting it with an IPI each time. Kernels
// older than 5.19 refuse the flags; the ring is then made as Asio asked.
extern "C" int __real_io_uring_queue_init(unsigned entries, struct io_uring* ring, unsigned flags);
extern "C" int __wrap_io_uring_queue_init(unsigned entries, struct io_uring* ring, unsigned flags) {
  const int r = __real_io_uring_queue_init(
      entries, ring, flags | IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG);
  if (r != -EINVAL) return r;
  return __real_io_uring_queue_init(entries, ring, flags);
}
#endif
