// Gemini Live (BidiGenerateContent) messages as they appear on the wire, described once for the
// reflected reader and writer. Members are declared in snake_case: with json::ProtoOptions the
// reader accepts every key in lowerCamelCase and in snake_case, and the writer emits camelCase, as
// proto3 JSON prescribes. Objects we pass through without looking inside (JSON schemas, function
// arguments and responses, thinking config) are RawJson views into the input.
//
// A client or server message has exactly one top-level member (checked by the decoder, not here);
// usageMetadata is the exception on the server side, as it may ride along with another member.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/describe/class.hpp>

#include "codec/gemini/proto_types.h"
#include "codec/json/types.h"

namespace sy::codec::gemini::wire {

using json::RawJson;
using Str = std::optional<std::string_view>;

struct Blob {
  Str mime_type;
  Str data;  // base64
};
BOOST_DESCRIBE_STRUCT(Blob, (), (mime_type, data))

struct Part {
  Str text;
  std::optional<Blob> inline_data;
  std::optional<bool> thought;
  std::optional<RawJson> executable_code;
  std::optional<RawJson> code_execution_result;
};
BOOST_DESCRIBE_STRUCT(Part, (), (text, inline_data, thought, executable_code,
                                 code_execution_result))

// Messages seldom carry more than a couple of parts; four inline slots avoid an allocation per
// audio chunk when a reused message is read again.
using PartList = InlineList<Part, 4>;

struct Content {
  Str role;  // user | model
  PartList parts;
};
BOOST_DESCRIBE_STRUCT(Content, (), (role, parts))

// ---- setup ----
struct PrebuiltVoiceConfig {
  Str voice_name;
};
BOOST_DESCRIBE_STRUCT(PrebuiltVoiceConfig, (), (voice_name))

struct VoiceConfig {
  std::optional<PrebuiltVoiceConfig> prebuilt_voice_config;
};
BOOST_DESCRIBE_STRUCT(VoiceConfig, (), (prebuilt_voice_config))

struct SpeechConfig {
  std::optional<VoiceConfig> voice_config;
  Str language_code;
  std::optional<RawJson> multi_speaker_voice_config;
};
BOOST_DESCRIBE_STRUCT(SpeechConfig, (), (voice_config, language_code, multi_speaker_voice_config))

struct GenerationConfig {
  std::optional<std::vector<std::string_view>> response_modalities;  // "AUDIO" | "TEXT"
  std::optional<SpeechConfig> speech_config;
  std::optional<double> temperature;
  std::optional<std::int32_t> max_output_tokens;
  std::optional<double> top_p;
  std::optional<double> top_k;
  std::optional<std::int32_t> candidate_count;
  std::optional<std::int32_t> seed;
  Str media_resolution;
  std::optional<RawJson> thinking_config;
  std::optional<bool> enable_affective_dialog;
};
BOOST_DESCRIBE_STRUCT(GenerationConfig, (),
                      (response_modalities, speech_config, temperature, max_output_tokens, top_p,
                       top_k, candidate_count, seed, media_resolution, thinking_config,
                       enable_affective_dialog))

struct FunctionDeclaration {
  Str name;
  Str description;
  std::optional<RawJson> parameters;              // OpenAPI schema subset (types in capitals)
  std::optional<RawJson> parameters_json_schema;  // JSON Schema
  std::optional<RawJson> response;
  Str behavior;  // BLOCKING | NON_BLOCKING
};
BOOST_DESCRIBE_STRUCT(FunctionDeclaration, (), (name, description, parameters,
                                                parameters_json_schema, response, behavior))

struct Tool {
  std::optional<std::vector<FunctionDeclaration>> function_declarations;
  std::optional<RawJson> google_search;
  std::optional<RawJson> code_execution;
};
BOOST_DESCRIBE_STRUCT(Tool, (), (function_declarations, google_search, code_execution))

struct AutomaticActivityDetection {
  std::optional<bool> disabled;
  Str start_of_speech_sensitivity;  // START_SENSITIVITY_HIGH | START_SENSITIVITY_LOW
  Str end_of_speech_sensitivity;    // END_SENSITIVITY_HIGH | END_SENSITIVITY_LOW
  std::optional<std::int32_t> prefix_padding_ms;
  std::optional<std::int32_t> silence_duration_ms;
};
BOOST_DESCRIBE_STRUCT(AutomaticActivityDetection, (),
                      (disabled, start_of_speech_sensitivity, end_of_speech_sensitivity,
                       prefix_padding_ms, silence_duration_ms))

struct RealtimeInputConfig {
  std::optional<AutomaticActivityDetection> automatic_activity_detection;
  Str activity_handling;  // START_OF_ACTIVITY_INTERRUPTS | NO_INTERRUPTION
  Str turn_coverage;
};
BOOST_DESCRIBE_STRUCT(RealtimeInputConfig, (), (automatic_activity_detection, activity_handling,
                                                turn_coverage))

struct SessionResumptionConfig {
  Str handle;
  std::optional<bool> transparent;
};
BOOST_DESCRIBE_STRUCT(SessionResumptionConfig, (), (handle, transparent))

struct AudioTranscriptionConfig {
  std::optional<std::vector<std::string_view>> language_codes;
};
BOOST_DESCRIBE_STRUCT(AudioTranscriptionConfig, (), (language_codes))

struct Setup {
  Str model;  // "models/gemini-..."
  std::optional<GenerationConfig> generation_config;
  std::optional<Content> system_instruction;
  std::optional<std::vector<Tool>> tools;
  std::optional<RealtimeInputConfig> realtime_input_config;
  std::optional<SessionResumptionConfig> session_resumption;
  std::optional<RawJson> context_window_compression;
  std::optional<AudioTranscriptionConfig> input_audio_transcription;
  std::optional<AudioTranscriptionConfig> output_audio_transcription;
  std::optional<RawJson> proactivity;
};
BOOST_DESCRIBE_STRUCT(Setup, (),
                      (model, generation_config, system_instruction, tools, realtime_input_config,
                       session_resumption, context_window_compression, input_audio_transcription,
                       output_audio_transcription, proactivity))

// ---- other client messages ----
struct ClientContent {
  std::optional<std::vector<Content>> turns;
  std::optional<bool> turn_complete;
};
BOOST_DESCRIBE_STRUCT(ClientContent, (), (turns, turn_complete))

struct RealtimeInput {
  std::optional<InlineList<Blob, 2>> media_chunks;  // deprecated form of audio/video
  std::optional<Blob> audio;
  std::optional<bool> audio_stream_end;
  std::optional<Blob> video;
  Str text;
  std::optional<Empty> activity_start;
  std::optional<Empty> activity_end;
};
BOOST_DESCRIBE_STRUCT(RealtimeInput, (), (media_chunks, audio, audio_stream_end, video, text,
                                          activity_start, activity_end))

struct FunctionResponse {
  Str id;
  Str name;
  std::optional<RawJson> response;  // an object
  Str scheduling;                   // INTERRUPT | WHEN_IDLE | SILENT
  std::optional<bool> will_continue;
};
BOOST_DESCRIBE_STRUCT(FunctionResponse, (), (id, name, response, scheduling, will_continue))

struct ToolResponse {
  std::optional<std::vector<FunctionResponse>> function_responses;
};
BOOST_DESCRIBE_STRUCT(ToolResponse, (), (function_responses))

struct ClientMessage {
  std::optional<Setup> setup;
  std::optional<ClientContent> client_content;
  std::optional<RealtimeInput> realtime_input;
  std::optional<ToolResponse> tool_response;
};
BOOST_DESCRIBE_STRUCT(ClientMessage, (), (setup, client_content, realtime_input, tool_response))

// ---- server messages ----
struct SetupComplete {
  Str session_id;
};
BOOST_DESCRIBE_STRUCT(SetupComplete, (), (session_id))

struct Transcription {
  Str text;
  std::optional<bool> finished;
};
BOOST_DESCRIBE_STRUCT(Transcription, (), (text, finished))

struct ServerContent {
  std::optional<Content> model_turn;
  std::optional<bool> generation_complete;
  std::optional<bool> turn_complete;
  std::optional<bool> interrupted;
  std::optional<Transcription> input_transcription;
  std::optional<Transcription> output_transcription;
  Str turn_complete_reason;
  std::optional<bool> waiting_for_input;
  std::optional<RawJson> grounding_metadata;
};
BOOST_DESCRIBE_STRUCT(ServerContent, (),
                      (model_turn, generation_complete, turn_complete, interrupted,
                       input_transcription, output_transcription, turn_complete_reason,
                       waiting_for_input, grounding_metadata))

struct FunctionCall {
  Str id;
  Str name;
  std::optional<RawJson> args;  // an object
};
BOOST_DESCRIBE_STRUCT(FunctionCall, (), (id, name, args))

struct ToolCall {
  std::optional<InlineList<FunctionCall, 2>> function_calls;
};
BOOST_DESCRIBE_STRUCT(ToolCall, (), (function_calls))

struct ToolCallCancellation {
  std::optional<std::vector<std::string_view>> ids;
};
BOOST_DESCRIBE_STRUCT(ToolCallCancellation, (), (ids))

struct ModalityTokenCount {
  Str modality;  // TEXT | AUDIO | IMAGE | VIDEO
  std::optional<std::int32_t> token_count;
};
BOOST_DESCRIBE_STRUCT(ModalityTokenCount, (), (modality, token_count))

using ModalityCounts = InlineList<ModalityTokenCount, 3>;

struct UsageMetadata {
  std::optional<std::int32_t> prompt_token_count;
  std::optional<std::int32_t> cached_content_token_count;
  std::optional<std::int32_t> response_token_count;
  std::optional<std::int32_t> tool_use_prompt_token_count;
  std::optional<std::int32_t> thoughts_token_count;
  std::optional<std::int32_t> total_token_count;
  std::optional<ModalityCounts> prompt_tokens_details;
  std::optional<ModalityCounts> cache_tokens_details;
  std::optional<ModalityCounts> response_tokens_details;
};
BOOST_DESCRIBE_STRUCT(UsageMetadata, (),
                      (prompt_token_count, cached_content_token_count, response_token_count,
                       tool_use_prompt_token_count, thoughts_token_count, total_token_count,
                       prompt_tokens_details, cache_tokens_details, response_tokens_details))

struct GoAway {
  std::optional<Duration> time_left;
};
BOOST_DESCRIBE_STRUCT(GoAway, (), (time_left))

struct SessionResumptionUpdate {
  Str new_handle;
  std::optional<bool> resumable;
  std::optional<Int64> last_consumed_client_message_index;
};
BOOST_DESCRIBE_STRUCT(SessionResumptionUpdate, (),
                      (new_handle, resumable, last_consumed_client_message_index))

struct ServerMessage {
  std::optional<SetupComplete> setup_complete;
  std::optional<ServerContent> server_content;
  std::optional<ToolCall> tool_call;
  std::optional<ToolCallCancellation> tool_call_cancellation;
  std::optional<GoAway> go_away;
  std::optional<SessionResumptionUpdate> session_resumption_update;
  std::optional<UsageMetadata> usage_metadata;
};
BOOST_DESCRIBE_STRUCT(ServerMessage, (),
                      (setup_complete, server_content, tool_call, tool_call_cancellation, go_away,
                       session_resumption_update, usage_metadata))

}  // namespace sy::codec::gemini::wire
