#include "net/io/io_uring_probe.h"

#include <cerrno>
#include <cstring>

#if SWITCHYARD_IO_URING
#include <liburing.h>
#endif

namespace sy::net {

IoUringProbe probe_io_uring() {
  IoUringProbe p;
#if SWITCHYARD_IO_URING
  io_uring ring{};
  int rc = io_uring_queue_init(8, &ring, 0);
  if (rc < 0) {
    p.detail = std::string("io_uring_queue_init failed: ") + std::strerror(-rc) +
               " (io_uring is disabled here, e.g. by a container's seccomp profile or "
               "kernel.io_uring_disabled; build with -DSWITCHYARD_IO_BACKEND=epoll to run without it)";
    return p;
  }
  // The backend needs POLL_ADD for readiness, ASYNC_CANCEL for teardown and TIMEOUT for timers.
  io_uring_probe* probe = io_uring_get_probe_ring(&ring);
  const int needed[] = {IORING_OP_POLL_ADD, IORING_OP_ASYNC_CANCEL, IORING_OP_TIMEOUT,
                        IORING_OP_READV, IORING_OP_WRITEV};
  bool ok = probe != nullptr;
  for (int op : needed) {
    if (ok && !io_uring_opcode_supported(probe, op)) {
      ok = false;
      p.detail = "io_uring lacks opcode " + std::to_string(op) +
                 "; build with -DSWITCHYARD_IO_BACKEND=epoll";
    }
  }
  if (probe) io_uring_free_probe(probe);
  unsigned features = ring.features;
  io_uring_queue_exit(&ring);
  if (!ok) {
    if (p.detail.empty()) p.detail = "io_uring probe unavailable; build with -DSWITCHYARD_IO_BACKEND=epoll";
    return p;
  }
  p.usable = true;
  p.detail = "io_uring features 0x" + [&] {
    char b[16];
    std::snprintf(b, sizeof b, "%x", features);
    return std::string(b);
  }();
#else
  p.usable = true;
  p.detail = "epoll backend";
#endif
  return p;
}

}  // namespace sy::net
