#include "codec/translate/owned_config.h"

namespace sy::codec::translate {

namespace {

// What a Gemini setup can say about turn detection: automatic or not, padding and silence.
// Members the update leaves out, or that the setup never carried, are not changes.
bool turn_detection_changes(const events::TurnDetection& u,
                            const std::optional<events::TurnDetection>& c) {
  auto manual = [](events::TurnDetectionMode m) { return m == events::TurnDetectionMode::manual; };
  bool current_manual = c && manual(c->mode);
  if (manual(u.mode) != current_manual) return true;
  if (!c) return false;
  auto differs = [](const std::optional<std::uint32_t>& a, const std::optional<std::uint32_t>& b) {
    return a && b && *a != *b;
  };
  return differs(u.prefix_padding_ms, c->prefix_padding_ms) ||
         differs(u.silence_duration_ms, c->silence_duration_ms) ||
         (u.interrupt_response && *u.interrupt_response != c->interrupt_response.value_or(true));
}

}  // namespace

std::string_view OwnedConfig::keep(std::string_view s) {
  if (s.empty()) return {};
  return text_.emplace_back(s);
}

void OwnedConfig::apply(const events::SessionConfig& u) {
  // Text of replaced members stays in text_ until the object dies; updates are rare and small.
  if (u.model) config_.model = keep(*u.model);
  if (u.instructions) config_.instructions = keep(*u.instructions);
  if (u.voice) config_.voice = keep(*u.voice);
  if (u.modalities) config_.modalities = u.modalities;
  if (u.input_format) config_.input_format = u.input_format;
  if (u.output_format) config_.output_format = u.output_format;
  if (u.turn_detection) {
    events::TurnDetection td = *u.turn_detection;
    td.eagerness = keep(td.eagerness);
    config_.turn_detection = td;
  }
  if (u.transcription) {
    events::Transcription tr = *u.transcription;
    tr.model = keep(tr.model);
    tr.language = keep(tr.language);
    tr.prompt = keep(tr.prompt);
    config_.transcription = tr;
  }
  if (u.output_transcription) config_.output_transcription = u.output_transcription;
  if (u.noise_reduction) config_.noise_reduction = keep(*u.noise_reduction);
  if (u.tools) {
    tools_.clear();
    for (const events::Tool& t : *u.tools) {
      tools_.push_back({keep(t.name), keep(t.description), keep(t.parameters_json)});
    }
    config_.tools = std::span<const events::Tool>(tools_);
  }
  if (u.tool_choice) config_.tool_choice = keep(*u.tool_choice);
  if (u.temperature) config_.temperature = u.temperature;
  if (u.max_output_tokens) config_.max_output_tokens = u.max_output_tokens;
  if (u.speed) config_.speed = u.speed;
}

std::string_view OwnedConfig::setup_change(const events::SessionConfig& u) const {
  const events::SessionConfig& c = config_;
  if (u.instructions && u.instructions != c.instructions.value_or("")) {
    return "session.instructions";
  }
  if (u.voice && u.voice != c.voice) return "session.voice";
  if (u.modalities && u.modalities != c.modalities) return "session.output_modalities";
  if (u.turn_detection && turn_detection_changes(*u.turn_detection, c.turn_detection)) {
    return "session.audio.input.turn_detection";
  }
  bool transcribing = c.transcription && c.transcription->enabled;
  if (u.transcription && u.transcription->enabled != transcribing) {
    return "session.audio.input.transcription";
  }
  if (u.tools) {
    std::span<const events::Tool> now = c.tools.value_or(std::span<const events::Tool>{});
    bool same = now.size() == u.tools->size();
    for (std::size_t i = 0; same && i < now.size(); ++i) same = now[i] == (*u.tools)[i];
    if (!same) return "session.tools";
  }
  if (u.temperature && u.temperature != c.temperature) return "session.temperature";
  if (u.max_output_tokens && u.max_output_tokens != c.max_output_tokens) {
    return "session.max_output_tokens";
  }
  return {};
}

}  // namespace sy::codec::translate
