// Energy-based voice activity detection, as a provider's server VAD behaves: audio is cut into
// 10 ms frames; a frame is speech when its RMS level exceeds a threshold; speech starts on the
// first speech frame (reported `prefix_padding_ms` earlier, as the padding is part of the turn)
// and stops once `silence_duration_ms` of consecutive non-speech frames followed it (reported at
// the end of that silence, as OpenAI's audio_end_ms includes it).
//
// The threshold is OpenAI's 0..1 knob mapped to a level: speech when the frame's RMS is above
// (-60 + 50 * threshold) dBFS, so the default 0.5 means -35 dBFS, 0 catches anything above
// -60 dBFS and 1 only frames above -10 dBFS. Positions are milliseconds of audio fed since the
// stream began, so the result depends only on the samples, never on wall-clock time.
#pragma once

#include <cstdint>
#include <span>

namespace sy::providers::sim {

struct VadParams {
  double threshold = 0.5;
  std::uint32_t prefix_padding_ms = 300;
  std::uint32_t silence_duration_ms = 500;
};

struct VadEvent {
  enum class Kind : std::uint8_t { started, stopped };
  Kind kind = Kind::started;
  std::uint64_t at_ms = 0;  // started: speech onset minus padding (>= 0); stopped: end of silence
};

class EnergyVad {
 public:
  void configure(const VadParams& params, std::uint32_t sample_rate);

  // Feeds samples; `on_event(VadEvent)` is called for each transition, in order.
  template <class F>
  void feed(std::span<const std::int16_t> samples, F&& on_event) {
    for (std::int16_t s : samples) {
      energy_ += static_cast<double>(s) * s;
      if (++in_frame_ == frame_samples_) {
        VadEvent e;
        if (end_frame(e)) on_event(e);
      }
    }
  }

  // Forgets speech in progress (the client cleared or committed its buffer); the position runs on.
  void reset() noexcept;
  [[nodiscard]] bool speaking() const noexcept { return speaking_; }
  [[nodiscard]] std::uint64_t position_ms() const noexcept;
  [[nodiscard]] const VadParams& params() const noexcept { return params_; }

 private:
  bool end_frame(VadEvent& e);

  VadParams params_;
  std::uint32_t rate_ = 24000;
  std::uint32_t frame_samples_ = 240;
  std::uint32_t in_frame_ = 0;
  double energy_ = 0;
  double level_ = 0;  // mean square that counts as speech
  std::uint64_t frames_ = 0;
  bool speaking_ = false;
  std::uint32_t silent_ms_ = 0;
};

}  // namespace sy::providers::sim
