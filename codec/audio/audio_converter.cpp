#include "codec/audio/audio_converter.h"

#include <bit>
#include <cstring>
#include <utility>

#include "codec/audio/audio_error.h"
#include "codec/audio/g711.h"

namespace sy::codec::audio {
namespace {

// PCM16 on both wires is little-endian; samples are used in place, so the host must match.
static_assert(std::endian::native == std::endian::little, "PCM16 handling assumes little-endian");

// Grows `v` to at least `n` elements; never shrinks, so a warm buffer is not touched.
template <class T>
T* reserve_front(std::vector<T>& v, std::size_t n) {
  if (v.size() < n) v.resize(n);
  return v.data();
}

std::span<const std::uint8_t> as_bytes_view(const std::int16_t* p, std::size_t samples) {
  return {reinterpret_cast<const std::uint8_t*>(p), samples * 2};
}

}  // namespace

Result<AudioConverter> AudioConverter::create(AudioFormat from, AudioFormat to) noexcept {
  if (!is_supported_rate(from.rate) || !is_supported_rate(to.rate)) {
    return make_error(AudioErrc::kBadRate, "unsupported audio rate");
  }
  std::optional<Resampler> resampler;
  if (from.rate != to.rate) {
    auto r = Resampler::create(from.rate, to.rate);
    if (!r) return r.error();
    resampler.emplace(std::move(*r));
  }
  return AudioConverter(from, to, std::move(resampler));
}

AudioConverter::AudioConverter(AudioFormat from, AudioFormat to,
                               std::optional<Resampler> resampler) noexcept
    : from_(from), to_(to), resampler_(std::move(resampler)) {}

Result<std::span<const std::uint8_t>> AudioConverter::convert(std::span<const std::uint8_t> in) {
  std::size_t samples = 0;
  switch (from_.encoding) {
    case AudioEncoding::kPcm16:
      if (in.size() % 2 != 0) {
        return make_error(AudioErrc::kOddPcmBytes, "PCM16 audio has an odd number of bytes",
                          static_cast<std::uint32_t>(in.size()));
      }
      samples = in.size() / 2;
      // Copied rather than reinterpreted: `in` may sit at any address.
      if (samples != 0) std::memcpy(reserve_front(pcm_in_, samples), in.data(), in.size());
      break;
    case AudioEncoding::kG711Ulaw:
      samples = ulaw_decode(in, {reserve_front(pcm_in_, in.size()), in.size()});
      break;
    case AudioEncoding::kG711Alaw:
      samples = alaw_decode(in, {reserve_front(pcm_in_, in.size()), in.size()});
      break;
  }
  return finish(samples);
}

Status AudioConverter::convert_base64(std::string_view in, std::string& out,
                                      Base64Padding padding) {
  const std::size_t max_bytes = base64_decoded_size(in);
  std::uint8_t* dst = nullptr;
  std::size_t bytes = 0;
  if (from_.encoding == AudioEncoding::kPcm16) {
    // Decode straight into the sample buffer (byte access to int16 objects is allowed).
    dst = reinterpret_cast<std::uint8_t*>(reserve_front(pcm_in_, (max_bytes + 1) / 2));
  } else {
    dst = reserve_front(codes_, max_bytes);
  }
  auto decoded = base64_decode(in, {dst, max_bytes}, padding);
  if (!decoded) return decoded.error();
  bytes = *decoded;
  std::size_t samples = 0;
  switch (from_.encoding) {
    case AudioEncoding::kPcm16:
      if (bytes % 2 != 0) {
        return make_error(AudioErrc::kOddPcmBytes, "PCM16 audio has an odd number of bytes",
                          static_cast<std::uint32_t>(bytes));
      }
      samples = bytes / 2;
      break;
    case AudioEncoding::kG711Ulaw:
      samples = ulaw_decode({dst, bytes}, {reserve_front(pcm_in_, bytes), bytes});
      break;
    case AudioEncoding::kG711Alaw:
      samples = alaw_decode({dst, bytes}, {reserve_front(pcm_in_, bytes), bytes});
      break;
  }
  auto converted = finish(samples);
  if (!converted) return converted.error();
  base64_encode_append(*converted, out);
  return {};
}

Result<std::span<const std::uint8_t>> AudioConverter::finish(std::size_t samples) {
  const std::span<const std::int16_t> pcm{pcm_in_.data(), samples};
  if (!resampler_) return encode(pcm);
  const std::size_t cap = resampler_->max_output(samples);
  auto produced = resampler_->process(pcm, {reserve_front(pcm_out_, cap), cap});
  if (!produced) return produced.error();
  return encode({pcm_out_.data(), *produced});
}

std::span<const std::uint8_t> AudioConverter::encode(std::span<const std::int16_t> pcm) {
  switch (to_.encoding) {
    case AudioEncoding::kPcm16:
      return as_bytes_view(pcm.data(), pcm.size());
    case AudioEncoding::kG711Ulaw: {
      std::uint8_t* dst = reserve_front(codes_, pcm.size());
      return {dst, ulaw_encode(pcm, {dst, pcm.size()})};
    }
    case AudioEncoding::kG711Alaw: {
      std::uint8_t* dst = reserve_front(codes_, pcm.size());
      return {dst, alaw_encode(pcm, {dst, pcm.size()})};
    }
  }
  return {};
}

Result<std::span<const std::uint8_t>> AudioConverter::flush() {
  if (!resampler_) return std::span<const std::uint8_t>{};
  const std::size_t cap = resampler_->max_flush_output();
  auto produced = resampler_->flush({reserve_front(pcm_out_, cap), cap});
  if (!produced) return produced.error();
  return encode({pcm_out_.data(), *produced});
}

Status AudioConverter::flush_base64(std::string& out) {
  auto tail = flush();
  if (!tail) return tail.error();
  base64_encode_append(*tail, out);
  return {};
}

void AudioConverter::reset() noexcept {
  if (resampler_) resampler_->reset();
}

double AudioConverter::delay_ms() const noexcept {
  return resampler_ ? resampler_->delay_ms() : 0.0;
}

}  // namespace sy::codec::audio
