#include "codec/openai/event_types.h"

#include <array>
#include <utility>

namespace sy::codec::openai {

namespace {

struct ClientName {
  std::string_view name;
  ClientType type;
};

constexpr std::array<ClientName, 12> kClientNames{{
    {"session.update", ClientType::session_update},
    {"transcription_session.update", ClientType::transcription_session_update},
    {"input_audio_buffer.append", ClientType::audio_append},
    {"input_audio_buffer.commit", ClientType::audio_commit},
    {"input_audio_buffer.clear", ClientType::audio_clear},
    {"output_audio_buffer.clear", ClientType::output_audio_clear},
    {"conversation.item.create", ClientType::item_create},
    {"conversation.item.retrieve", ClientType::item_retrieve},
    {"conversation.item.delete", ClientType::item_delete},
    {"conversation.item.truncate", ClientType::item_truncate},
    {"response.create", ClientType::response_create},
    {"response.cancel", ClientType::response_cancel},
}};

// GA name, beta name ("" = same as GA, "-" = the beta protocol has no such event).
struct ServerName {
  ServerType type;
  std::string_view ga;
  std::string_view beta;
};

constexpr std::array<ServerName, 35> kServerNames{{
    {ServerType::session_created, "session.created", ""},
    {ServerType::session_updated, "session.updated", ""},
    {ServerType::conversation_created, "conversation.created", ""},
    {ServerType::item_added, "conversation.item.added", "conversation.item.created"},
    {ServerType::item_created, "conversation.item.created", ""},
    {ServerType::item_done, "conversation.item.done", "-"},
    {ServerType::item_retrieved, "conversation.item.retrieved", ""},
    {ServerType::item_deleted, "conversation.item.deleted", ""},
    {ServerType::item_truncated, "conversation.item.truncated", ""},
    {ServerType::transcription_delta, "conversation.item.input_audio_transcription.delta", ""},
    {ServerType::transcription_completed, "conversation.item.input_audio_transcription.completed",
     ""},
    {ServerType::transcription_failed, "conversation.item.input_audio_transcription.failed", ""},
    {ServerType::audio_committed, "input_audio_buffer.committed", ""},
    {ServerType::audio_cleared, "input_audio_buffer.cleared", ""},
    {ServerType::speech_started, "input_audio_buffer.speech_started", ""},
    {ServerType::speech_stopped, "input_audio_buffer.speech_stopped", ""},
    {ServerType::response_created, "response.created", ""},
    {ServerType::response_done, "response.done", ""},
    {ServerType::output_item_added, "response.output_item.added", ""},
    {ServerType::output_item_done, "response.output_item.done", ""},
    {ServerType::content_part_added, "response.content_part.added", ""},
    {ServerType::content_part_done, "response.content_part.done", ""},
    {ServerType::audio_delta, "response.output_audio.delta", "response.audio.delta"},
    {ServerType::audio_done, "response.output_audio.done", "response.audio.done"},
    {ServerType::transcript_delta, "response.output_audio_transcript.delta",
     "response.audio_transcript.delta"},
    {ServerType::transcript_done, "response.output_audio_transcript.done",
     "response.audio_transcript.done"},
    {ServerType::text_delta, "response.output_text.delta", "response.text.delta"},
    {ServerType::text_done, "response.output_text.done", "response.text.done"},
    {ServerType::function_arguments_delta, "response.function_call_arguments.delta", ""},
    {ServerType::function_arguments_done, "response.function_call_arguments.done", ""},
    {ServerType::rate_limits_updated, "rate_limits.updated", ""},
    {ServerType::error, "error", ""},
    {ServerType::output_audio_started, "output_audio_buffer.started", ""},
    {ServerType::output_audio_stopped, "output_audio_buffer.stopped", ""},
    {ServerType::output_audio_cleared, "output_audio_buffer.cleared", ""},
}};

}  // namespace

std::optional<ClientType> client_type(std::string_view name) noexcept {
  for (const auto& c : kClientNames) {
    if (c.name == name) return c.type;
  }
  return std::nullopt;
}

std::optional<ServerType> server_type(std::string_view name) noexcept {
  if (name.empty()) return std::nullopt;
  for (const auto& s : kServerNames) {
    if (s.ga == name) return s.type;
  }
  for (const auto& s : kServerNames) {
    if (s.beta.size() > 1 && s.beta == name) return s.type;
  }
  return ServerType::other;
}

std::string_view server_type_name(ServerType type, Shape shape) noexcept {
  for (const auto& s : kServerNames) {
    if (s.type != type) continue;
    if (shape == Shape::ga || s.beta.empty()) return s.ga;
    if (s.beta == "-") return {};
    return s.beta;
  }
  return {};
}

std::string_view client_type_name(ClientType type) noexcept {
  for (const auto& c : kClientNames) {
    if (c.type == type) return c.name;
  }
  return {};
}

}  // namespace sy::codec::openai
