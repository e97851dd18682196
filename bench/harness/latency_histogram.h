// A log-linear latency histogram in the spirit of HdrHistogram: 1 µs to ~67 s with ~1.6%
// relative precision (64 linear sub-buckets per power of two), fixed memory, O(1) record.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace sy::bench {

class LatencyHistogram {
 public:
  static constexpr int kSubBits = 6;
  static constexpr int kMagnitudes = 27;  // 2^26 µs ≈ 67 s

  void record(std::uint64_t micros) noexcept {
    ++counts_[index(micros)];
    ++total_;
  }
  void merge(const LatencyHistogram& o) noexcept {
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += o.counts_[i];
    total_ += o.total_;
  }
  [[nodiscard]] std::uint64_t count() const noexcept { return total_; }
  // The value at quantile q (0..1), as the upper edge of its bucket, in microseconds.
  [[nodiscard]] double quantile(double q) const noexcept {
    if (total_ == 0) return 0;
    auto want = static_cast<std::uint64_t>(q * static_cast<double>(total_ - 1)) + 1;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= want) return upper_edge(i);
    }
    return upper_edge(counts_.size() - 1);
  }

 private:
  // Values below 64 µs have a bucket each; above, each power of two is split into 64 buckets.
  static std::size_t index(std::uint64_t v) noexcept {
    if (v < 64) return static_cast<std::size_t>(v);
    int e = std::bit_width(v) - 7;
    if (e >= kMagnitudes) return kBuckets - 1;
    std::uint64_t sub = v >> e;  // 64..127
    return 64 + static_cast<std::size_t>(e) * 64 + static_cast<std::size_t>(sub - 64);
  }
  static double upper_edge(std::size_t i) noexcept {
    if (i < 64) return static_cast<double>(i + 1);
    std::size_t e = (i - 64) / 64, sub = 64 + (i - 64) % 64;
    return static_cast<double>((sub + 1) << e);
  }
  static constexpr std::size_t kBuckets = 64 + kMagnitudes * 64;
  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t total_ = 0;
};

}  // namespace sy::bench
