#include "codec/translate/voices.h"

#include <array>
#include <utility>

namespace sy::codec::translate {

namespace {

struct Pair {
  std::string_view openai;
  std::string_view gemini;
};

constexpr std::array<Pair, 10> kTable = {{{"alloy", "Zephyr"},
                                          {"ash", "Charon"},
                                          {"ballad", "Orus"},
                                          {"coral", "Aoede"},
                                          {"echo", "Puck"},
                                          {"sage", "Kore"},
                                          {"shimmer", "Leda"},
                                          {"verse", "Fenrir"},
                                          {"marin", "Despina"},
                                          {"cedar", "Enceladus"}}};

// Gemini's prebuilt voices beyond the table (they pass through unchanged to a Gemini core).
constexpr std::array<std::string_view, 20> kOtherGemini = {
    "Callirrhoe", "Autonoe",   "Iapetus",  "Umbriel",     "Algieba",       "Erinome",
    "Algenib",    "Rasalgethi", "Laomedeia", "Achernar",   "Alnilam",       "Schedar",
    "Gacrux",     "Pulcherrima", "Achird",   "Zubenelgenubi", "Vindemiatrix", "Sadachbia",
    "Sadaltager", "Sulafat"};

bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::string_view gemini_voice_for(std::string_view openai_voice) noexcept {
  for (const Pair& p : kTable) {
    if (same_ignoring_case(openai_voice, p.openai)) return p.gemini;
  }
  for (const Pair& p : kTable) {
    if (same_ignoring_case(openai_voice, p.gemini)) return p.gemini;
  }
  for (std::string_view g : kOtherGemini) {
    if (same_ignoring_case(openai_voice, g)) return g;
  }
  return "Puck";
}

std::string_view openai_voice_for(std::string_view gemini_voice) noexcept {
  for (const Pair& p : kTable) {
    if (same_ignoring_case(gemini_voice, p.gemini)) return p.openai;
  }
  for (const Pair& p : kTable) {
    if (same_ignoring_case(gemini_voice, p.openai)) return p.openai;
  }
  return "alloy";
}

}  // namespace sy::codec::translate
