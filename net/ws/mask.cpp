#include "net/ws/mask.h"

#include <cstring>

namespace sy::net::ws {
namespace {

// GCC vectors: with the avx2 clone a V32 is one register, otherwise two SSE2 (or NEON) registers.
// Loads and stores go through memcpy so no pointer needs alignment.
using V32 = std::uint8_t __attribute__((vector_size(32)));

// Every 32-byte block starts at the same key phase, so one pattern serves the whole run. Within an
// iteration every load precedes every store and dst <= src, so stores never clobber unread input:
// that is what makes forward overlapping moves safe.
__attribute__((target_clones("avx2", "default"))) void xor_blocks(
    std::uint8_t* dst, const std::uint8_t* src, std::size_t n,
    const std::uint8_t* pattern) noexcept {
  V32 pat;
  std::memcpy(&pat, pattern, 32);
  std::size_t i = 0;
  for (; i + 128 <= n; i += 128) {
    V32 a, b, c, d;
    std::memcpy(&a, src + i, 32);
    std::memcpy(&b, src + i + 32, 32);
    std::memcpy(&c, src + i + 64, 32);
    std::memcpy(&d, src + i + 96, 32);
    a ^= pat;
    b ^= pat;
    c ^= pat;
    d ^= pat;
    std::memcpy(dst + i, &a, 32);
    std::memcpy(dst + i + 32, &b, 32);
    std::memcpy(dst + i + 64, &c, 32);
    std::memcpy(dst + i + 96, &d, 32);
  }
  for (; i + 32 <= n; i += 32) {
    V32 a;
    std::memcpy(&a, src + i, 32);
    a ^= pat;
    std::memcpy(dst + i, &a, 32);
  }
  // Fewer than 32 bytes left: through a stack block so it stays one vector operation.
  if (i < n) {
    std::uint8_t tmp[32] = {};
    std::memcpy(tmp, src + i, n - i);
    V32 a;
    std::memcpy(&a, tmp, 32);
    a ^= pat;
    std::memcpy(tmp, &a, 32);
    std::memmove(dst + i, tmp, n - i);
  }
}

}  // namespace

void unmask_move(std::uint8_t* dst, const std::uint8_t* src, std::size_t n, std::uint32_t key,
                 std::size_t phase) noexcept {
  if (n == 0) return;
  // Rotate the key so that byte 0 of the pattern is key byte `phase`, then repeat it 8 times.
  std::uint8_t k[8];
  std::memcpy(k, &key, 4);
  std::memcpy(k + 4, &key, 4);
  std::uint32_t rotated;
  std::memcpy(&rotated, k + (phase & 3), 4);
  alignas(32) std::uint32_t pattern[8];
  for (auto& p : pattern) p = rotated;
  if (n <= 8) {
    // Control frames and tiny payloads: one word through a stack copy, no call.
    std::uint64_t word = 0, pat;
    std::memcpy(&pat, pattern, 8);
    std::memcpy(&word, src, n);
    word ^= pat;
    std::memcpy(dst, &word, n);
    return;
  }
  xor_blocks(dst, src, n, reinterpret_cast<const std::uint8_t*>(pattern));
}

void apply_mask(std::span<std::uint8_t> data, std::uint32_t key, std::size_t phase) noexcept {
  unmask_move(data.data(), data.data(), data.size(), key, phase);
}

}  // namespace sy::net::ws
