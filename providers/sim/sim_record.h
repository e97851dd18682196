// What one simulated session received, for tests and the benchmark to assert on through
// GET /_sim/sessions: message counts by wire name, setups, audio (bytes, declared rates, chunk
// sizes, duration), the texts and conversation items the client sent, and how it ended.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sy::codec::json {
class Writer;
}

namespace sy::providers::sim {

// A conversation item as the client sent it (OpenAI conversation.item.create, a Gemini
// clientContent turn, a Gemini functionResponse).
struct ReceivedItem {
  std::string type;  // message | function_call | function_call_output
  std::string role;  // user | assistant | system | model ("" for calls and outputs)
  std::string text;  // the text parts joined, or a call's arguments, or an output
  std::string call_id;
  std::string name;
};

struct SimRecord {
  std::uint64_t id = 0;        // the server's number for the session
  std::string face;            // openai | gemini
  std::string path;            // request path and query, without credentials
  std::string model;
  bool open = true;
  std::uint16_t close_code = 0;  // the code that ended it (0 while open)

  // Client messages by wire name: OpenAI event types ("input_audio_buffer.append"), Gemini
  // top-level members ("setup") and realtimeInput members ("realtimeInput.audio").
  std::map<std::string, std::uint64_t, std::less<>> received;
  std::uint64_t sent = 0;        // messages the simulator sent
  std::uint64_t invalid = 0;     // messages refused as malformed
  std::uint32_t setups = 0;      // Gemini setup messages (and OpenAI session.update)
  std::string last_config;       // the last setup / session.update, verbatim JSON

  std::uint64_t audio_messages = 0;
  std::uint64_t audio_bytes = 0;   // decoded bytes
  double audio_ms = 0;             // duration, each chunk at its declared rate
  std::uint64_t min_chunk_bytes = 0;
  std::uint64_t max_chunk_bytes = 0;
  std::vector<std::uint32_t> audio_rates;  // distinct declared rates, in order of appearance
  std::vector<std::string> audio_formats;  // distinct declared formats (mime type / GA type)

  std::vector<std::string> texts;  // user texts (input_text, clientContent, realtimeInput.text)
  std::vector<ReceivedItem> items;
  std::string resumption_handle;   // Gemini setup.sessionResumption.handle, if any
  std::uint32_t responses = 0;     // answers started (responses / model turns)
  std::uint32_t cancelled = 0;     // answers cut short (cancel, interruption)

  void count(std::string_view name);
  // One audio chunk of `bytes` decoded bytes at `rate` (`format` as declared).
  void audio(std::uint64_t bytes, std::uint32_t rate, std::uint32_t bytes_per_sample,
             std::string_view format);
};

// Writes one record as JSON (the shape is shown in sim_application.h).
void write_record(const SimRecord& r, codec::json::Writer& w);

}  // namespace sy::providers::sim
