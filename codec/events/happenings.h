// Provider happenings: what the core tells the session, whatever protocol it speaks. A core
// dialect decodes upstream frames into these; a client dialect encodes them for the client.
// Events the client protocol has but the core does not (OpenAI ids, committed/cleared acks, item
// lifecycle) are happenings too, so a translator can synthesise them and the client dialect can
// encode them. Audio deltas stay base64 views.
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

struct SessionReady {  // the session exists (OpenAI session.created, Gemini setupComplete)
  std::string_view session_id;
  SessionConfig config;  // the effective configuration, as far as known
};
struct SessionUpdated {
  SessionConfig config;
};

struct SpeechStarted {
  std::uint32_t audio_start_ms = 0;
  std::string_view item_id;
};
struct SpeechStopped {
  std::uint32_t audio_end_ms = 0;
  std::string_view item_id;
};
struct AudioCommitted {
  std::string_view item_id;
  std::optional<std::string_view> previous_item_id;
};
struct AudioCleared {};

struct InputTranscriptDelta {
  std::string_view item_id;
  std::uint32_t content_index = 0;
  std::string_view delta;
};
struct InputTranscriptDone {
  std::string_view item_id;
  std::uint32_t content_index = 0;
  std::string_view transcript;
  std::optional<Usage> usage;
};
struct InputTranscriptFailed {
  std::string_view item_id;
  std::uint32_t content_index = 0;
  ErrorInfo error;
};

// Conversation item lifecycle (OpenAI conversation.item.added / .done / beta .created).
struct ItemAdded {
  std::optional<std::string_view> previous_item_id;
  Item item;
};
struct ItemDone {
  std::optional<std::string_view> previous_item_id;
  Item item;
};
struct ItemRetrieved {
  Item item;
};
struct ItemDeleted {
  std::string_view item_id;
};
struct ItemTruncated {
  std::string_view item_id;
  std::uint32_t content_index = 0;
  std::uint32_t audio_end_ms = 0;
};

enum class ResponseStatus : std::uint8_t { in_progress, completed, cancelled, failed, incomplete };

struct ResponseStarted {
  std::string_view response_id;
  std::optional<Modalities> modalities;
  std::optional<std::string_view> voice;
};

struct OutputItemAdded {
  std::string_view response_id;
  std::uint32_t output_index = 0;
  Item item;
};
struct OutputItemDone {
  std::string_view response_id;
  std::uint32_t output_index = 0;
  Item item;
};
struct ContentPartAdded {
  ResponseRef ref;
  ContentPart part;
};
struct ContentPartDone {
  ResponseRef ref;
  ContentPart part;
};

struct AudioDelta {
  ResponseRef ref;
  std::string_view audio_base64;  // PCM16 24 kHz (or the session's output format)
};
struct AudioDone {
  ResponseRef ref;
};
struct TextDelta {
  ResponseRef ref;
  std::string_view delta;
};
struct TextDone {
  ResponseRef ref;
  std::string_view text;
};
struct OutputTranscriptDelta {
  ResponseRef ref;
  std::string_view delta;
};
struct OutputTranscriptDone {
  ResponseRef ref;
  std::string_view transcript;
};

struct FunctionCallArgumentsDelta {
  ResponseRef ref;  // content_index unused
  std::string_view call_id;
  std::string_view delta;
};
// A complete function call (OpenAI function_call_arguments.done; Gemini toolCall).
struct FunctionCall {
  ResponseRef ref;  // content_index unused
  std::string_view call_id;
  std::string_view name;
  std::string_view arguments;  // JSON text
};
// The core withdrew calls it had made (Gemini toolCallCancellation).
struct FunctionCallsCancelled {
  std::span<const std::string_view> call_ids;
};

struct ResponseDone {
  std::string_view response_id;
  ResponseStatus status = ResponseStatus::completed;
  std::string_view status_type;    // status_details.type, "" when none
  std::string_view status_reason;  // turn_detected | client_cancelled | max_output_tokens | ...
  std::optional<Usage> usage;
  std::span<const Item> output;
};

struct RateLimit {
  std::string_view name;
  std::uint64_t limit = 0;
  std::uint64_t remaining = 0;
  double reset_seconds = 0;
  friend bool operator==(const RateLimit&, const RateLimit&) = default;
};
struct RateLimitsUpdated {
  std::span<const RateLimit> limits;
};

struct OutputAudioBuffer {  // OpenAI output_audio_buffer.started / stopped / cleared
  enum class Phase : std::uint8_t { started, stopped, cleared };
  Phase phase = Phase::started;
  std::string_view response_id;
};

struct ProviderError {
  ErrorInfo error;
};

// The core will close the connection soon (Gemini goAway).
struct GoAway {
  std::uint64_t time_left_ms = 0;
};
// A handle to resume the upstream session on a new connection (Gemini sessionResumptionUpdate).
struct ResumptionHandle {
  std::string_view handle;
  bool resumable = false;
};

// A well-formed event with no canonical counterpart (MCP, DTMF, transcription segments...),
// kept verbatim so a same-dialect client can still receive it.
struct Unhandled {
  std::string_view type;
  std::string_view raw_json;
};

using HappeningBody =
    std::variant<SessionReady, SessionUpdated, SpeechStarted, SpeechStopped, AudioCommitted,
                 AudioCleared, InputTranscriptDelta, InputTranscriptDone, InputTranscriptFailed,
                 ItemAdded, ItemDone, ItemRetrieved, ItemDeleted, ItemTruncated, ResponseStarted,
                 OutputItemAdded, OutputItemDone, ContentPartAdded, ContentPartDone, AudioDelta,
                 AudioDone, TextDelta, TextDone, OutputTranscriptDelta, OutputTranscriptDone,
                 FunctionCallArgumentsDelta, FunctionCall, FunctionCallsCancelled, ResponseDone,
                 RateLimitsUpdated, OutputAudioBuffer, ProviderError, GoAway, ResumptionHandle,
                 Unhandled>;

struct Happening {
  std::string_view event_id;  // the core's id for the event, "" when it has none
  HappeningBody body;
};

static_assert(std::is_trivially_copyable_v<AudioDelta>);
static_assert(std::is_trivially_copyable_v<ResponseDone>);

// Stable name of a happening kind, for metrics, logs and the journal ("audio_delta").
std::string_view happening_name(const HappeningBody& body) noexcept;

}  // namespace sy::codec::events
