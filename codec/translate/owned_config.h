// A session configuration that owns its text, built up from partial updates (OpenAI
// session.update is a patch; absent members stay as they were). events::SessionConfig holds views
// only, so a translator keeps the effective configuration here.
#pragma once

#include <list>
#include <string>
#include <string_view>
#include <vector>

#include "codec/events/session_config.h"

namespace sy::codec::translate {

class OwnedConfig {
 public:
  OwnedConfig() = default;
  OwnedConfig(const OwnedConfig&) = delete;
  OwnedConfig& operator=(const OwnedConfig&) = delete;

  [[nodiscard]] const events::SessionConfig& get() const { return config_; }
  // Applies a partial update, copying everything it points at.
  void apply(const events::SessionConfig& update);

  // The first member that `update` would change and that only a new Gemini setup can change,
  // as an OpenAI parameter path ("session.voice"); "" when there is none. Input and output audio
  // formats, transcription model/language/prompt, noise reduction and tool_choice are the
  // gateway's own business (or have no Gemini counterpart) and never need a setup.
  [[nodiscard]] std::string_view setup_change(const events::SessionConfig& update) const;

 private:
  std::string_view keep(std::string_view s);

  events::SessionConfig config_;
  std::list<std::string> text_;  // a list: views stay valid as it grows, and nothing is allocated while empty
  std::vector<events::Tool> tools_;
};

}  // namespace sy::codec::translate
