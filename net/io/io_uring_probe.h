// Start-up check that the kernel lets this process use io_uring (containers and seccomp profiles
// often forbid it), with the features the io_uring backend relies on.
#pragma once

#include <string>

namespace sy::net {

struct IoUringProbe {
  bool usable = false;
  std::string detail;  // why not, or the kernel features seen
};

// Always succeeds in the epoll build (reports "epoll backend").
[[nodiscard]] IoUringProbe probe_io_uring();

[[nodiscard]] constexpr const char* io_backend_name() noexcept {
#if SWITCHYARD_IO_URING
  return "io_uring";
#else
  return "epoll";
#endif
}

}  // namespace sy::net
