// Helpers for driving a SimSession with real protocol frames and reading what it sent.
#pragma once

#include <simdjson.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "codec/audio/base64.h"
#include "providers/sim/answer.h"
#include "providers/sim/sim_session.h"

namespace sy::providers::sim::test {

using namespace std::chrono_literals;

// A parsed frame that owns its parser.
class Json {
 public:
  explicit Json(std::string_view text) : text_(text) {
    if (parser_.parse(text_).get(root_) != simdjson::SUCCESS) ok_ = false;
  }
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] simdjson::dom::element operator[](std::string_view pointer) const {
    simdjson::dom::element e;
    if (root_.at_pointer(pointer).get(e) != simdjson::SUCCESS) return {};
    return e;
  }
  [[nodiscard]] std::string str(std::string_view pointer) const {
    std::string_view s;
    simdjson::dom::element e;
    if (root_.at_pointer(pointer).get(e) != simdjson::SUCCESS) return "<absent>";
    if (e.get(s) != simdjson::SUCCESS) return "<not a string>";
    return std::string(s);
  }
  [[nodiscard]] std::int64_t num(std::string_view pointer) const {
    std::int64_t v = -1;
    simdjson::dom::element e;
    if (root_.at_pointer(pointer).get(e) == simdjson::SUCCESS) {
      double d;
      if (e.get(v) != simdjson::SUCCESS && e.get(d) == simdjson::SUCCESS) v = static_cast<std::int64_t>(d);
    }
    return v;
  }
  [[nodiscard]] double real(std::string_view pointer) const {
    double v = -1;
    simdjson::dom::element e;
    if (root_.at_pointer(pointer).get(e) == simdjson::SUCCESS) {
      std::int64_t i;
      if (e.get(v) != simdjson::SUCCESS && e.get(i) == simdjson::SUCCESS) v = static_cast<double>(i);
    }
    return v;
  }
  [[nodiscard]] bool has(std::string_view pointer) const {
    simdjson::dom::element e;
    return root_.at_pointer(pointer).get(e) == simdjson::SUCCESS;
  }
  [[nodiscard]] bool is_null(std::string_view pointer) const {
    simdjson::dom::element e;
    return root_.at_pointer(pointer).get(e) == simdjson::SUCCESS && e.is_null();
  }
  [[nodiscard]] std::size_t size(std::string_view pointer) const {
    simdjson::dom::element e;
    simdjson::dom::array a;
    if (root_.at_pointer(pointer).get(e) != simdjson::SUCCESS || e.get(a) != simdjson::SUCCESS) return 0;
    return a.size();
  }
  [[nodiscard]] const std::string& text() const { return text_; }

 private:
  std::string text_;
  simdjson::dom::parser parser_;
  simdjson::dom::element root_;
  bool ok_ = true;
};

inline std::vector<std::unique_ptr<Json>> frames(const Outbox& out) {
  std::vector<std::unique_ptr<Json>> v;
  for (std::size_t i = 0; i < out.size(); ++i) v.push_back(std::make_unique<Json>(out[i].data));
  return v;
}

// OpenAI: the `type` of every frame.
inline std::vector<std::string> types(const Outbox& out) {
  std::vector<std::string> v;
  for (std::size_t i = 0; i < out.size(); ++i) v.push_back(Json(out[i].data).str("/type"));
  return v;
}

// Gemini: a short tag per frame: the top-level member, or serverContent's member
// ("modelTurn.audio", "modelTurn.text", "outputTranscription", "turnComplete"...).
inline std::vector<std::string> tags(const Outbox& out) {
  std::vector<std::string> v;
  for (std::size_t i = 0; i < out.size(); ++i) {
    Json j(out[i].data);
    if (j.has("/serverContent/modelTurn/parts/0/inlineData")) v.push_back("modelTurn.audio");
    else if (j.has("/serverContent/modelTurn/parts/0/text")) v.push_back("modelTurn.text");
    else if (j.has("/serverContent/inputTranscription")) v.push_back("inputTranscription");
    else if (j.has("/serverContent/outputTranscription")) v.push_back("outputTranscription");
    else if (j.has("/serverContent/generationComplete")) v.push_back("generationComplete");
    else if (j.has("/serverContent/interrupted")) v.push_back("interrupted");
    else if (j.has("/serverContent/turnComplete")) v.push_back("turnComplete");
    else if (j.has("/setupComplete")) v.push_back("setupComplete");
    else if (j.has("/toolCall")) v.push_back("toolCall");
    else if (j.has("/goAway")) v.push_back("goAway");
    else if (j.has("/sessionResumptionUpdate")) v.push_back("sessionResumptionUpdate");
    else v.push_back("?" + out[i].data);
  }
  return v;
}

inline std::size_t count(const std::vector<std::string>& v, std::string_view what) {
  std::size_t n = 0;
  for (const auto& s : v) n += s == what;
  return n;
}

// `ms` of PCM16 at `rate`: a tone (speech to the VAD) or silence.
inline std::vector<std::int16_t> tone(std::uint32_t rate, std::uint32_t ms) {
  std::vector<std::int16_t> v;
  append_tone(v, rate, ms);
  return v;
}
inline std::vector<std::int16_t> silence(std::uint32_t rate, std::uint32_t ms) {
  return std::vector<std::int16_t>(static_cast<std::size_t>(rate) * ms / 1000, 0);
}

inline std::string b64(const std::vector<std::int16_t>& pcm) {
  std::string out;
  codec::audio::base64_encode_append(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(pcm.data()),
                                    pcm.size() * 2),
      out);
  return out;
}
inline std::string b64_bytes(const std::vector<std::uint8_t>& bytes) {
  std::string out;
  codec::audio::base64_encode_append(bytes, out);
  return out;
}
inline std::size_t decoded_size(std::string_view b64text) {
  return codec::audio::base64_decoded_size(b64text);
}

}  // namespace sy::providers::sim::test
