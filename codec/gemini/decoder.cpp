#include "codec/gemini/decoder.h"

#include <algorithm>
#include <cstring>

#include "codec/audio/audio_format.h"

namespace sy::codec::gemini {

namespace {

constexpr std::string_view kClientKindNames[] = {"setup", "clientContent", "realtimeInput",
                                                 "toolResponse"};
constexpr std::string_view kServerKindNames[] = {
    "setupComplete", "serverContent", "toolCall", "toolCallCancellation",
    "goAway",        "sessionResumptionUpdate", "usageMetadata"};

GeminiErrc map_json_error(std::uint16_t code) {
  using json::JsonErrc;
  switch (static_cast<JsonErrc>(code)) {
    case JsonErrc::wrong_type:
    case JsonErrc::not_object:
      return GeminiErrc::wrong_type;
    case JsonErrc::missing_field:
      return GeminiErrc::missing_field;
    case JsonErrc::number_out_of_range:
      return GeminiErrc::out_of_range;
    case JsonErrc::unknown_enum:
      return GeminiErrc::invalid_value;
    case JsonErrc::too_large:
      return GeminiErrc::too_large;
    case JsonErrc::too_deep:
      return GeminiErrc::too_deep;
    default:
      return GeminiErrc::invalid_json;
  }
}

bool is_object(const std::optional<json::RawJson>& raw) {
  return raw.has_value() && !raw->json.empty() && raw->json.front() == '{';
}

// Audio blobs must name a PCM rate the gateway can resample; other media (images, video) pass.
bool valid_audio_mime(std::string_view mime) {
  return audio::parse_mime_audio_format(mime).ok();
}

bool is_audio_mime(std::string_view mime) {
  return mime.size() >= 6 && (mime.substr(0, 6) == "audio/" || mime.substr(0, 6) == "AUDIO/");
}

}  // namespace

std::string_view client_kind_name(ClientKind kind) noexcept {
  return kClientKindNames[static_cast<std::size_t>(kind)];
}
std::string_view server_kind_name(ServerKind kind) noexcept {
  return kServerKindNames[static_cast<std::size_t>(kind)];
}

Decoder::Decoder(std::size_t max_bytes) : reader_(max_bytes) {}

Result<ClientKind> Decoder::decode_client(std::string_view frame, std::size_t capacity) {
  return finish_client(reader_.read<json::ProtoOptions>(frame, capacity, client_));
}
Result<ClientKind> Decoder::decode_client(std::string_view frame) {
  return finish_client(reader_.read<json::ProtoOptions>(frame, client_));
}
Result<ServerKind> Decoder::decode_server(std::string_view frame, std::size_t capacity) {
  return finish_server(reader_.read<json::ProtoOptions>(frame, capacity, server_));
}
Result<ServerKind> Decoder::decode_server(std::string_view frame) {
  return finish_server(reader_.read<json::ProtoOptions>(frame, server_));
}

Error Decoder::fail(GeminiErrc code, const char* message, std::string_view path,
                    std::uint32_t offset) {
  // "Invalid JSON payload received. <message> at '<path>'." cut to what a close frame holds.
  reason_len_ = 0;
  auto put = [&](std::string_view s) {
    std::size_t n = std::min(s.size(), kMaxCloseReason - reason_len_);
    if (n > 0) std::memcpy(reason_ + reason_len_, s.data(), n);
    reason_len_ += n;
  };
  put("Invalid JSON payload received. ");
  put(message);
  if (!path.empty()) {
    put(" at '");
    put(path);
    put("'");
  }
  put(".");
  return make_error(code, message, offset);
}

Error Decoder::fail_json(const Error& e) {
  char path[96];
  std::string_view p = reader_.failed_path(path);
  return fail(map_json_error(e.code), e.message, p, e.offset);
}

Result<ClientKind> Decoder::finish_client(Status read) {
  if (!read) return fail_json(read.error());
  const wire::ClientMessage& m = client_;
  int count = int{m.setup.has_value()} + int{m.client_content.has_value()} +
              int{m.realtime_input.has_value()} + int{m.tool_response.has_value()};
  if (count == 0) {
    return fail(GeminiErrc::unknown_message,
                "expected one of setup, clientContent, realtimeInput, toolResponse", "");
  }
  if (count > 1) {
    return fail(GeminiErrc::multiple_messages, "a message carries exactly one of setup, "
                "clientContent, realtimeInput, toolResponse", "");
  }
  if (m.setup) {
    if (!m.setup->model || m.setup->model->empty()) {
      return fail(GeminiErrc::missing_field, "model is required", "setup.model");
    }
    if (m.setup->tools) {
      for (const auto& tool : *m.setup->tools) {
        if (!tool.function_declarations) continue;
        for (const auto& fd : *tool.function_declarations) {
          if (!fd.name || fd.name->empty()) {
            return fail(GeminiErrc::missing_field, "function declaration needs a name",
                        "setup.tools.functionDeclarations.name");
          }
        }
      }
    }
    return ClientKind::setup;
  }
  if (m.realtime_input) {
    const wire::RealtimeInput& ri = *m.realtime_input;
    if (ri.audio) {
      if (!ri.audio->data) {
        return fail(GeminiErrc::missing_field, "audio needs data", "realtimeInput.audio.data");
      }
      if (!ri.audio->mime_type || !valid_audio_mime(*ri.audio->mime_type)) {
        return fail(GeminiErrc::invalid_value, "unsupported audio mime type",
                    "realtimeInput.audio.mimeType");
      }
    }
    if (ri.media_chunks) {
      for (std::size_t i = 0; i < ri.media_chunks->size(); ++i) {
        const wire::Blob& b = (*ri.media_chunks)[i];
        if (!b.data || !b.mime_type) {
          return fail(GeminiErrc::missing_field, "media chunk needs mimeType and data",
                      "realtimeInput.mediaChunks");
        }
        if (is_audio_mime(*b.mime_type) && !valid_audio_mime(*b.mime_type)) {
          return fail(GeminiErrc::invalid_value, "unsupported audio mime type",
                      "realtimeInput.mediaChunks.mimeType");
        }
      }
    }
    if (ri.activity_start && ri.activity_end) {
      return fail(GeminiErrc::multiple_messages, "activityStart and activityEnd together",
                  "realtimeInput");
    }
    return ClientKind::realtime_input;
  }
  if (m.client_content) {
    if (m.client_content->turns) {
      for (const auto& turn : *m.client_content->turns) {
        if (turn.role && *turn.role != "user" && *turn.role != "model") {
          return fail(GeminiErrc::invalid_value, "role must be user or model",
                      "clientContent.turns.role");
        }
      }
    }
    return ClientKind::client_content;
  }
  if (m.tool_response->function_responses) {
    for (const auto& fr : *m.tool_response->function_responses) {
      if (!fr.name || fr.name->empty()) {
        return fail(GeminiErrc::missing_field, "function response needs a name",
                    "toolResponse.functionResponses.name");
      }
      if (!is_object(fr.response)) {
        return fail(GeminiErrc::wrong_type, "function response needs a response object",
                    "toolResponse.functionResponses.response");
      }
    }
  }
  return ClientKind::tool_response;
}

Result<ServerKind> Decoder::finish_server(Status read) {
  if (!read) return fail_json(read.error());
  const wire::ServerMessage& m = server_;
  int count = int{m.setup_complete.has_value()} + int{m.server_content.has_value()} +
              int{m.tool_call.has_value()} + int{m.tool_call_cancellation.has_value()} +
              int{m.go_away.has_value()} + int{m.session_resumption_update.has_value()};
  if (count > 1) {
    return fail(GeminiErrc::multiple_messages, "a server message carries exactly one kind", "");
  }
  if (count == 0) {
    if (m.usage_metadata) return ServerKind::usage_metadata;
    return fail(GeminiErrc::unknown_message, "no known server message", "");
  }
  if (m.setup_complete) return ServerKind::setup_complete;
  if (m.server_content) {
    if (m.server_content->model_turn) {
      const wire::PartList& parts = m.server_content->model_turn->parts;
      for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto& blob = parts[i].inline_data;
        if (blob && (!blob->data || !blob->mime_type)) {
          return fail(GeminiErrc::missing_field, "inlineData needs mimeType and data",
                      "serverContent.modelTurn.parts.inlineData");
        }
      }
    }
    return ServerKind::server_content;
  }
  if (m.tool_call) {
    if (m.tool_call->function_calls) {
      const auto& calls = *m.tool_call->function_calls;
      for (std::size_t i = 0; i < calls.size(); ++i) {
        if (!calls[i].name || calls[i].name->empty()) {
          return fail(GeminiErrc::missing_field, "function call needs a name",
                      "toolCall.functionCalls.name");
        }
        if (calls[i].args && !is_object(calls[i].args)) {
          return fail(GeminiErrc::wrong_type, "function call args must be an object",
                      "toolCall.functionCalls.args");
        }
      }
    }
    return ServerKind::tool_call;
  }
  if (m.tool_call_cancellation) return ServerKind::tool_call_cancellation;
  if (m.go_away) return ServerKind::go_away;
  return ServerKind::session_resumption_update;
}

}  // namespace sy::codec::gemini
