#include "providers/sim/vad.h"

#include <algorithm>
#include <cmath>

namespace sy::providers::sim {

namespace {
constexpr std::uint32_t kFrameMs = 10;
}

void EnergyVad::configure(const VadParams& params, std::uint32_t sample_rate) {
  params_ = params;
  params_.threshold = std::clamp(params.threshold, 0.0, 1.0);
  if (sample_rate != rate_) {
    // A new rate starts a new frame; what was fed keeps its place on the timeline.
    rate_ = sample_rate == 0 ? 24000 : sample_rate;
    in_frame_ = 0;
    energy_ = 0;
  }
  frame_samples_ = std::max<std::uint32_t>(1, rate_ * kFrameMs / 1000);
  double dbfs = -60.0 + 50.0 * params_.threshold;
  double rms = 32768.0 * std::pow(10.0, dbfs / 20.0);
  level_ = rms * rms;
}

void EnergyVad::reset() noexcept {
  speaking_ = false;
  silent_ms_ = 0;
}

std::uint64_t EnergyVad::position_ms() const noexcept {
  return frames_ * kFrameMs + static_cast<std::uint64_t>(in_frame_) * 1000 / rate_;
}

bool EnergyVad::end_frame(VadEvent& e) {
  bool speech = energy_ / frame_samples_ > level_;
  std::uint64_t start_ms = frames_ * kFrameMs;
  ++frames_;
  in_frame_ = 0;
  energy_ = 0;
  if (!speaking_) {
    if (!speech) return false;
    speaking_ = true;
    silent_ms_ = 0;
    e.kind = VadEvent::Kind::started;
    e.at_ms = start_ms > params_.prefix_padding_ms ? start_ms - params_.prefix_padding_ms : 0;
    return true;
  }
  if (speech) {
    silent_ms_ = 0;
    return false;
  }
  silent_ms_ += kFrameMs;
  if (silent_ms_ < params_.silence_duration_ms) return false;
  speaking_ = false;
  silent_ms_ = 0;
  e.kind = VadEvent::Kind::stopped;
  e.at_ms = frames_ * kFrameMs;
  return true;
}

}  // namespace sy::providers::sim
