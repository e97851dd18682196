// The deterministic content of the simulator's answers, shared by both protocol faces: what a
// user turn "said", the text of an answer, whether a turn asks for a tool and with which
// arguments, the answer's audio (a tone, or the user's audio played back), and token counts.
// Everything here is a pure function of its inputs.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codec/events/items.h"

namespace sy::providers::sim {

// The transcript of an audio turn: `fixed` when set, else a description of its duration
// ("1200 milliseconds of audio").
std::string describe_audio(std::uint64_t ms, std::string_view fixed);

// The answer to a user turn: `You said: <text>` ("Hello." when there was nothing to answer).
std::string answer_text(std::string_view user_text);
// The answer after a tool ran: `The result of <name> is <output>`.
std::string tool_result_text(std::string_view name, std::string_view output);

struct ToolSpec {
  std::string name;
  std::string parameters_json;  // JSON Schema object, "" when none
};

// Which tool a turn asks for, following tool_choice: "none" never calls, "required" calls the
// tool the text names or else the first, a function name calls that one, "auto" (or "") calls a
// tool only when the text names it (case-insensitive, e.g. "call get_weather for Paris").
// Returns an index into `tools`, or -1.
int requested_tool(std::string_view text, std::span<const ToolSpec> tools,
                   std::string_view tool_choice);

// Arguments for a call, as a JSON object that fits the tool's schema: every declared property
// gets a value of its type; strings carry what the user said after the tool's name ("sim" when
// nothing), numbers 1, booleans true, arrays [] and objects {}.
std::string tool_arguments(const ToolSpec& tool, std::string_view text);

// `parts` pieces of `text` whose concatenation is `text`, cut at word boundaries and as even
// as the words allow; with fewer words than pieces some are empty, never the first.
std::vector<std::string> split_text(std::string_view text, std::size_t parts);

// A 440 Hz tone at a quarter of full scale, `ms` long at `rate`, appended to `out`.
void append_tone(std::vector<std::int16_t>& out, std::uint32_t rate, std::uint32_t ms);
// `in` (at in_rate) at out_rate by picking the nearest earlier sample: crude, but exact in
// duration and deterministic, which is all playback of the user's audio needs.
void append_resampled(std::vector<std::int16_t>& out, std::span<const std::int16_t> in,
                      std::uint32_t in_rate, std::uint32_t out_rate);

// Token counts the way the providers bill: text ~4 characters per token, input audio 10 tokens
// per second, output audio 20 tokens per second.
std::uint64_t text_tokens(std::string_view text);
std::uint64_t input_audio_tokens(std::uint64_t ms);
std::uint64_t output_audio_tokens(std::uint64_t ms);
codec::events::Usage make_usage(std::uint64_t in_text, std::uint64_t in_audio,
                                std::uint64_t out_text, std::uint64_t out_audio);

}  // namespace sy::providers::sim
