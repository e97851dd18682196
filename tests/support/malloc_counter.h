// Counts calls to malloc/calloc/realloc in a test binary, for tests that prove a warm path does
// not touch the heap. It defines those functions over glibc's entry points, so include it in
// exactly one translation unit of a binary. Sanitizer builds bring their own allocator: there the
// counting is off (kCountsMallocs is false) and such tests skip.
#pragma once

#include <atomic>
#include <cstddef>

namespace sy::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kCountsMallocs = false;
#else
inline constexpr bool kCountsMallocs = true;
#endif

inline std::atomic<long> g_allocations{0};

// Heap allocations made by this process so far.
inline long allocations() noexcept { return g_allocations.load(std::memory_order_relaxed); }

}  // namespace sy::test

#if !defined(__SANITIZE_ADDRESS__)
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* malloc(std::size_t n) {
  sy::test::g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(n);
}
void* calloc(std::size_t n, std::size_t size) {
  sy::test::g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t n) {
  sy::test::g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, n);
}
}
#endif
