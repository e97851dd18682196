// OpenAI Realtime events as they appear on the wire: one described struct per event shape (several
// event types share a shape), and the table of event type names in both the GA and beta spelling.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "codec/openai/wire.h"

namespace sy::codec::openai::wire {

// First pass over every frame: which event it is, and its id for error reports.
struct Envelope {
  Str type;
  Str event_id;
};
BOOST_DESCRIBE_STRUCT(Envelope, (), (type, event_id))

// ---- client events ----
struct SessionUpdate {
  std::string_view type;
  Str event_id;
  Session session;
};
BOOST_DESCRIBE_STRUCT(SessionUpdate, (), (type, event_id, session))

struct AudioAppend {
  std::string_view type;
  Str event_id;
  std::string_view audio;
};
BOOST_DESCRIBE_STRUCT(AudioAppend, (), (type, event_id, audio))

struct Bare {  // commit, clear, output_audio_buffer.clear, input_audio_buffer.cleared
  std::string_view type;
  Str event_id;
};
BOOST_DESCRIBE_STRUCT(Bare, (), (type, event_id))

struct ItemCreate {
  std::string_view type;
  Str event_id;
  Nullable<std::string_view> previous_item_id;
  Item item;
};
BOOST_DESCRIBE_STRUCT(ItemCreate, (), (type, event_id, previous_item_id, item))

struct ItemRef {  // conversation.item.retrieve / delete / deleted
  std::string_view type;
  Str event_id;
  std::string_view item_id;
};
BOOST_DESCRIBE_STRUCT(ItemRef, (), (type, event_id, item_id))

struct Truncate {  // conversation.item.truncate / truncated
  std::string_view type;
  Str event_id;
  std::string_view item_id;
  std::uint32_t content_index = 0;
  std::uint32_t audio_end_ms = 0;
};
BOOST_DESCRIBE_STRUCT(Truncate, (), (type, event_id, item_id, content_index, audio_end_ms))

struct ResponseCreate {
  std::string_view type;
  Str event_id;
  std::optional<ResponseParams> response;
};
BOOST_DESCRIBE_STRUCT(ResponseCreate, (), (type, event_id, response))

struct ResponseCancel {
  std::string_view type;
  Str event_id;
  Str response_id;
};
BOOST_DESCRIBE_STRUCT(ResponseCancel, (), (type, event_id, response_id))

// ---- server events ----
struct SessionEvent {  // session.created / session.updated
  std::string_view type;
  std::string_view event_id;
  Session session;
};
BOOST_DESCRIBE_STRUCT(SessionEvent, (), (type, event_id, session))

struct ItemEvent {  // conversation.item.added / done / created / retrieved
  std::string_view type;
  std::string_view event_id;
  Nullable<std::string_view> previous_item_id;
  Item item;
};
BOOST_DESCRIBE_STRUCT(ItemEvent, (), (type, event_id, previous_item_id, item))

struct ItemIdEvent {  // conversation.item.deleted
  std::string_view type;
  std::string_view event_id;
  std::string_view item_id;
};
BOOST_DESCRIBE_STRUCT(ItemIdEvent, (), (type, event_id, item_id))

struct TruncatedEvent {
  std::string_view type;
  std::string_view event_id;
  std::string_view item_id;
  std::uint32_t content_index = 0;
  std::uint32_t audio_end_ms = 0;
};
BOOST_DESCRIBE_STRUCT(TruncatedEvent, (), (type, event_id, item_id, content_index, audio_end_ms))

struct Committed {
  std::string_view type;
  std::string_view event_id;
  Nullable<std::string_view> previous_item_id;
  std::string_view item_id;
};
BOOST_DESCRIBE_STRUCT(Committed, (), (type, event_id, previous_item_id, item_id))

struct SpeechStarted {
  std::string_view type;
  std::string_view event_id;
  std::uint32_t audio_start_ms = 0;
  std::string_view item_id;
};
BOOST_DESCRIBE_STRUCT(SpeechStarted, (), (type, event_id, audio_start_ms, item_id))

struct SpeechStopped {
  std::string_view type;
  std::string_view event_id;
  std::uint32_t audio_end_ms = 0;
  std::string_view item_id;
};
BOOST_DESCRIBE_STRUCT(SpeechStopped, (), (type, event_id, audio_end_ms, item_id))

struct ServerBare {  // input_audio_buffer.cleared
  std::string_view type;
  std::string_view event_id;
};
BOOST_DESCRIBE_STRUCT(ServerBare, (), (type, event_id))

struct TranscriptionDelta {
  std::string_view type;
  std::string_view event_id;
  std::string_view item_id;
  std::uint32_t content_index = 0;
  std::string_view delta;
};
BOOST_DESCRIBE_STRUCT(TranscriptionDelta, (), (type, event_id, item_id, content_index, delta))

struct TranscriptionCompleted {
  std::string_view type;
  std::string_view event_id;
  std::string_view item_id;
  std::uint32_t content_index = 0;
  std::string_view transcript;
  std::optional<Usage> usage;
};
BOOST_DESCRIBE_STRUCT(TranscriptionCompleted, (), (type, event_id, item_id, content_index,
                                                   transcript, usage))

struct TranscriptionFailed {
  std::string_view type;
  std::string_view event_id;
  std::string_view item_id;
  std::uint32_t content_index = 0;
  Error error;
};
BOOST_DESCRIBE_STRUCT(TranscriptionFailed, (), (type, event_id, item_id, content_index, error))

struct ResponseEvent {  // response.created / response.done
  std::string_view type;
  std::string_view event_id;
  Response response;
};
BOOST_DESCRIBE_STRUCT(ResponseEvent, (), (type, event_id, response))

struct OutputItem {  // response.output_item.added / done
  std::string_view type;
  std::string_view event_id;
  std::string_view response_id;
  std::uint32_t output_index = 0;
  Item item;
};
BOOST_DESCRIBE_STRUCT(OutputItem, (), (type, event_id, response_id, output_index, item))

struct ContentPartEvent {  // response.content_part.added / done
  std::string_view type;
  std::string_view event_id;
  std::string_view response_id;
  std::string_view item_id;
  std::uint32_t output_index = 0;
  std::uint32_t content_index = 0;
  ContentPart part;
};
BOOST_DESCRIBE_STRUCT(ContentPartEvent, (), (type, event_id, response_id, item_id, output_index,
                                             content_index, part))

// Audio, text and transcript deltas and dones share one shape; `delta`, `text` and
// `transcript` are present by type.
struct ContentEvent {
  std::string_view type;
  std::string_view event_id;
  std::string_view response_id;
  std::string_view item_id;
  std::uint32_t output_index = 0;
  std::uint32_t content_index = 0;
  Str delta;
  Str text;
  Str transcript;
};
BOOST_DESCRIBE_STRUCT(ContentEvent, (), (type, event_id, response_id, item_id, output_index,
                                         content_index, delta, text, transcript))

struct FunctionArguments {  // response.function_call_arguments.delta / done
  std::string_view type;
  std::string_view event_id;
  std::string_view response_id;
  std::string_view item_id;
  std::uint32_t output_index = 0;
  std::string_view call_id;
  Str delta;
  Str name;
  Str arguments;
};
BOOST_DESCRIBE_STRUCT(FunctionArguments, (), (type, event_id, response_id, item_id, output_index,
                                              call_id, delta, name, arguments))

struct RateLimits {
  std::string_view type;
  std::string_view event_id;
  std::vector<RateLimit> rate_limits;
};
BOOST_DESCRIBE_STRUCT(RateLimits, (), (type, event_id, rate_limits))

struct ErrorEvent {
  std::string_view type;
  std::string_view event_id;
  Error error;
};
BOOST_DESCRIBE_STRUCT(ErrorEvent, (), (type, event_id, error))

struct OutputAudioBufferEvent {
  std::string_view type;
  std::string_view event_id;
  std::string_view response_id;
};
BOOST_DESCRIBE_STRUCT(OutputAudioBufferEvent, (), (type, event_id, response_id))

}  // namespace sy::codec::openai::wire
