// Conversions between Gemini Live wire objects and the canonical model (codec/events) that do not
// depend on session state: a setup as a session configuration and back, usage metadata as usage
// and back, the text of a Content. Voices are not mapped here (the translators own the table);
// a configuration's voice is taken and given in Gemini's naming.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codec/events/items.h"
#include "codec/events/session_config.h"
#include "codec/gemini/wire.h"

namespace sy::codec::gemini {

// Owns what a converted configuration points at beyond the frame (joined instructions, tool list,
// schemas rewritten to JSON Schema spelling). Reused: clear() keeps capacity.
struct ConfigStorage {
  std::string instructions;
  std::vector<events::Tool> tools;
  std::vector<std::string> schemas;
  void clear() {
    instructions.clear();
    tools.clear();
    schemas.clear();
  }
};

// A setup describes a whole session, so members it leaves out come back as Gemini's defaults
// where OpenAI's differ: no transcription, automatic activity detection.
//   systemInstruction parts  -> instructions (joined by blank lines, as the service reads them)
//   speechConfig voice       -> voice (Gemini name)
//   responseModalities       -> modalities (AUDIO -> audio, TEXT -> text)
//   automaticActivityDetection.disabled -> turn_detection manual; else server_vad with
//     prefix padding, silence duration; activityHandling NO_INTERRUPTION -> interrupt_response
//     false; startOfSpeechSensitivity HIGH/LOW -> threshold 0.3/0.7; endOfSpeechSensitivity has
//     no server_vad counterpart and is dropped
//   inputAudioTranscription  -> transcription enabled
//   functionDeclarations     -> tools (parametersJsonSchema verbatim; OpenAPI `parameters` with
//     its upper-case type names rewritten to JSON Schema's lower-case ones)
void to_config(const wire::Setup& setup, events::SessionConfig& out, ConfigStorage& storage);

// The setup for an upstream Gemini connection from a complete configuration (voice already in
// Gemini naming). `model` is the full resource name ("models/..."). Inverse of the above where
// both sides can say it; turn detection maps as:
//   manual -> automaticActivityDetection{disabled:true}
//   server_vad/semantic_vad -> {disabled:false, prefixPaddingMs, silenceDurationMs}, threshold
//     below 0.5 -> START_SENSITIVITY_HIGH, above -> START_SENSITIVITY_LOW; semantic eagerness
//     high -> END_SENSITIVITY_HIGH, low -> END_SENSITIVITY_LOW
//   interrupt_response false -> activityHandling NO_INTERRUPTION
// Output transcription is always requested when audio is (OpenAI clients get transcripts).
void from_config(const events::SessionConfig& config, std::string_view model, wire::Setup& out);

events::Usage to_usage(const wire::UsageMetadata& usage);
wire::UsageMetadata from_usage(const events::Usage& usage);

// The text parts of a content, joined by "\n\n" into `out` (which is cleared first); returns a
// view of the only part when there is exactly one (no copy), else of `out`.
std::string_view content_text(const wire::Content& content, std::string& out);

// Rewrites an OpenAPI schema's upper-case type names ("type":"OBJECT") to JSON Schema's.
std::string lower_schema_types(std::string_view schema);

}  // namespace sy::codec::gemini
