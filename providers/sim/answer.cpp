#include "providers/sim/answer.h"

#include <simdjson.h>

#include <cctype>
#include <cmath>
#include <numbers>

#include "codec/json/writer.h"

namespace sy::providers::sim {

namespace {

bool iequal(char a, char b) {
  return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

// Position of `needle` in `hay`, ignoring case; npos when absent.
std::size_t ifind(std::string_view hay, std::string_view needle) {
  if (needle.empty() || needle.size() > hay.size()) return std::string_view::npos;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && iequal(hay[i + k], needle[k])) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

bool is_trim(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == '.' || c == ',' || c == '?' ||
         c == '!' || c == ':' || c == ';' || c == '"' || c == '\'';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_trim(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_trim(s.back())) s.remove_suffix(1);
  return s;
}

// What follows the tool's name: "call get_weather for Paris" -> "Paris".
std::string_view argument_text(const ToolSpec& tool, std::string_view text) {
  std::size_t at = ifind(text, tool.name);
  if (at == std::string_view::npos) return {};
  std::string_view rest = trim(text.substr(at + tool.name.size()));
  for (std::string_view word : {"for ", "in ", "with ", "about ", "on "}) {
    if (rest.size() > word.size() && ifind(rest.substr(0, word.size()), word) == 0) {
      rest = trim(rest.substr(word.size()));
      break;
    }
  }
  return rest;
}

}  // namespace

std::string describe_audio(std::uint64_t ms, std::string_view fixed) {
  if (!fixed.empty()) return std::string(fixed);
  return std::to_string(ms) + " milliseconds of audio";
}

std::string answer_text(std::string_view user_text) {
  if (user_text.empty()) return "Hello.";
  return "You said: " + std::string(user_text);
}

std::string tool_result_text(std::string_view name, std::string_view output) {
  return "The result of " + std::string(name.empty() ? "the function" : name) + " is " +
         std::string(output);
}

int requested_tool(std::string_view text, std::span<const ToolSpec> tools,
                   std::string_view tool_choice) {
  if (tools.empty() || tool_choice == "none") return -1;
  if (!tool_choice.empty() && tool_choice != "auto" && tool_choice != "required") {
    for (std::size_t i = 0; i < tools.size(); ++i) {
      if (tools[i].name == tool_choice) return static_cast<int>(i);
    }
    return -1;
  }
  // The longest name the text mentions, so "get_weather_detail" beats "get_weather".
  int best = -1;
  for (std::size_t i = 0; i < tools.size(); ++i) {
    if (ifind(text, tools[i].name) == std::string_view::npos) continue;
    if (best < 0 || tools[i].name.size() > tools[static_cast<std::size_t>(best)].name.size()) {
      best = static_cast<int>(i);
    }
  }
  if (best < 0 && tool_choice == "required") best = 0;
  return best;
}

std::string tool_arguments(const ToolSpec& tool, std::string_view text) {
  std::string_view said = argument_text(tool, text);
  if (said.empty()) said = "sim";
  codec::json::Writer w;
  w.begin_object();
  if (!tool.parameters_json.empty()) {
    simdjson::dom::parser parser;
    simdjson::dom::element schema;
    simdjson::dom::object props;
    if (parser.parse(tool.parameters_json).get(schema) == simdjson::SUCCESS &&
        schema["properties"].get(props) == simdjson::SUCCESS) {
      for (auto [key, value] : props) {
        std::string_view type;
        if (value["type"].get(type) != simdjson::SUCCESS) type = "string";
        w.escaped_key(key);
        if (type == "number" || type == "integer") {
          w.integer(1);
        } else if (type == "boolean") {
          w.boolean(true);
        } else if (type == "array") {
          w.begin_array();
          w.end_array();
        } else if (type == "object") {
          w.begin_object();
          w.end_object();
        } else {
          w.string(said);
        }
      }
    }
  }
  w.end_object();
  return std::string(w.view());
}

std::vector<std::string> split_text(std::string_view text, std::size_t parts) {
  std::vector<std::string> out(parts == 0 ? 1 : parts);
  // Word starts: each piece begins at a word and keeps the blanks that follow it.
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool blank = std::isspace(static_cast<unsigned char>(text[i]));
    bool prev_blank = i == 0 || std::isspace(static_cast<unsigned char>(text[i - 1]));
    if (!blank && (prev_blank || i == 0)) starts.push_back(i);
  }
  if (starts.empty()) {
    out[0] = std::string(text);
    return out;
  }
  std::size_t n = out.size();
  std::size_t words = starts.size();
  for (std::size_t p = 0; p < n; ++p) {
    // Rounded up, so the first piece always carries a word (a transcript starts with the audio).
    std::size_t first = (p * words + n - 1) / n;
    std::size_t last = ((p + 1) * words + n - 1) / n;
    if (first == last) continue;
    std::size_t begin = first == 0 ? 0 : starts[first];
    std::size_t end = last == words ? text.size() : starts[last];
    out[p] = std::string(text.substr(begin, end - begin));
  }
  return out;
}

void append_tone(std::vector<std::int16_t>& out, std::uint32_t rate, std::uint32_t ms) {
  std::size_t n = static_cast<std::size_t>(rate) * ms / 1000;
  out.reserve(out.size() + n);
  const double step = 2.0 * std::numbers::pi * 440.0 / rate;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(static_cast<std::int16_t>(std::lround(8192.0 * std::sin(step * i))));
  }
}

void append_resampled(std::vector<std::int16_t>& out, std::span<const std::int16_t> in,
                      std::uint32_t in_rate, std::uint32_t out_rate) {
  if (in_rate == out_rate || in_rate == 0) {
    out.insert(out.end(), in.begin(), in.end());
    return;
  }
  std::size_t n = static_cast<std::size_t>(in.size() * std::uint64_t{out_rate} / in_rate);
  out.reserve(out.size() + n);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(in[static_cast<std::size_t>(i * std::uint64_t{in_rate} / out_rate)]);
  }
}

std::uint64_t text_tokens(std::string_view text) { return (text.size() + 3) / 4; }
std::uint64_t input_audio_tokens(std::uint64_t ms) { return ms / 100; }
std::uint64_t output_audio_tokens(std::uint64_t ms) { return ms / 50; }

codec::events::Usage make_usage(std::uint64_t in_text, std::uint64_t in_audio,
                                std::uint64_t out_text, std::uint64_t out_audio) {
  codec::events::Usage u;
  u.input_text_tokens = in_text;
  u.input_audio_tokens = in_audio;
  u.output_text_tokens = out_text;
  u.output_audio_tokens = out_audio;
  u.input_tokens = in_text + in_audio;
  u.output_tokens = out_text + out_audio;
  u.total_tokens = u.input_tokens + u.output_tokens;
  return u;
}

}  // namespace sy::providers::sim
