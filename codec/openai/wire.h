// OpenAI Realtime objects as they appear on the wire, described once for the reflected reader and
// writer. One struct serves both shapes: beta-only and GA-only members are all optional, and the
// conversion to the canonical model (convert.h) says which shape it saw.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "codec/json/types.h"
#include "codec/openai/wire_types.h"

namespace sy::codec::openai::wire {

using json::Nullable;
using json::RawJson;
using Str = std::optional<std::string_view>;

struct AudioFormat {  // GA: {type: "audio/pcm", rate: 24000} | {type: "audio/pcmu"} | {type: "audio/pcma"}
  std::string_view type;
  std::optional<std::uint32_t> rate;
};
BOOST_DESCRIBE_STRUCT(AudioFormat, (), (type, rate))

using FormatField = StringOr<AudioFormat>;  // beta: "pcm16" | "g711_ulaw" | "g711_alaw"

struct TurnDetection {
  Str type;  // server_vad | semantic_vad
  std::optional<double> threshold;
  std::optional<std::uint32_t> prefix_padding_ms;
  std::optional<std::uint32_t> silence_duration_ms;
  Nullable<std::uint32_t> idle_timeout_ms;
  std::optional<bool> create_response;
  std::optional<bool> interrupt_response;
  Str eagerness;
};
BOOST_DESCRIBE_STRUCT(TurnDetection, (), (type, threshold, prefix_padding_ms, silence_duration_ms,
                                          idle_timeout_ms, create_response, interrupt_response,
                                          eagerness))

struct Transcription {
  Str model;
  Str language;
  Str prompt;
};
BOOST_DESCRIBE_STRUCT(Transcription, (), (model, language, prompt))

struct NoiseReduction {
  Str type;  // near_field | far_field
};
BOOST_DESCRIBE_STRUCT(NoiseReduction, (), (type))

struct AudioInput {
  std::optional<FormatField> format;
  Nullable<Transcription> transcription;
  Nullable<NoiseReduction> noise_reduction;
  Nullable<TurnDetection> turn_detection;
};
BOOST_DESCRIBE_STRUCT(AudioInput, (), (format, transcription, noise_reduction, turn_detection))

struct AudioOutput {
  std::optional<FormatField> format;
  Str voice;
  std::optional<double> speed;
};
BOOST_DESCRIBE_STRUCT(AudioOutput, (), (format, voice, speed))

struct Audio {
  std::optional<AudioInput> input;
  std::optional<AudioOutput> output;
};
BOOST_DESCRIBE_STRUCT(Audio, (), (input, output))

struct Tool {
  Str type;  // function (mcp tools are passed over)
  Str name;
  Str description;
  std::optional<RawJson> parameters;
};
BOOST_DESCRIBE_STRUCT(Tool, (), (type, name, description, parameters))

struct NamedChoice {  // tool_choice {type: "function", name}
  Str type;
  Str name;
};
BOOST_DESCRIBE_STRUCT(NamedChoice, (), (type, name))

struct Session {
  Str type;  // GA: "realtime"
  Str object;
  Str id;
  Str model;
  Str instructions;
  Str voice;                                            // beta
  std::optional<std::vector<std::string_view>> modalities;         // beta
  std::optional<std::vector<std::string_view>> output_modalities;  // GA
  std::optional<FormatField> input_audio_format;        // beta
  std::optional<FormatField> output_audio_format;       // beta
  Nullable<TurnDetection> turn_detection;               // beta
  Nullable<Transcription> input_audio_transcription;    // beta
  Nullable<NoiseReduction> input_audio_noise_reduction;  // beta
  std::optional<Audio> audio;                           // GA
  std::optional<std::vector<Tool>> tools;
  std::optional<StringOr<NamedChoice>> tool_choice;
  std::optional<double> temperature;
  std::optional<TokenLimit> max_response_output_tokens;  // beta
  std::optional<TokenLimit> max_output_tokens;           // GA
  std::optional<double> speed;                           // beta
  std::optional<std::int64_t> expires_at;
};
BOOST_DESCRIBE_STRUCT(Session, (),
                      (type, object, id, model, instructions, voice, modalities, output_modalities,
                       input_audio_format, output_audio_format, turn_detection,
                       input_audio_transcription, input_audio_noise_reduction, audio, tools,
                       tool_choice, temperature, max_response_output_tokens, max_output_tokens,
                       speed, expires_at))

struct ContentPart {
  std::string_view type;  // input_text | input_audio | output_text | output_audio | text | audio
  Str text;
  Str transcript;
  Str audio;
  Str format;
};
BOOST_DESCRIBE_STRUCT(ContentPart, (), (type, text, transcript, audio, format))

struct Item {
  Str id;
  Str object;
  Str type;  // message | function_call | function_call_output | item_reference
  Str status;
  Str role;
  std::optional<std::vector<ContentPart>> content;
  Str call_id;
  Str name;
  Str arguments;
  Str output;
};
BOOST_DESCRIBE_STRUCT(Item, (), (id, object, type, status, role, content, call_id, name,
                                 arguments, output))

struct InputTokenDetails {
  std::optional<std::uint64_t> text_tokens;
  std::optional<std::uint64_t> audio_tokens;
  std::optional<std::uint64_t> image_tokens;
  std::optional<std::uint64_t> cached_tokens;
};
BOOST_DESCRIBE_STRUCT(InputTokenDetails, (), (text_tokens, audio_tokens, image_tokens, cached_tokens))

struct OutputTokenDetails {
  std::optional<std::uint64_t> text_tokens;
  std::optional<std::uint64_t> audio_tokens;
};
BOOST_DESCRIBE_STRUCT(OutputTokenDetails, (), (text_tokens, audio_tokens))

struct Usage {
  Str type;
  std::optional<std::uint64_t> total_tokens;
  std::optional<std::uint64_t> input_tokens;
  std::optional<std::uint64_t> output_tokens;
  std::optional<InputTokenDetails> input_token_details;
  std::optional<OutputTokenDetails> output_token_details;
};
BOOST_DESCRIBE_STRUCT(Usage, (), (type, total_tokens, input_tokens, output_tokens,
                                  input_token_details, output_token_details))

struct Error {
  std::string_view type;
  Nullable<std::string_view> code;
  std::string_view message;
  Nullable<std::string_view> param;
  Nullable<std::string_view> event_id;
};
BOOST_DESCRIBE_STRUCT(Error, (), (type, code, message, param, event_id))

struct StatusDetails {
  Str type;
  Str reason;
  std::optional<Error> error;
};
BOOST_DESCRIBE_STRUCT(StatusDetails, (), (type, reason, error))

struct Response {
  Str object;
  Str id;
  Str status;
  Nullable<StatusDetails> status_details;
  std::optional<std::vector<Item>> output;
  Str conversation_id;
  std::optional<std::vector<std::string_view>> modalities;         // beta
  std::optional<std::vector<std::string_view>> output_modalities;  // GA
  Str voice;                                                       // beta
  std::optional<Audio> audio;                                      // GA
  std::optional<TokenLimit> max_output_tokens;
  Nullable<Usage> usage;
  Nullable<RawJson> metadata;
};
BOOST_DESCRIBE_STRUCT(Response, (), (object, id, status, status_details, output, conversation_id,
                                     modalities, output_modalities, voice, audio,
                                     max_output_tokens, usage, metadata))

// The `response` member of a client response.create.
struct ResponseParams {
  Str instructions;
  std::optional<std::vector<std::string_view>> modalities;         // beta
  std::optional<std::vector<std::string_view>> output_modalities;  // GA
  Str voice;                                                       // beta
  std::optional<Audio> audio;                                      // GA
  std::optional<std::vector<Tool>> tools;
  std::optional<StringOr<NamedChoice>> tool_choice;
  std::optional<double> temperature;
  std::optional<TokenLimit> max_response_output_tokens;  // beta
  std::optional<TokenLimit> max_output_tokens;           // GA
  Str conversation;
  std::optional<RawJson> metadata;
  std::optional<std::vector<Item>> input;
};
BOOST_DESCRIBE_STRUCT(ResponseParams, (),
                      (instructions, modalities, output_modalities, voice, audio, tools,
                       tool_choice, temperature, max_response_output_tokens, max_output_tokens,
                       conversation, metadata, input))

struct RateLimit {
  std::string_view name;
  std::uint64_t limit = 0;
  std::uint64_t remaining = 0;
  double reset_seconds = 0;
};
BOOST_DESCRIBE_STRUCT(RateLimit, (), (name, limit, remaining, reset_seconds))

}  // namespace sy::codec::openai::wire
