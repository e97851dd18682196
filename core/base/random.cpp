#include "core/base/random.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace sy::base {

void random_bytes(void* out, std::size_t n) noexcept {
  auto* p = static_cast<unsigned char*>(out);
  while (n > 0) {
    const ssize_t got = ::getrandom(p, n, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      std::fprintf(stderr, "switchyard: getrandom failed (errno %d)\n", errno);
      std::abort();
    }
    p += got;
    n -= static_cast<std::size_t>(got);
  }
}

}  // namespace sy::base
