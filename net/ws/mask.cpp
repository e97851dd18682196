#include "net/ws/mask.h"

#include <cstring>

namespace sy::net::ws {
namespace {

// GCC vectors: with the avx2 clone a V32 is one register, otherwise two SSE2 (or NEON) registers.
// Loads and stores go through memcpy so no pointer needs alignment.
using V32 = std::uint8_t __attribute__((vector_size(32)));
using V16 = std::uint8_t __attribute__((vector_size(16)));

// Vector values travel by reference: returning a V32 by value from a non-AVX function would
// change the ABI between the two clones (-Wpsabi).
template <class T>
void load(T& v, const std::uint8_t* p) noexcept {
  std::memcpy(&v, p, sizeof(T));
}
template <class T>
void store(std::uint8_t* p, const T& v) noexcept {
  std::memcpy(p, &v, sizeof(T));
}

// `pattern` holds 36 bytes of the key repeated from the right phase, so pattern + (i & 3) is the
// pattern for a block starting at offset i.
//
// Overlap safety (dst <= src): each block is loaded before it is stored, and a store at dst + i
// never reaches src + i + width, so stores never clobber input still to be read. The last,
// partial block is loaded first and stored last, overlapping the previous full block with the
// same values: no scalar tail.
__attribute__((target_clones("avx2", "default"))) void xor_large(
    std::uint8_t* dst, const std::uint8_t* src, std::size_t n,
    const std::uint8_t* pattern) noexcept {
  V32 pat, last, last_pat;
  load(pat, pattern);
  load(last, src + n - 32);
  load(last_pat, pattern + ((n - 32) & 3));
  last ^= last_pat;
  std::size_t i = 0;
  for (; i + 128 <= n; i += 128) {
    V32 a, b, c, d;
    load(a, src + i);
    load(b, src + i + 32);
    load(c, src + i + 64);
    load(d, src + i + 96);
    a ^= pat;
    b ^= pat;
    c ^= pat;
    d ^= pat;
    store(dst + i, a);
    store(dst + i + 32, b);
    store(dst + i + 64, c);
    store(dst + i + 96, d);
  }
  for (; i + 32 <= n; i += 32) {
    V32 a;
    load(a, src + i);
    a ^= pat;
    store(dst + i, a);
  }
  store(dst + n - 32, last);
}

// 4 <= n < 32: two overlapping words of the widest size that fits, both loaded before storing.
template <class T>
void xor_two(std::uint8_t* dst, const std::uint8_t* src, std::size_t n,
             const std::uint8_t* pattern) noexcept {
  T head, tail, head_pat, tail_pat;
  load(head, src);
  load(tail, src + n - sizeof(T));
  load(head_pat, pattern);
  load(tail_pat, pattern + ((n - sizeof(T)) & 3));
  head ^= head_pat;
  tail ^= tail_pat;
  store(dst, head);
  store(dst + n - sizeof(T), tail);
}

}  // namespace

void unmask_move(std::uint8_t* dst, const std::uint8_t* src, std::size_t n, std::uint32_t key,
                 std::size_t phase) noexcept {
  if (n == 0) return;
  // Key bytes from `phase` on, repeated: 36 bytes so every block phase has a 32-byte window.
  std::uint8_t k[8];
  std::memcpy(k, &key, 4);
  std::memcpy(k + 4, &key, 4);
  std::uint32_t rotated;
  std::memcpy(&rotated, k + (phase & 3), 4);
  alignas(32) std::uint32_t words[9];
  for (auto& w : words) w = rotated;
  const auto* pattern = reinterpret_cast<const std::uint8_t*>(words);
  if (n >= 32) {
    xor_large(dst, src, n, pattern);
  } else if (n >= 16) {
    xor_two<V16>(dst, src, n, pattern);
  } else if (n >= 8) {
    xor_two<std::uint64_t>(dst, src, n, pattern);
  } else if (n >= 4) {
    xor_two<std::uint32_t>(dst, src, n, pattern);
  } else {
    for (std::size_t i = 0; i < n; ++i) dst[i] = src[i] ^ pattern[i];  // 1-3 bytes
  }
}

void apply_mask(std::span<std::uint8_t> data, std::uint32_t key, std::size_t phase) noexcept {
  unmask_move(data.data(), data.data(), data.size(), key, phase);
}

}  // namespace sy::net::ws
