// What a benchmark session says and what it waits for, per dialect: the set-up exchange that makes
// a session "ready", the audio message it sends, and which incoming message answers it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sy::bench {

enum class Protocol : std::uint8_t {
  raw,     // any binary payload; the peer echoes it (the echo server)
  openai,  // input_audio_buffer.append → response.output_audio.delta; ready on session.created
  gemini,  // setup → setupComplete, then realtimeInput.audio → serverContent.modelTurn inlineData
};

[[nodiscard]] bool parse_protocol(std::string_view name, Protocol& out);
[[nodiscard]] const char* protocol_name(Protocol p);

// The sample rate a client of this dialect streams: OpenAI Realtime 24 kHz, Gemini Live 16 kHz.
[[nodiscard]] unsigned default_rate(Protocol p);

// The message a client sends first (Gemini's setup), or empty when it sends nothing first.
[[nodiscard]] std::string opening_message(Protocol p);

// One audio message carrying `pcm_bytes` of PCM16 (a square wave at speech level) in the dialect's
// shape; for raw, the PCM itself (sent as a binary frame).
[[nodiscard]] std::string audio_message(Protocol p, std::size_t pcm_bytes, unsigned rate);

// True for the message that ends the set-up exchange (raw: never called, ready on connect).
[[nodiscard]] bool is_ready(Protocol p, std::span<const std::uint8_t> message);
// True for the message that answers one audio message.
[[nodiscard]] bool is_answer(Protocol p, std::span<const std::uint8_t> message);

}  // namespace sy::bench
