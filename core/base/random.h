// Unpredictable bytes from the kernel (getrandom(2)): session ids, id-generator seeds and the
// seeds of WebSocket masking-key generators. One system call per request, no file descriptor
// and no std::random_device (which, constructed per session, cost a fifth of the gateway's CPU
// in connection churn).
#pragma once

#include <cstddef>
#include <cstdint>

namespace sy::base {

// Fills `out` with `n` bytes from the kernel's CSPRNG; blocks only before the pool is
// initialised at boot. Never fails short: on an unexpected error it aborts (no weak fallback).
void random_bytes(void* out, std::size_t n) noexcept;

inline std::uint64_t random_u64() noexcept {
  std::uint64_t v = 0;
  random_bytes(&v, sizeof v);
  return v;
}

}  // namespace sy::base
