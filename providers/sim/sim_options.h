// What one simulated provider conversation is asked to be: its protocol face, how it answers, and
// which faults it injects. Plain values, shared by SimSession (pure) and SimApplication (sockets).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sy::providers::sim {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

// The protocol the simulator speaks to its client (the gateway, a test, the benchmark).
enum class Face : std::uint8_t { openai, gemini };

// What an audio answer carries: a tone, or the user's last utterance played back.
enum class AnswerAudio : std::uint8_t { tone, echo };

struct SimOptions {
  Face face = Face::openai;
  // Benchmark mode: each input audio message is answered at once by one output audio message with
  // the same audio; no VAD, no transcripts, no responses.
  bool echo = false;
  AnswerAudio answer_audio = AnswerAudio::tone;
  std::string model;         // as the client named it ("" = the face's default)
  bool openai_beta = false;  // the client sent `OpenAI-Beta: realtime=v1`
  std::string session_id;    // reported in session.created ("" = "sess_sim")

  std::uint32_t tone_ms = 600;           // length of a tone answer
  std::uint32_t chunk_ms = 100;          // audio per output message
  std::uint32_t chunk_interval_ms = 20;  // wall-clock gap between output chunks (0: all at once)
  // Transcript of every audio turn; "" describes the duration heard ("1200 milliseconds of
  // audio"). Lets a spoken turn ask for a tool ("call get_weather").
  std::string transcript;

  // Fault injection (0 = off).
  std::uint32_t delay_first_audio_ms = 0;  // hold the first audio of every answer this long
  std::uint32_t close_after_events = 0;    // close (1011) once this many messages were sent
  std::uint32_t go_away_after_ms = 0;      // Gemini: goAway this long after the connection opened
  std::uint32_t go_away_time_left_ms = 1000;  // ...announcing this much time, then close 1001
};

}  // namespace sy::providers::sim
