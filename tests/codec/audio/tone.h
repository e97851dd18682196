// Test signals: a sine generator and a Goertzel probe that measures the amplitude of one
// frequency, so resampling tests can check that a tone keeps its pitch and level.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

namespace sy::codec::audio::testing {

inline std::vector<std::int16_t> sine(double freq, double amplitude, int rate,
                                      std::size_t samples) {
  std::vector<std::int16_t> v(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    v[i] = static_cast<std::int16_t>(std::lround(
        amplitude * std::sin(2 * std::numbers::pi * freq * static_cast<double>(i) / rate)));
  }
  return v;
}

// Amplitude of the `freq` component of `x` (a pure sine of amplitude A gives about A when the
// window holds a whole number of periods).
inline double tone_amplitude(std::span<const std::int16_t> x, double freq, int rate) {
  const double w = 2 * std::numbers::pi * freq / rate;
  const double coeff = 2 * std::cos(w);
  double s1 = 0;
  double s2 = 0;
  for (std::int16_t v : x) {
    const double s0 = v + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return 2 * std::sqrt(std::max(power, 0.0)) / static_cast<double>(x.size());
}

}  // namespace sy::codec::audio::testing
