// Ids the translators synthesise where the core has none (OpenAI resp_, item_, sess_, call_):
// a prefix and 20 base-62 characters from a per-session seed and a counter, so ids look like the
// service's, differ between sessions and are reproducible in tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sy::codec::translate {

class IdGenerator {
 public:
  explicit IdGenerator(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 1) {}

  // Writes prefix + 20 characters into `out` (replacing its contents; capacity is reused).
  void next(std::string_view prefix, std::string& out) {
    static constexpr char kDigits[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    out.assign(prefix);
    std::uint64_t a = mix(++counter_ ^ state_);
    std::uint64_t b = mix(a + counter_);
    for (int i = 0; i < 10; ++i, a /= 62) out.push_back(kDigits[a % 62]);
    for (int i = 0; i < 10; ++i, b /= 62) out.push_back(kDigits[b % 62]);
  }

 private:
  static std::uint64_t mix(std::uint64_t z) {  // splitmix64's finaliser
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::uint64_t state_;
  std::uint64_t counter_ = 0;
};

}  // namespace sy::codec::translate
