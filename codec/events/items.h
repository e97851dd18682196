// Conversation items and the small records shared by intents and happenings (usage, errors, the
// position of a delta inside a response). Views and spans only, like the rest of the model.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace sy::codec::events {

enum class ItemType : std::uint8_t { message, function_call, function_call_output };
enum class Role : std::uint8_t { user, assistant, system };
enum class ItemStatus : std::uint8_t { unset, in_progress, completed, incomplete };

// Text or audio; whether it is input or output follows from the item's role (the dialects name
// it input_text / output_text / text...).
enum class PartKind : std::uint8_t { text, audio };

struct ContentPart {
  PartKind kind = PartKind::text;
  std::string_view text;        // text parts
  std::string_view transcript;  // audio parts, when known
  std::string_view audio;       // audio parts carrying audio: base64, never decoded here
  friend bool operator==(const ContentPart&, const ContentPart&) = default;
};

struct Item {
  std::string_view id;  // "" when the producer did not assign one
  ItemType type = ItemType::message;
  Role role = Role::user;
  ItemStatus status = ItemStatus::unset;
  std::span<const ContentPart> content;  // message
  std::string_view call_id;              // function_call, function_call_output
  std::string_view name;                 // function_call
  std::string_view arguments;            // function_call: JSON text, complete
  std::string_view output;               // function_call_output: as the client sent it
};

// Where a delta belongs inside a response (OpenAI ids and indexes; synthesised for Gemini).
struct ResponseRef {
  std::string_view response_id;
  std::string_view item_id;
  std::uint32_t output_index = 0;
  std::uint32_t content_index = 0;
  friend bool operator==(const ResponseRef&, const ResponseRef&) = default;
};

struct Usage {
  std::uint64_t total_tokens = 0;
  std::uint64_t input_tokens = 0;
  std::uint64_t output_tokens = 0;
  std::uint64_t input_text_tokens = 0;
  std::uint64_t input_audio_tokens = 0;
  std::uint64_t input_cached_tokens = 0;
  std::uint64_t output_text_tokens = 0;
  std::uint64_t output_audio_tokens = 0;
  friend bool operator==(const Usage&, const Usage&) = default;
};

struct ErrorInfo {
  std::string_view type;      // invalid_request_error, server_error, ...
  std::string_view code;      // may be ""
  std::string_view message;
  std::string_view param;     // the offending field, may be ""
  std::string_view event_id;  // the client event that caused it, may be ""
  friend bool operator==(const ErrorInfo&, const ErrorInfo&) = default;
};

static_assert(std::is_trivially_copyable_v<Item>);

}  // namespace sy::codec::events
