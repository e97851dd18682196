// Canonical → wire, for events the gateway writes (to a client in its shape, upstream in GA).
#include "codec/openai/convert.h"

namespace sy::codec::openai {

namespace ev = events;

namespace {

wire::FormatField from_format(const ev::AudioFormat& f, Shape shape) {
  wire::FormatField out;
  if (shape == Shape::beta) {
    out.is_string = true;
    out.str = f.encoding == ev::AudioEncoding::g711_ulaw   ? "g711_ulaw"
              : f.encoding == ev::AudioEncoding::g711_alaw ? "g711_alaw"
                                                           : "pcm16";
    return out;
  }
  switch (f.encoding) {
    case ev::AudioEncoding::pcm16:
      out.obj = wire::AudioFormat{"audio/pcm", f.sample_rate};
      break;
    case ev::AudioEncoding::g711_ulaw:
      out.obj = wire::AudioFormat{"audio/pcmu", std::nullopt};
      break;
    case ev::AudioEncoding::g711_alaw:
      out.obj = wire::AudioFormat{"audio/pcma", std::nullopt};
      break;
  }
  return out;
}

json::Nullable<wire::TurnDetection> from_turn_detection(const ev::TurnDetection& td) {
  if (td.mode == ev::TurnDetectionMode::manual) {
    return json::Nullable<wire::TurnDetection>::null_value();
  }
  wire::TurnDetection out;
  out.type = td.mode == ev::TurnDetectionMode::semantic_vad ? "semantic_vad" : "server_vad";
  out.threshold = td.threshold;
  out.prefix_padding_ms = td.prefix_padding_ms;
  out.silence_duration_ms = td.silence_duration_ms;
  if (td.idle_timeout_ms) out.idle_timeout_ms = json::Nullable<std::uint32_t>::of(*td.idle_timeout_ms);
  out.create_response = td.create_response;
  out.interrupt_response = td.interrupt_response;
  if (!td.eagerness.empty()) out.eagerness = td.eagerness;
  return json::Nullable<wire::TurnDetection>::of(out);
}

json::Nullable<wire::Transcription> from_transcription(const ev::Transcription& t) {
  if (!t.enabled) return json::Nullable<wire::Transcription>::null_value();
  wire::Transcription out;
  if (!t.model.empty()) out.model = t.model;
  if (!t.language.empty()) out.language = t.language;
  if (!t.prompt.empty()) out.prompt = t.prompt;
  return json::Nullable<wire::Transcription>::of(out);
}

json::Nullable<wire::NoiseReduction> from_noise_reduction(std::string_view type) {
  if (type.empty()) return json::Nullable<wire::NoiseReduction>::null_value();
  return json::Nullable<wire::NoiseReduction>::of(wire::NoiseReduction{type});
}

void from_modalities(const ev::Modalities& m, std::vector<std::string_view>& out) {
  out.clear();
  if (m.text) out.push_back("text");
  if (m.audio) out.push_back("audio");
}

void from_tools(std::span<const ev::Tool> tools, std::vector<wire::Tool>& out) {
  out.clear();
  for (const auto& t : tools) {
    wire::Tool w;
    w.type = "function";
    w.name = t.name;
    if (!t.description.empty()) w.description = t.description;
    if (!t.parameters_json.empty()) w.parameters = json::RawJson{t.parameters_json};
    out.push_back(w);
  }
}

StringOr<wire::NamedChoice> from_tool_choice(std::string_view choice) {
  StringOr<wire::NamedChoice> out;
  if (choice == "auto" || choice == "none" || choice == "required") {
    out.is_string = true;
    out.str = choice;
  } else {
    out.obj = wire::NamedChoice{"function", choice};
  }
  return out;
}

TokenLimit from_max_tokens(const ev::MaxTokens& m) { return TokenLimit{m.infinite, m.count}; }

}  // namespace

void from_config(const ev::SessionConfig& in, Shape shape, wire::Session& out,
                 EncodeStorage& storage) {
  out = {};
  out.model = in.model;
  out.instructions = in.instructions;
  if (in.tools) {
    from_tools(*in.tools, storage.tools);
    out.tools = storage.tools;
  }
  if (in.tool_choice) out.tool_choice = from_tool_choice(*in.tool_choice);
  out.temperature = in.temperature;
  if (in.modalities) from_modalities(*in.modalities, storage.modalities);
  if (shape == Shape::beta) {
    out.voice = in.voice;
    if (in.modalities) out.modalities = storage.modalities;
    if (in.input_format) out.input_audio_format = from_format(*in.input_format, shape);
    if (in.output_format) out.output_audio_format = from_format(*in.output_format, shape);
    if (in.turn_detection) out.turn_detection = from_turn_detection(*in.turn_detection);
    if (in.transcription) out.input_audio_transcription = from_transcription(*in.transcription);
    if (in.noise_reduction) out.input_audio_noise_reduction = from_noise_reduction(*in.noise_reduction);
    if (in.max_output_tokens) out.max_response_output_tokens = from_max_tokens(*in.max_output_tokens);
    out.speed = in.speed;
    return;
  }
  out.type = "realtime";
  if (in.modalities) out.output_modalities = storage.modalities;
  if (in.max_output_tokens) out.max_output_tokens = from_max_tokens(*in.max_output_tokens);
  wire::AudioInput ai;
  bool has_input = false;
  if (in.input_format) {
    ai.format = from_format(*in.input_format, shape);
    has_input = true;
  }
  if (in.turn_detection) {
    ai.turn_detection = from_turn_detection(*in.turn_detection);
    has_input = true;
  }
  if (in.transcription) {
    ai.transcription = from_transcription(*in.transcription);
    has_input = true;
  }
  if (in.noise_reduction) {
    ai.noise_reduction = from_noise_reduction(*in.noise_reduction);
    has_input = true;
  }
  wire::AudioOutput ao;
  bool has_output = false;
  if (in.output_format) {
    ao.format = from_format(*in.output_format, shape);
    has_output = true;
  }
  if (in.voice) {
    ao.voice = in.voice;
    has_output = true;
  }
  if (in.speed) {
    ao.speed = in.speed;
    has_output = true;
  }
  if (has_input || has_output) {
    auto& audio = out.audio.emplace();
    if (has_input) audio.input = ai;
    if (has_output) audio.output = ao;
  }
}

void from_response_options(const ev::ResponseOptions& in, wire::ResponseParams& out,
                           EncodeStorage& storage) {
  out = {};
  out.instructions = in.instructions;
  if (in.modalities) {
    from_modalities(*in.modalities, storage.modalities);
    out.output_modalities = storage.modalities;
  }
  if (in.voice) {
    out.audio.emplace().output.emplace().voice = in.voice;
  }
  if (in.tools) {
    from_tools(*in.tools, storage.tools);
    out.tools = storage.tools;
  }
  if (in.tool_choice) out.tool_choice = from_tool_choice(*in.tool_choice);
  out.temperature = in.temperature;
  if (in.max_output_tokens) out.max_output_tokens = from_max_tokens(*in.max_output_tokens);
  out.conversation = in.conversation;
  if (in.metadata_json) out.metadata = json::RawJson{*in.metadata_json};
  if (in.input) {
    auto& items = out.input.emplace();
    for (const auto& i : *in.input) from_item(i, Shape::ga, items.emplace_back());
  }
}

wire::ContentPart from_part(const ev::ContentPart& in, ev::Role role, Shape shape) {
  wire::ContentPart out;
  bool input = role != ev::Role::assistant;
  bool text = in.kind == ev::PartKind::text;
  if (input) {
    out.type = text ? "input_text" : "input_audio";
  } else if (shape == Shape::ga) {
    out.type = text ? "output_text" : "output_audio";
  } else {
    out.type = text ? "text" : "audio";
  }
  if (text) {
    out.text = in.text;
  } else {
    if (!in.transcript.empty() || !input) out.transcript = in.transcript;
    if (!in.audio.empty()) out.audio = in.audio;
  }
  return out;
}

std::string_view item_status_name(ev::ItemStatus status) {
  switch (status) {
    case ev::ItemStatus::in_progress: return "in_progress";
    case ev::ItemStatus::completed: return "completed";
    case ev::ItemStatus::incomplete: return "incomplete";
    case ev::ItemStatus::unset: break;
  }
  return {};
}

void from_item(const ev::Item& in, Shape shape, wire::Item& out) {
  auto content = std::move(out.content);  // keep the vector's capacity across reuse
  out = {};
  if (!in.id.empty()) out.id = in.id;
  out.object = "realtime.item";
  switch (in.type) {
    case ev::ItemType::message: {
      out.type = "message";
      out.role = in.role == ev::Role::assistant ? "assistant"
                 : in.role == ev::Role::system  ? "system"
                                                : "user";
      auto& parts = content ? *content : content.emplace();
      parts.clear();
      for (const auto& p : in.content) parts.push_back(from_part(p, in.role, shape));
      out.content = std::move(content);
      break;
    }
    case ev::ItemType::function_call:
      out.type = "function_call";
      out.call_id = in.call_id;
      out.name = in.name;
      out.arguments = in.arguments;
      break;
    case ev::ItemType::function_call_output:
      out.type = "function_call_output";
      out.call_id = in.call_id;
      out.output = in.output;
      break;
  }
  if (auto s = item_status_name(in.status); !s.empty()) out.status = s;
}

wire::Usage from_usage(const ev::Usage& in) {
  wire::Usage out;
  out.total_tokens = in.total_tokens;
  out.input_tokens = in.input_tokens;
  out.output_tokens = in.output_tokens;
  out.input_token_details = wire::InputTokenDetails{in.input_text_tokens, in.input_audio_tokens,
                                                    std::nullopt, in.input_cached_tokens};
  out.output_token_details = wire::OutputTokenDetails{in.output_text_tokens, in.output_audio_tokens};
  return out;
}

std::string_view status_name(ev::ResponseStatus status) {
  switch (status) {
    case ev::ResponseStatus::in_progress: return "in_progress";
    case ev::ResponseStatus::completed: return "completed";
    case ev::ResponseStatus::cancelled: return "cancelled";
    case ev::ResponseStatus::failed: return "failed";
    case ev::ResponseStatus::incomplete: return "incomplete";
  }
  return "completed";
}

}  // namespace sy::codec::openai
