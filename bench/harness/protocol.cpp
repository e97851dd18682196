#include "bench/harness/protocol.h"

#include "codec/audio/base64.h"

namespace sy::bench {

namespace {

std::string_view text(std::span<const std::uint8_t> m) {
  return {reinterpret_cast<const char*>(m.data()), m.size()};
}

bool contains(std::span<const std::uint8_t> m, std::string_view needle) {
  return text(m).find(needle) != std::string_view::npos;
}

}  // namespace

bool parse_protocol(std::string_view name, Protocol& out) {
  if (name == "raw") out = Protocol::raw;
  else if (name == "openai") out = Protocol::openai;
  else if (name == "gemini") out = Protocol::gemini;
  else return false;
  return true;
}

const char* protocol_name(Protocol p) {
  switch (p) {
    case Protocol::openai: return "openai";
    case Protocol::gemini: return "gemini";
    default: return "raw";
  }
}

unsigned default_rate(Protocol p) { return p == Protocol::gemini ? 16000 : 24000; }

std::string opening_message(Protocol p) {
  if (p != Protocol::gemini) return {};
  return R"({"setup":{"model":"models/gemini-2.0-flash-live-001",)"
         R"("generationConfig":{"responseModalities":["AUDIO"]}}})";
}

std::string audio_message(Protocol p, std::size_t pcm_bytes, unsigned rate) {
  std::string pcm(pcm_bytes & ~std::size_t{1}, '\0');
  // A 500 Hz square wave at about -12 dBFS: loud enough that a voice-activity detector hears it.
  const std::size_t half_period = rate / 1000;
  for (std::size_t i = 0; i + 1 < pcm.size(); i += 2) {
    auto s = static_cast<std::int16_t>((i / 2) % (2 * half_period) < half_period ? 8000 : -8000);
    pcm[i] = static_cast<char>(static_cast<std::uint16_t>(s) & 0xff);
    pcm[i + 1] = static_cast<char>(static_cast<std::uint16_t>(s) >> 8);
  }
  if (p == Protocol::raw) return pcm;
  std::string b64;
  codec::audio::base64_encode_append(
      {reinterpret_cast<const std::uint8_t*>(pcm.data()), pcm.size()}, b64);
  if (p == Protocol::openai) return R"({"type":"input_audio_buffer.append","audio":")" + b64 + "\"}";
  return R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=)" + std::to_string(rate) +
         R"(","data":")" + b64 + "\"}}}";
}

bool is_ready(Protocol p, std::span<const std::uint8_t> m) {
  switch (p) {
    case Protocol::openai: return contains(m, "\"session.created\"");
    case Protocol::gemini: return contains(m, "\"setupComplete\"");
    default: return true;
  }
}

bool is_answer(Protocol p, std::span<const std::uint8_t> m) {
  switch (p) {
    case Protocol::openai:
      return contains(m, "output_audio.delta") || contains(m, "response.audio.delta");
    case Protocol::gemini: return contains(m, "\"inlineData\"");
    default: return true;
  }
}

}  // namespace sy::bench
