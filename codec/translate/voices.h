// The voice table between the two protocols, used in both directions. Each OpenAI voice has one
// Gemini voice of similar character and the reverse holds for those ten:
//
//   alloy  <-> Zephyr      ash   <-> Charon     ballad <-> Orus      coral <-> Aoede
//   echo   <-> Puck        sage  <-> Kore       shimmer <-> Leda     verse <-> Fenrir
//   marin  <-> Despina     cedar <-> Enceladus
//
// A name that already belongs to the target protocol passes unchanged (matched without regard to
// case, returned in its canonical spelling). Anything else maps to the target's default voice:
// Gemini's "Puck", OpenAI's "alloy", since either service would refuse an unknown name.
#pragma once

#include <string_view>

namespace sy::codec::translate {

[[nodiscard]] std::string_view gemini_voice_for(std::string_view openai_voice) noexcept;
[[nodiscard]] std::string_view openai_voice_for(std::string_view gemini_voice) noexcept;

}  // namespace sy::codec::translate
