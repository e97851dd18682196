// OpenAI Realtime event type names, both spellings, and the shape a client speaks.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sy::codec::openai {

// GA (since 2025-08) or beta (`OpenAI-Beta: realtime=v1`). Upstream is always GA.
enum class Shape : std::uint8_t { ga, beta };

// The beta header value that selects the beta shape for a client connection.
[[nodiscard]] constexpr bool is_beta_header(std::string_view openai_beta_header) {
  return openai_beta_header.find("realtime=v1") != std::string_view::npos;
}

enum class ClientType : std::uint8_t {
  session_update,
  transcription_session_update,  // beta transcription-only sessions; read as a session update
  audio_append,
  audio_commit,
  audio_clear,
  output_audio_clear,
  item_create,
  item_retrieve,
  item_delete,
  item_truncate,
  response_create,
  response_cancel,
};

enum class ServerType : std::uint8_t {
  session_created,
  session_updated,
  conversation_created,
  item_added,    // GA conversation.item.added
  item_created,  // beta conversation.item.created
  item_done,
  item_retrieved,
  item_deleted,
  item_truncated,
  transcription_delta,
  transcription_completed,
  transcription_failed,
  audio_committed,
  audio_cleared,
  speech_started,
  speech_stopped,
  response_created,
  response_done,
  output_item_added,
  output_item_done,
  content_part_added,
  content_part_done,
  audio_delta,
  audio_done,
  transcript_delta,
  transcript_done,
  text_delta,
  text_done,
  function_arguments_delta,
  function_arguments_done,
  rate_limits_updated,
  error,
  output_audio_started,
  output_audio_stopped,
  output_audio_cleared,
  other,  // a well-formed event with no canonical counterpart (mcp_*, segments, dtmf...)
};

[[nodiscard]] std::optional<ClientType> client_type(std::string_view name) noexcept;
// Accepts the GA and the beta spelling; an unknown name that looks like an event is `other`.
[[nodiscard]] std::optional<ServerType> server_type(std::string_view name) noexcept;
// The spelling of a server event for a client of the given shape ("" when that shape lacks it).
[[nodiscard]] std::string_view server_type_name(ServerType type, Shape shape) noexcept;
[[nodiscard]] std::string_view client_type_name(ClientType type) noexcept;

}  // namespace sy::codec::openai
