// The canonical session configuration: what both dialects can say about a session, in neither's
// words. Every member is optional because a configure intent is a partial update ("absent" means
// "unchanged"); switching a feature off is an explicit value (TurnDetectionMode::manual,
// Transcription{.enabled = false}).
//
// Text members are views (into the frame a dialect decoded, or into storage the producer owns);
// lists are spans over such storage. No member owns memory, so a config is trivially copyable and
// a consumer that keeps one beyond the frame must copy what it needs.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace sy::codec::events {

enum class AudioEncoding : std::uint8_t { pcm16, g711_ulaw, g711_alaw };

struct AudioFormat {
  AudioEncoding encoding = AudioEncoding::pcm16;
  std::uint32_t sample_rate = 24000;  // G.711 is always 8000
  friend bool operator==(const AudioFormat&, const AudioFormat&) = default;
};

struct Modalities {
  bool text = false;
  bool audio = false;
  friend bool operator==(const Modalities&, const Modalities&) = default;
};

enum class TurnDetectionMode : std::uint8_t { manual, server_vad, semantic_vad };

struct TurnDetection {
  TurnDetectionMode mode = TurnDetectionMode::server_vad;
  std::optional<double> threshold;  // server_vad only; Gemini has no counterpart
  std::optional<std::uint32_t> prefix_padding_ms;
  std::optional<std::uint32_t> silence_duration_ms;
  std::optional<std::uint32_t> idle_timeout_ms;
  std::optional<bool> create_response;
  std::optional<bool> interrupt_response;
  std::string_view eagerness;  // semantic_vad: low | medium | high | auto
  friend bool operator==(const TurnDetection&, const TurnDetection&) = default;
};

struct Transcription {
  bool enabled = true;
  std::string_view model;
  std::string_view language;
  std::string_view prompt;
  friend bool operator==(const Transcription&, const Transcription&) = default;
};

struct Tool {
  std::string_view name;
  std::string_view description;
  std::string_view parameters_json;  // the JSON Schema object, verbatim ("" when none)
  friend bool operator==(const Tool&, const Tool&) = default;
};

// A token limit: a count, or "inf" (no limit).
struct MaxTokens {
  bool infinite = true;
  std::uint32_t count = 0;
  friend bool operator==(const MaxTokens&, const MaxTokens&) = default;
};

struct SessionConfig {
  std::optional<std::string_view> model;
  std::optional<std::string_view> instructions;
  std::optional<std::string_view> voice;  // in the dialect's own naming; translators map it
  std::optional<Modalities> modalities;
  std::optional<AudioFormat> input_format;
  std::optional<AudioFormat> output_format;
  std::optional<TurnDetection> turn_detection;
  std::optional<Transcription> transcription;
  // Transcripts of the spoken answers (Gemini asks for them; OpenAI always sends them).
  std::optional<bool> output_transcription;
  std::optional<std::string_view> noise_reduction;  // near_field | far_field; "" = off
  std::optional<std::span<const Tool>> tools;
  std::optional<std::string_view> tool_choice;  // auto | none | required | a function name
  std::optional<double> temperature;
  std::optional<MaxTokens> max_output_tokens;
  std::optional<double> speed;
};

static_assert(std::is_trivially_copyable_v<SessionConfig>);

}  // namespace sy::codec::events
