#include "codec/openai/convert.h"

namespace sy::codec::openai {

namespace ev = events;

namespace {

Status invalid(Problem& problem, std::string_view param, const char* message) {
  problem.param = param;
  problem.error = make_error(OpenAiErrc::invalid_value, message);
  return problem.error;
}

Status to_format(const wire::FormatField& in, ev::AudioFormat& out, Problem& problem,
                 std::string_view param) {
  if (in.is_string) {  // beta
    if (in.str == "pcm16") {
      out = {ev::AudioEncoding::pcm16, 24000};
    } else if (in.str == "g711_ulaw") {
      out = {ev::AudioEncoding::g711_ulaw, 8000};
    } else if (in.str == "g711_alaw") {
      out = {ev::AudioEncoding::g711_alaw, 8000};
    } else {
      return invalid(problem, param, "unsupported audio format");
    }
    return {};
  }
  if (in.obj.type == "audio/pcm") {
    out = {ev::AudioEncoding::pcm16, in.obj.rate.value_or(24000)};
  } else if (in.obj.type == "audio/pcmu") {
    out = {ev::AudioEncoding::g711_ulaw, 8000};
  } else if (in.obj.type == "audio/pcma") {
    out = {ev::AudioEncoding::g711_alaw, 8000};
  } else {
    return invalid(problem, param, "unsupported audio format");
  }
  return {};
}

Status to_modalities(const std::vector<std::string_view>& in, ev::Modalities& out,
                     Problem& problem, std::string_view param) {
  out = {};
  for (auto m : in) {
    if (m == "text") {
      out.text = true;
    } else if (m == "audio") {
      out.audio = true;
    } else {
      return invalid(problem, param, "unknown modality");
    }
  }
  return {};
}

Status to_turn_detection(const json::Nullable<wire::TurnDetection>& in, ev::TurnDetection& out,
                         Problem& problem, std::string_view param) {
  out = {};
  if (in.is_null()) {
    out.mode = ev::TurnDetectionMode::manual;
    return {};
  }
  const auto& td = in.value;
  std::string_view type = td.type.value_or("server_vad");
  if (type == "server_vad") {
    out.mode = ev::TurnDetectionMode::server_vad;
  } else if (type == "semantic_vad") {
    out.mode = ev::TurnDetectionMode::semantic_vad;
  } else {
    return invalid(problem, param, "unknown turn detection type");
  }
  out.threshold = td.threshold;
  out.prefix_padding_ms = td.prefix_padding_ms;
  out.silence_duration_ms = td.silence_duration_ms;
  if (td.idle_timeout_ms.has_value()) out.idle_timeout_ms = td.idle_timeout_ms.value;
  out.create_response = td.create_response;
  out.interrupt_response = td.interrupt_response;
  out.eagerness = td.eagerness.value_or("");
  return {};
}

ev::Transcription to_transcription(const json::Nullable<wire::Transcription>& in) {
  if (in.is_null()) return ev::Transcription{false, {}, {}, {}};
  return ev::Transcription{true, in.value.model.value_or(""), in.value.language.value_or(""),
                           in.value.prompt.value_or("")};
}

Status to_tools(const std::vector<wire::Tool>& in, DecodeStorage& storage, Problem& problem) {
  storage.tools.clear();
  storage.tools.reserve(in.size());
  for (const auto& t : in) {
    if (t.type.has_value() && *t.type != "function") continue;  // mcp tools: no counterpart
    if (!t.name.has_value()) {
      problem.param = "tools.name";
      problem.error = make_error(OpenAiErrc::missing_field, "a function tool needs a name");
      return problem.error;
    }
    storage.tools.push_back(ev::Tool{*t.name, t.description.value_or(""),
                                     t.parameters.has_value() ? t.parameters->json : ""});
  }
  return {};
}

std::string_view to_tool_choice(const StringOr<wire::NamedChoice>& in) {
  if (in.is_string) return in.str;
  return in.obj.name.value_or(in.obj.type.value_or(""));
}

ev::MaxTokens to_max_tokens(const TokenLimit& t) { return ev::MaxTokens{t.infinite, t.count}; }

}  // namespace

Status to_config(const wire::Session& in, ev::SessionConfig& out, DecodeStorage& storage,
                 ShapeEvidence& evidence, Problem& problem) {
  out = {};
  evidence.beta |= in.voice || in.modalities || in.input_audio_format ||
                   in.output_audio_format || !in.turn_detection.absent() ||
                   !in.input_audio_transcription.absent() ||
                   !in.input_audio_noise_reduction.absent() || in.max_response_output_tokens;
  evidence.ga |= in.type || in.audio || in.output_modalities || in.max_output_tokens;
  out.model = in.model;
  out.instructions = in.instructions;
  out.voice = in.voice;
  if (in.modalities || in.output_modalities) {
    if (auto st = to_modalities(in.output_modalities ? *in.output_modalities : *in.modalities,
                                out.modalities.emplace(), problem, "session.output_modalities");
        !st) {
      return st;
    }
  }
  if (in.input_audio_format) {
    if (auto st = to_format(*in.input_audio_format, out.input_format.emplace(), problem,
                            "session.input_audio_format");
        !st) {
      return st;
    }
  }
  if (in.output_audio_format) {
    if (auto st = to_format(*in.output_audio_format, out.output_format.emplace(), problem,
                            "session.output_audio_format");
        !st) {
      return st;
    }
  }
  if (!in.turn_detection.absent()) {
    if (auto st = to_turn_detection(in.turn_detection, out.turn_detection.emplace(), problem,
                                    "session.turn_detection");
        !st) {
      return st;
    }
  }
  if (!in.input_audio_transcription.absent()) {
    out.transcription = to_transcription(in.input_audio_transcription);
  }
  if (!in.input_audio_noise_reduction.absent()) {
    out.noise_reduction = in.input_audio_noise_reduction.is_null()
                              ? std::string_view{}
                              : in.input_audio_noise_reduction.value.type.value_or("");
  }
  if (in.audio && in.audio->input) {
    const auto& ai = *in.audio->input;
    if (ai.format) {
      if (auto st = to_format(*ai.format, out.input_format.emplace(), problem,
                              "session.audio.input.format");
          !st) {
        return st;
      }
    }
    if (!ai.turn_detection.absent()) {
      if (auto st = to_turn_detection(ai.turn_detection, out.turn_detection.emplace(), problem,
                                      "session.audio.input.turn_detection");
          !st) {
        return st;
      }
    }
    if (!ai.transcription.absent()) out.transcription = to_transcription(ai.transcription);
    if (!ai.noise_reduction.absent()) {
      out.noise_reduction = ai.noise_reduction.is_null()
                                ? std::string_view{}
                                : ai.noise_reduction.value.type.value_or("");
    }
  }
  if (in.audio && in.audio->output) {
    const auto& ao = *in.audio->output;
    if (ao.format) {
      if (auto st = to_format(*ao.format, out.output_format.emplace(), problem,
                              "session.audio.output.format");
          !st) {
        return st;
      }
    }
    if (ao.voice) out.voice = ao.voice;
    if (ao.speed) out.speed = ao.speed;
  }
  if (in.speed) out.speed = in.speed;
  if (in.tools) {
    if (auto st = to_tools(*in.tools, storage, problem); !st) return st;
    out.tools = std::span<const ev::Tool>(storage.tools);
  }
  if (in.tool_choice) out.tool_choice = to_tool_choice(*in.tool_choice);
  out.temperature = in.temperature;
  if (in.max_output_tokens) {
    out.max_output_tokens = to_max_tokens(*in.max_output_tokens);
  } else if (in.max_response_output_tokens) {
    out.max_output_tokens = to_max_tokens(*in.max_response_output_tokens);
  }
  return {};
}

Status to_part(const wire::ContentPart& in, ev::ContentPart& out, Problem& problem) {
  if (in.type == "input_text" || in.type == "output_text" || in.type == "text") {
    out = ev::ContentPart{ev::PartKind::text, in.text.value_or(""), {}, {}};
  } else if (in.type == "input_audio" || in.type == "output_audio" || in.type == "audio") {
    out = ev::ContentPart{ev::PartKind::audio, {}, in.transcript.value_or(""),
                          in.audio.value_or("")};
  } else {
    return invalid(problem, "item.content.type", "unsupported content part type");
  }
  return {};
}

Status to_item(const wire::Item& in, ev::Item& out, DecodeStorage& storage, Problem& problem) {
  out = {};
  out.id = in.id.value_or("");
  std::string_view type = in.type.value_or("message");
  if (type == "message") {
    out.type = ev::ItemType::message;
  } else if (type == "function_call") {
    out.type = ev::ItemType::function_call;
  } else if (type == "function_call_output") {
    out.type = ev::ItemType::function_call_output;
  } else {
    return invalid(problem, "item.type", "unsupported item type");
  }
  std::string_view role = in.role.value_or(out.type == ev::ItemType::function_call ? "assistant"
                                                                                    : "user");
  if (role == "user") {
    out.role = ev::Role::user;
  } else if (role == "assistant") {
    out.role = ev::Role::assistant;
  } else if (role == "system") {
    out.role = ev::Role::system;
  } else {
    return invalid(problem, "item.role", "unknown role");
  }
  std::string_view status = in.status.value_or("");
  out.status = status == "completed"     ? ev::ItemStatus::completed
               : status == "in_progress" ? ev::ItemStatus::in_progress
               : status == "incomplete"  ? ev::ItemStatus::incomplete
                                         : ev::ItemStatus::unset;
  if (in.content) {
    std::size_t first = storage.parts.size();
    for (const auto& p : *in.content) {
      if (auto st = to_part(p, storage.parts.emplace_back(), problem); !st) return st;
    }
    out.content = std::span<const ev::ContentPart>(storage.parts.data() + first,
                                                   storage.parts.size() - first);
  }
  out.call_id = in.call_id.value_or("");
  out.name = in.name.value_or("");
  out.arguments = in.arguments.value_or("");
  out.output = in.output.value_or("");
  if (out.type != ev::ItemType::message && out.call_id.empty() &&
      out.type == ev::ItemType::function_call_output) {
    problem.param = "item.call_id";
    problem.error = make_error(OpenAiErrc::missing_field, "function_call_output needs call_id");
    return problem.error;
  }
  return {};
}

Status to_items(const std::vector<wire::Item>& in, DecodeStorage& storage, Problem& problem) {
  std::size_t parts = storage.parts.size();
  for (const auto& i : in) parts += i.content ? i.content->size() : 0;
  storage.parts.reserve(parts);  // spans into parts must survive the loop
  storage.items.reserve(storage.items.size() + in.size());
  for (const auto& i : in) {
    if (auto st = to_item(i, storage.items.emplace_back(), storage, problem); !st) return st;
  }
  return {};
}

Status to_response_options(const wire::ResponseParams& in, ev::ResponseOptions& out,
                           DecodeStorage& storage, Problem& problem) {
  out = {};
  out.instructions = in.instructions;
  if (in.modalities || in.output_modalities) {
    if (auto st = to_modalities(in.output_modalities ? *in.output_modalities : *in.modalities,
                                out.modalities.emplace(), problem, "response.output_modalities");
        !st) {
      return st;
    }
  }
  out.voice = in.voice;
  if (in.audio && in.audio->output && in.audio->output->voice) out.voice = in.audio->output->voice;
  if (in.tools) {
    if (auto st = to_tools(*in.tools, storage, problem); !st) return st;
    out.tools = std::span<const ev::Tool>(storage.tools);
  }
  if (in.tool_choice) out.tool_choice = to_tool_choice(*in.tool_choice);
  out.temperature = in.temperature;
  if (in.max_output_tokens) {
    out.max_output_tokens = to_max_tokens(*in.max_output_tokens);
  } else if (in.max_response_output_tokens) {
    out.max_output_tokens = to_max_tokens(*in.max_response_output_tokens);
  }
  out.conversation = in.conversation;
  if (in.metadata) out.metadata_json = in.metadata->json;
  if (in.input) {
    std::size_t first = storage.items.size();
    if (auto st = to_items(*in.input, storage, problem); !st) return st;
    out.input = std::span<const ev::Item>(storage.items.data() + first, in.input->size());
  }
  return {};
}

ev::Usage to_usage(const wire::Usage& in) {
  ev::Usage u;
  u.total_tokens = in.total_tokens.value_or(0);
  u.input_tokens = in.input_tokens.value_or(0);
  u.output_tokens = in.output_tokens.value_or(0);
  if (in.input_token_details) {
    u.input_text_tokens = in.input_token_details->text_tokens.value_or(0);
    u.input_audio_tokens = in.input_token_details->audio_tokens.value_or(0);
    u.input_cached_tokens = in.input_token_details->cached_tokens.value_or(0);
  }
  if (in.output_token_details) {
    u.output_text_tokens = in.output_token_details->text_tokens.value_or(0);
    u.output_audio_tokens = in.output_token_details->audio_tokens.value_or(0);
  }
  return u;
}

ev::ErrorInfo to_error(const wire::Error& in) {
  return ev::ErrorInfo{in.type, in.code.has_value() ? in.code.value : "", in.message,
                       in.param.has_value() ? in.param.value : "",
                       in.event_id.has_value() ? in.event_id.value : ""};
}

}  // namespace sy::codec::openai
