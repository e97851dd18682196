#include "codec/audio/audio_format.h"

#include <charconv>

#include "codec/audio/audio_error.h"

namespace sy::codec::audio {
namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;  // `b` is always a lower-case literal
  }
  return true;
}

bool is_blank(char c) noexcept {
  return c == ' ' || c == '\t';
}

// Trims blanks and returns the offset of the first kept character through `start`.
std::string_view trim(std::string_view s, std::size_t& start) noexcept {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && is_blank(s[b])) ++b;
  while (e > b && is_blank(s[e - 1])) --e;
  start += b;
  return s.substr(b, e - b);
}

std::uint32_t off(std::size_t v) noexcept {
  return static_cast<std::uint32_t>(v);
}

}  // namespace

Result<AudioFormat> parse_mime_audio_format(std::string_view mime, int default_rate) noexcept {
  std::size_t semi = mime.find(';');
  std::size_t type_at = 0;
  const std::string_view type = trim(mime.substr(0, semi), type_at);
  AudioFormat f;
  if (iequals(type, "audio/pcm")) {
    f = {AudioEncoding::kPcm16, default_rate};
  } else if (iequals(type, "audio/pcmu")) {
    f = {AudioEncoding::kG711Ulaw, 8000};
  } else if (iequals(type, "audio/pcma")) {
    f = {AudioEncoding::kG711Alaw, 8000};
  } else {
    return make_error(AudioErrc::kUnsupportedFormat, "unsupported audio mime type", off(type_at));
  }
  while (semi != std::string_view::npos) {
    const std::size_t start = semi + 1;
    semi = mime.find(';', start);
    const std::string_view param =
        mime.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start);
    const std::size_t eq = param.find('=');
    std::size_t name_at = start;
    const std::string_view name = trim(param.substr(0, eq), name_at);
    if (!iequals(name, "rate")) continue;  // e.g. a charset or channels hint: not ours to judge
    if (eq == std::string_view::npos)
      return make_error(AudioErrc::kBadRate, "mime rate without a value", off(name_at));
    std::size_t value_at = start + eq + 1;
    const std::string_view value = trim(param.substr(eq + 1), value_at);
    int rate = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), rate);
    if (ec != std::errc{} || end != value.data() + value.size() || value.empty()) {
      return make_error(AudioErrc::kBadRate, "mime rate is not a number", off(value_at));
    }
    if (f.encoding != AudioEncoding::kPcm16 && rate != 8000) {
      return make_error(AudioErrc::kBadRate, "G.711 audio must be 8000 Hz", off(value_at));
    }
    f.rate = rate;
    if (!is_supported_rate(rate))
      return make_error(AudioErrc::kBadRate, "unsupported audio rate", off(value_at));
  }
  if (!is_supported_rate(f.rate))
    return make_error(AudioErrc::kBadRate, "unsupported audio rate", off(type_at));
  return f;
}

Result<AudioFormat> parse_openai_format_name(std::string_view name) noexcept {
  if (name == "pcm16") return kOpenAiPcm16;
  if (name == "g711_ulaw") return kOpenAiUlaw;
  if (name == "g711_alaw") return kOpenAiAlaw;
  return make_error(AudioErrc::kUnsupportedFormat,
                    "audio format must be pcm16, g711_ulaw or g711_alaw");
}

Result<AudioFormat> parse_openai_ga_format(std::string_view type,
                                           std::optional<int> rate) noexcept {
  AudioFormat f;
  if (type == "audio/pcm") {
    f = {AudioEncoding::kPcm16, rate.value_or(24000)};
    if (!is_supported_rate(f.rate))
      return make_error(AudioErrc::kBadRate, "unsupported audio rate");
    return f;
  }
  if (type == "audio/pcmu") {
    f = kOpenAiUlaw;
  } else if (type == "audio/pcma") {
    f = kOpenAiAlaw;
  } else {
    return make_error(AudioErrc::kUnsupportedFormat,
                      "audio format type must be audio/pcm, audio/pcmu or audio/pcma");
  }
  if (rate && *rate != 8000) return make_error(AudioErrc::kBadRate, "G.711 audio must be 8000 Hz");
  return f;
}

std::string_view format_mime(AudioFormat format, char* buf) noexcept {
  if (format.encoding != AudioEncoding::kPcm16) return openai_ga_format_type(format);
  constexpr std::string_view kPrefix = "audio/pcm;rate=";
  kPrefix.copy(buf, kPrefix.size());
  const auto res = std::to_chars(buf + kPrefix.size(), buf + kMimeBufferSize, format.rate);
  return {buf, static_cast<std::size_t>(res.ptr - buf)};
}

std::string_view openai_format_name(AudioFormat format) noexcept {
  switch (format.encoding) {
    case AudioEncoding::kG711Ulaw:
      return "g711_ulaw";
    case AudioEncoding::kG711Alaw:
      return "g711_alaw";
    case AudioEncoding::kPcm16:
      break;
  }
  return "pcm16";
}

std::string_view openai_ga_format_type(AudioFormat format) noexcept {
  switch (format.encoding) {
    case AudioEncoding::kG711Ulaw:
      return "audio/pcmu";
    case AudioEncoding::kG711Alaw:
      return "audio/pcma";
    case AudioEncoding::kPcm16:
      break;
  }
  return "audio/pcm";
}

}  // namespace sy::codec::audio
