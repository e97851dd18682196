#include "codec/audio/resampler.h"

#include <soxr.h>

#include <utility>

#include "codec/audio/audio_error.h"
#include "codec/audio/audio_format.h"

namespace sy::codec::audio {

Result<Resampler> Resampler::create(int in_rate, int out_rate) noexcept {
  if (!is_supported_rate(in_rate) || !is_supported_rate(out_rate) || in_rate == out_rate) {
    return make_error(AudioErrc::kBadRate, "unsupported resampling rates");
  }
  soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_INT16_I);
  io.flags |= SOXR_NO_DITHER;
  const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_LQ, SOXR_LINEAR_PHASE);
  soxr_runtime_spec_t runtime = soxr_runtime_spec(1);  // one thread: shards own their cores
  runtime.log2_min_dft_size = 8;                       // smallest blocks: lowest latency
  soxr_error_t err = nullptr;
  soxr_t handle = soxr_create(in_rate, out_rate, 1, &err, &io, &quality, &runtime);
  if (err != nullptr || handle == nullptr) {
    soxr_delete(handle);
    return make_error(AudioErrc::kResamplerFailure, "libsoxr could not create a resampler");
  }
  return Resampler(handle, in_rate, out_rate);
}

Resampler::Resampler(soxr* handle, int in_rate, int out_rate) noexcept
    : soxr_(handle), in_rate_(in_rate), out_rate_(out_rate) {}

Resampler::Resampler(Resampler&& other) noexcept
    : soxr_(std::exchange(other.soxr_, nullptr)),
      in_rate_(other.in_rate_),
      out_rate_(other.out_rate_),
      in_total_(other.in_total_),
      out_total_(other.out_total_) {}

Resampler& Resampler::operator=(Resampler&& other) noexcept {
  if (this != &other) {
    soxr_delete(soxr_);
    soxr_ = std::exchange(other.soxr_, nullptr);
    in_rate_ = other.in_rate_;
    out_rate_ = other.out_rate_;
    in_total_ = other.in_total_;
    out_total_ = other.out_total_;
  }
  return *this;
}

Resampler::~Resampler() {
  soxr_delete(soxr_);
}

std::size_t Resampler::expected_total(std::uint64_t in_total, bool round_up) const noexcept {
  const auto num = in_total * static_cast<std::uint64_t>(out_rate_);
  const auto den = static_cast<std::uint64_t>(in_rate_);
  return static_cast<std::size_t>(round_up ? (num + den - 1) / den : (num + den / 2) / den);
}

std::size_t Resampler::max_output(std::size_t in_samples) const noexcept {
  const std::size_t total = expected_total(in_total_ + in_samples, true) + 1;
  return total > out_total_ ? total - static_cast<std::size_t>(out_total_) : 1;
}

std::size_t Resampler::max_flush_output() const noexcept {
  return max_output(0);
}

Result<std::size_t> Resampler::process(std::span<const std::int16_t> in,
                                       std::span<std::int16_t> out) noexcept {
  if (out.size() < max_output(in.size())) {
    return make_error(AudioErrc::kOutputTooSmall, "resampler output buffer too small");
  }
  // A null input pointer means end of stream to libsoxr: never pass one for an empty chunk.
  if (in.empty()) return std::size_t{0};
  std::size_t consumed = 0;
  std::size_t produced = 0;
  const soxr_error_t err =
      soxr_process(soxr_, in.data(), in.size(), &consumed, out.data(), out.size(), &produced);
  if (err != nullptr) return make_error(AudioErrc::kResamplerFailure, "libsoxr failed to resample");
  in_total_ += consumed;
  out_total_ += produced;
  return produced;
}

Result<std::size_t> Resampler::flush(std::span<std::int16_t> out) noexcept {
  if (out.size() < max_flush_output()) {
    return make_error(AudioErrc::kOutputTooSmall, "resampler output buffer too small");
  }
  std::size_t written = 0;
  for (;;) {
    std::size_t produced = 0;
    const soxr_error_t err = soxr_process(soxr_, nullptr, 0, nullptr, out.data() + written,
                                          out.size() - written, &produced);
    if (err != nullptr) return make_error(AudioErrc::kResamplerFailure, "libsoxr failed to flush");
    written += produced;
    if (produced == 0 || written == out.size()) break;
  }
  reset();
  return written;
}

void Resampler::reset() noexcept {
  soxr_clear(soxr_);
  in_total_ = 0;
  out_total_ = 0;
}

double Resampler::delay_ms() const noexcept {
  return soxr_delay(soxr_) * 1000.0 / out_rate_;
}

}  // namespace sy::codec::audio
