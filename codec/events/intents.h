// Client intents: what a client asks of its session, whatever dialect it speaks. A client dialect
// decodes frames into these; a core dialect encodes them upstream. Constructing one is a few
// stores: the audio of an append stays base64, as a view into the receive buffer.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <variant>

#include "codec/events/items.h"
#include "codec/events/session_config.h"

namespace sy::codec::events {

// Partial update of the session.
struct ConfigureSession {
  SessionConfig config;
};

// Audio for the input buffer, base64 in the format the session declared.
struct AppendAudio {
  std::string_view audio_base64;
};

struct CommitAudio {};
struct ClearAudio {};
// Stop playing buffered output audio (OpenAI WebRTC/SIP; forwarded or answered locally).
struct ClearOutputAudio {};

struct AddItem {
  std::optional<std::string_view> previous_item_id;
  Item item;
};

// Options of one response; all absent means "the session's defaults".
struct ResponseOptions {
  std::optional<std::string_view> instructions;
  std::optional<Modalities> modalities;
  std::optional<std::string_view> voice;
  std::optional<std::span<const Tool>> tools;
  std::optional<std::string_view> tool_choice;
  std::optional<double> temperature;
  std::optional<MaxTokens> max_output_tokens;
  std::optional<std::string_view> conversation;  // "auto" | "none" (out-of-band)
  std::optional<std::string_view> metadata_json;  // verbatim object
  std::optional<std::span<const Item>> input;     // out-of-band input items
};

struct CreateResponse {
  ResponseOptions options;
};

struct CancelResponse {
  std::string_view response_id;  // "" = the current response
};

struct TruncateItem {
  std::string_view item_id;
  std::uint32_t content_index = 0;
  std::uint32_t audio_end_ms = 0;
};

struct RetrieveItem {
  std::string_view item_id;
};

struct DeleteItem {
  std::string_view item_id;
};

using IntentBody = std::variant<ConfigureSession, AppendAudio, CommitAudio, ClearAudio, AddItem,
                                CreateResponse, CancelResponse, TruncateItem, RetrieveItem,
                                DeleteItem, ClearOutputAudio>;

struct Intent {
  std::string_view event_id;  // the client's id for the event, "" when it sent none
  IntentBody body;
};

static_assert(std::is_trivially_copyable_v<AppendAudio>);
static_assert(std::is_trivially_copyable_v<ConfigureSession>);

// Stable name of an intent kind, for metrics, logs and the journal ("append_audio").
std::string_view intent_name(const IntentBody& body) noexcept;

}  // namespace sy::codec::events
