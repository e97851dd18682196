#include "codec/gemini/canonical.h"

#include <cstring>

namespace sy::codec::gemini {

namespace {

void add_modality_counts(const std::optional<wire::ModalityCounts>& details, std::uint64_t& text,
                         std::uint64_t& audio) {
  if (!details) return;
  for (std::size_t i = 0; i < details->size(); ++i) {
    const wire::ModalityTokenCount& c = (*details)[i];
    if (!c.modality || !c.token_count || *c.token_count < 0) continue;
    auto n = static_cast<std::uint64_t>(*c.token_count);
    if (*c.modality == "TEXT") text += n;
    if (*c.modality == "AUDIO") audio += n;
  }
}

std::int32_t clamp_count(std::uint64_t v) {
  return v > 0x7fffffffULL ? 0x7fffffff : static_cast<std::int32_t>(v);
}

void put_modality_counts(std::optional<wire::ModalityCounts>& out, std::uint64_t text,
                         std::uint64_t audio) {
  if (text == 0 && audio == 0) return;
  out.emplace();
  if (text != 0) out->push_back({std::string_view("TEXT"), clamp_count(text)});
  if (audio != 0) out->push_back({std::string_view("AUDIO"), clamp_count(audio)});
}

}  // namespace

std::string_view content_text(const wire::Content& content, std::string& out) {
  out.clear();
  std::size_t texts = 0;
  std::string_view only;
  for (std::size_t i = 0; i < content.parts.size(); ++i) {
    const auto& text = content.parts[i].text;
    if (!text) continue;
    if (texts++ > 0) out.append("\n\n");
    out.append(*text);
    only = *text;
  }
  if (texts == 1) return only;
  return out;
}

std::string lower_schema_types(std::string_view schema) {
  std::string out(schema);
  static constexpr std::string_view kKey = "\"type\"";
  std::size_t pos = 0;
  // A quoted "type" followed by a colon can only be a key (quotes inside strings are escaped).
  while ((pos = out.find(kKey, pos)) != std::string::npos) {
    std::size_t i = pos + kKey.size();
    while (i < out.size() && (out[i] == ' ' || out[i] == '\n' || out[i] == '\t' || out[i] == '\r'))
      ++i;
    if (i < out.size() && out[i] == ':') {
      ++i;
      while (i < out.size() && (out[i] == ' ' || out[i] == '\n' || out[i] == '\t' || out[i] == '\r'))
        ++i;
      if (i < out.size() && out[i] == '"') {
        for (++i; i < out.size() && out[i] >= 'A' && out[i] <= 'Z'; ++i) {
          out[i] = static_cast<char>(out[i] - 'A' + 'a');
        }
      }
    }
    pos += kKey.size();
  }
  return out;
}

void to_config(const wire::Setup& setup, events::SessionConfig& out, ConfigStorage& storage) {
  storage.clear();
  out = events::SessionConfig{};
  if (setup.model) out.model = *setup.model;
  if (setup.system_instruction) {
    out.instructions = content_text(*setup.system_instruction, storage.instructions);
  }
  if (const auto& gc = setup.generation_config) {
    if (gc->speech_config && gc->speech_config->voice_config &&
        gc->speech_config->voice_config->prebuilt_voice_config &&
        gc->speech_config->voice_config->prebuilt_voice_config->voice_name) {
      out.voice = *gc->speech_config->voice_config->prebuilt_voice_config->voice_name;
    }
    if (gc->response_modalities) {
      events::Modalities m;
      for (std::string_view name : *gc->response_modalities) {
        if (name == "AUDIO" || name == "audio") m.audio = true;
        if (name == "TEXT" || name == "text") m.text = true;
      }
      out.modalities = m;
    }
    if (gc->temperature) out.temperature = *gc->temperature;
    if (gc->max_output_tokens && *gc->max_output_tokens > 0) {
      out.max_output_tokens =
          events::MaxTokens{false, static_cast<std::uint32_t>(*gc->max_output_tokens)};
    }
  }

  events::TurnDetection td;  // Gemini's default: automatic detection
  if (const auto& ric = setup.realtime_input_config) {
    if (const auto& aad = ric->automatic_activity_detection) {
      if (aad->disabled.value_or(false)) td.mode = events::TurnDetectionMode::manual;
      if (aad->prefix_padding_ms && *aad->prefix_padding_ms >= 0) {
        td.prefix_padding_ms = static_cast<std::uint32_t>(*aad->prefix_padding_ms);
      }
      if (aad->silence_duration_ms && *aad->silence_duration_ms >= 0) {
        td.silence_duration_ms = static_cast<std::uint32_t>(*aad->silence_duration_ms);
      }
      if (aad->start_of_speech_sensitivity == "START_SENSITIVITY_HIGH") td.threshold = 0.3;
      if (aad->start_of_speech_sensitivity == "START_SENSITIVITY_LOW") td.threshold = 0.7;
    }
    if (ric->activity_handling == "NO_INTERRUPTION") td.interrupt_response = false;
  }
  if (td.mode == events::TurnDetectionMode::manual) td = events::TurnDetection{td.mode};
  out.turn_detection = td;

  events::Transcription tr;
  tr.enabled = setup.input_audio_transcription.has_value();
  out.transcription = tr;
  out.output_transcription = setup.output_audio_transcription.has_value();

  if (setup.tools) {
    std::size_t count = 0;
    for (const auto& tool : *setup.tools) {
      if (tool.function_declarations) count += tool.function_declarations->size();
    }
    storage.tools.reserve(count);
    storage.schemas.reserve(count);  // views into these strings must not move
    for (const auto& tool : *setup.tools) {
      if (!tool.function_declarations) continue;
      for (const auto& fd : *tool.function_declarations) {
        events::Tool t;
        t.name = fd.name.value_or("");
        t.description = fd.description.value_or("");
        if (fd.parameters_json_schema) {
          t.parameters_json = fd.parameters_json_schema->json;
        } else if (fd.parameters) {
          t.parameters_json = storage.schemas.emplace_back(lower_schema_types(fd.parameters->json));
        }
        storage.tools.push_back(t);
      }
    }
    out.tools = std::span<const events::Tool>(storage.tools);
  }
}

void from_config(const events::SessionConfig& config, std::string_view model, wire::Setup& out) {
  out = wire::Setup{};
  out.model = model;
  wire::GenerationConfig& gc = out.generation_config.emplace();
  bool audio = !config.modalities || config.modalities->audio;
  gc.response_modalities.emplace().push_back(audio ? "AUDIO" : "TEXT");
  if (config.voice && !config.voice->empty()) {
    gc.speech_config.emplace().voice_config.emplace().prebuilt_voice_config.emplace().voice_name =
        *config.voice;
  }
  if (config.temperature) gc.temperature = *config.temperature;
  if (config.max_output_tokens && !config.max_output_tokens->infinite) {
    gc.max_output_tokens = clamp_count(config.max_output_tokens->count);
  }
  if (config.instructions && !config.instructions->empty()) {
    wire::Content& c = out.system_instruction.emplace();
    c.parts.emplace_back().text = *config.instructions;
  }
  if (config.tools && !config.tools->empty()) {
    auto& decls = out.tools.emplace().emplace_back().function_declarations.emplace();
    for (const events::Tool& t : *config.tools) {
      wire::FunctionDeclaration& fd = decls.emplace_back();
      fd.name = t.name;
      if (!t.description.empty()) fd.description = t.description;
      if (!t.parameters_json.empty()) fd.parameters_json_schema = json::RawJson{t.parameters_json};
    }
  }
  if (config.turn_detection) {
    const events::TurnDetection& td = *config.turn_detection;
    wire::RealtimeInputConfig& ric = out.realtime_input_config.emplace();
    wire::AutomaticActivityDetection& aad = ric.automatic_activity_detection.emplace();
    if (td.mode == events::TurnDetectionMode::manual) {
      aad.disabled = true;
    } else {
      aad.disabled = false;
      if (td.threshold && *td.threshold < 0.5) aad.start_of_speech_sensitivity = "START_SENSITIVITY_HIGH";
      if (td.threshold && *td.threshold > 0.5) aad.start_of_speech_sensitivity = "START_SENSITIVITY_LOW";
      if (td.eagerness == "high") aad.end_of_speech_sensitivity = "END_SENSITIVITY_HIGH";
      if (td.eagerness == "low") aad.end_of_speech_sensitivity = "END_SENSITIVITY_LOW";
      if (td.prefix_padding_ms) aad.prefix_padding_ms = clamp_count(*td.prefix_padding_ms);
      if (td.silence_duration_ms) aad.silence_duration_ms = clamp_count(*td.silence_duration_ms);
      if (td.interrupt_response == false) ric.activity_handling = "NO_INTERRUPTION";
    }
  }
  if (config.transcription && config.transcription->enabled) out.input_audio_transcription.emplace();
  if (audio) out.output_audio_transcription.emplace();
}

events::Usage to_usage(const wire::UsageMetadata& usage) {
  events::Usage u;
  u.input_tokens = static_cast<std::uint64_t>(std::max(0, usage.prompt_token_count.value_or(0)));
  u.output_tokens = static_cast<std::uint64_t>(std::max(0, usage.response_token_count.value_or(0)));
  u.total_tokens = usage.total_token_count && *usage.total_token_count >= 0
                       ? static_cast<std::uint64_t>(*usage.total_token_count)
                       : u.input_tokens + u.output_tokens;
  u.input_cached_tokens =
      static_cast<std::uint64_t>(std::max(0, usage.cached_content_token_count.value_or(0)));
  add_modality_counts(usage.prompt_tokens_details, u.input_text_tokens, u.input_audio_tokens);
  add_modality_counts(usage.response_tokens_details, u.output_text_tokens, u.output_audio_tokens);
  return u;
}

wire::UsageMetadata from_usage(const events::Usage& usage) {
  wire::UsageMetadata m;
  m.prompt_token_count = clamp_count(usage.input_tokens);
  m.response_token_count = clamp_count(usage.output_tokens);
  m.total_token_count = clamp_count(usage.total_tokens);
  if (usage.input_cached_tokens != 0) {
    m.cached_content_token_count = clamp_count(usage.input_cached_tokens);
  }
  put_modality_counts(m.prompt_tokens_details, usage.input_text_tokens, usage.input_audio_tokens);
  put_modality_counts(m.response_tokens_details, usage.output_text_tokens,
                      usage.output_audio_tokens);
  return m;
}

}  // namespace sy::codec::gemini
