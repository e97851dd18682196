#include "golden_runner.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <deque>
#include <simdjson.h>
#include <sstream>

#include "codec/audio/base64.h"
#include "codec/json/read_context.h"
#include "codec/translate/translator.h"

namespace sy::codec::translate::testing {

namespace {

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// Strings of 100+ base64 characters (audio) become "<b64:N>" with N decoded bytes.
std::string normalise(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '"') {
      out.push_back(s[i++]);
      continue;
    }
    std::size_t j = i + 1;
    while (j < s.size() && is_base64_char(s[j])) ++j;
    std::size_t k = j;
    while (k < s.size() && k < j + 2 && s[k] == '=') ++k;
    if (j - i - 1 >= 100 && k < s.size() && s[k] == '"') {
      std::string_view b64 = s.substr(i + 1, k - i - 1);
      out += "\"<b64:" + std::to_string(audio::base64_decoded_size(b64)) + ">\"";
      i = k + 1;
      continue;
    }
    // Not audio: copy the string as it is (up to its closing quote, escapes included).
    out.push_back(s[i++]);
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\\' && i + 1 < s.size()) out.push_back(s[i++]);
      out.push_back(s[i++]);
    }
    if (i < s.size()) out.push_back(s[i++]);
  }
  return out;
}

void render(const Outputs& out, std::vector<std::string>& lines) {
  if (out.forward_upstream) lines.push_back("< forward_upstream");
  if (out.forward_client) lines.push_back("< forward_client");
  for (std::size_t i = 0; i < out.upstream.size(); ++i) {
    lines.push_back("< upstream " + normalise(out.upstream.data(i)));
  }
  for (std::size_t i = 0; i < out.client.size(); ++i) {
    lines.push_back(std::string(out.client.opcode(i) == Opcode::binary ? "< client.bin "
                                                                       : "< client ") +
                    normalise(out.client.data(i)));
  }
  if (out.close_client) {
    lines.push_back("< close " + std::to_string(out.close_client->code) + " " +
                    out.close_client->reason);
  }
  if (out.upstream_going_away_ms) {
    lines.push_back("< going_away " + std::to_string(*out.upstream_going_away_ms));
  }
}

Dialect dialect(const std::string& s) { return s == "gemini" ? Dialect::gemini : Dialect::openai; }

// A restore described in a script line:
//   {"config":{"instructions":"..","voice":"..","manual":true},"handle":"..",
//    "history":[{"id":"..","role":"user|assistant","text":".."},
//               {"id":"..","type":"function_call","call_id":"..","name":"..","arguments":".."},
//               {"id":"..","type":"function_call_output","call_id":"..","name":"..","output":".."}]}
struct ScriptRestore {
  std::deque<std::string> text;  // owns what the views below point at
  std::vector<events::ContentPart> parts;
  std::vector<events::Item> items;
  events::SessionConfig config;
  bool has_config = false;
  std::string handle;

  std::string_view keep(std::string_view s) { return text.emplace_back(s); }

  bool parse(const std::string& json) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(json).get(doc) != simdjson::SUCCESS) return false;
    std::string_view sv;
    bool b = false;
    simdjson::dom::object cfg;
    if (doc["config"].get(cfg) == simdjson::SUCCESS) {
      has_config = true;
      if (cfg["instructions"].get(sv) == simdjson::SUCCESS) config.instructions = keep(sv);
      if (cfg["voice"].get(sv) == simdjson::SUCCESS) config.voice = keep(sv);
      if (cfg["manual"].get(b) == simdjson::SUCCESS && b) {
        events::TurnDetection td;
        td.mode = events::TurnDetectionMode::manual;
        config.turn_detection = td;
      }
    }
    if (doc["handle"].get(sv) == simdjson::SUCCESS) handle = sv;
    simdjson::dom::array history;
    if (doc["history"].get(history) != simdjson::SUCCESS) return true;
    parts.reserve(history.size());
    for (simdjson::dom::element e : history) {
      events::Item item;
      if (e["id"].get(sv) == simdjson::SUCCESS) item.id = keep(sv);
      std::string_view type;
      if (e["type"].get(type) != simdjson::SUCCESS) type = "message";
      if (type == "function_call") {
        item.type = events::ItemType::function_call;
        item.role = events::Role::assistant;
        if (e["call_id"].get(sv) == simdjson::SUCCESS) item.call_id = keep(sv);
        if (e["name"].get(sv) == simdjson::SUCCESS) item.name = keep(sv);
        if (e["arguments"].get(sv) == simdjson::SUCCESS) item.arguments = keep(sv);
      } else if (type == "function_call_output") {
        item.type = events::ItemType::function_call_output;
        if (e["call_id"].get(sv) == simdjson::SUCCESS) item.call_id = keep(sv);
        if (e["name"].get(sv) == simdjson::SUCCESS) item.name = keep(sv);
        if (e["output"].get(sv) == simdjson::SUCCESS) item.output = keep(sv);
      } else {
        std::string_view role;
        if (e["role"].get(role) != simdjson::SUCCESS) role = "user";
        item.role = role == "assistant" ? events::Role::assistant : events::Role::user;
        events::ContentPart& p = parts.emplace_back();
        if (e["text"].get(sv) == simdjson::SUCCESS) p.text = keep(sv);
        item.content = std::span<const events::ContentPart>(&p, 1);
      }
      item.status = events::ItemStatus::completed;
      items.push_back(item);
    }
    return true;
  }
};

}  // namespace

std::string tone_base64(int rate, int ms) {
  std::size_t samples = static_cast<std::size_t>(rate) * static_cast<std::size_t>(ms) / 1000;
  std::vector<std::uint8_t> bytes(samples * 2);
  for (std::size_t i = 0; i < samples; ++i) {
    auto v = static_cast<std::int16_t>(std::lround(
        8000 * std::sin(2 * std::numbers::pi * 440.0 * static_cast<double>(i) / rate)));
    bytes[2 * i] = static_cast<std::uint8_t>(static_cast<std::uint16_t>(v) & 0xff);
    bytes[2 * i + 1] = static_cast<std::uint8_t>(static_cast<std::uint16_t>(v) >> 8);
  }
  std::string out;
  audio::base64_encode_append(bytes, out);
  return out;
}

std::string expand_audio(const std::string& text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t m = text.find("$PCM", i);
    if (m == std::string::npos) break;
    out.append(text, i, m - i);
    std::size_t open = m + 6;
    std::size_t close = text.find(')', open);
    int rate = text.compare(m, 6, "$PCM24") == 0 ? 24000 : 16000;
    if (close == std::string::npos || open >= text.size() || text[open] != '(') {
      out.append(text, m, 4);
      i = m + 4;
      continue;
    }
    out += tone_base64(rate, std::stoi(text.substr(open + 1, close - open - 1)));
    i = close + 1;
  }
  out.append(text, i, std::string::npos);
  return out;
}

GoldenResult run_golden(const std::string& script) {
  GoldenResult result;
  std::istringstream in(script);
  std::string line;
  std::unique_ptr<Translator> t;
  TranslatorOptions options;
  options.id_seed = 7;
  Dialect client = Dialect::openai;
  Dialect core = Dialect::openai;
  bool have_dialects = false;
  Outputs out;
  const Clock::time_point t0{};
  Clock::time_point now = t0;
  std::string frame;
  ScriptRestore restore;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("dialects ", 0) == 0) {
      std::istringstream d(line.substr(9));
      std::string c, k;
      d >> c >> k;
      client = dialect(c);
      core = dialect(k);
      have_dialects = true;
      continue;
    }
    if (line == "option beta") {
      options.openai_beta = true;
      continue;
    }
    if (line.rfind("option client_handle ", 0) == 0) {
      options.client_handle = trim(line.substr(21));
      continue;
    }
    if (line[0] == '<') {
      result.expected.push_back(line);
      continue;
    }
    if (line[0] != '>' || !have_dialects) {
      result.error = "bad line: " + line;
      return result;
    }
    // Created at the first input, so options given after `dialects` apply.
    if (!t) t = make_translator(client, core, options);
    std::string cmd = trim(line.substr(1));
    std::string arg;
    if (auto sp = cmd.find(' '); sp != std::string::npos) {
      arg = trim(cmd.substr(sp + 1));
      cmd = cmd.substr(0, sp);
    }
    out.clear();
    if (cmd == "open") {
      t->on_client_open(now, out);
    } else if (cmd == "client" || cmd == "upstream") {
      frame = expand_audio(arg);
      std::size_t size = frame.size();
      frame.resize(size + json::kPadding, '\0');  // the receive buffer's slack
      std::string_view bytes(frame.data(), size);
      if (cmd == "client") {
        t->on_client_frame(bytes, frame.size(), Opcode::text, now, out);
      } else {
        Opcode op = core == Dialect::gemini ? Opcode::binary : Opcode::text;
        t->on_upstream_frame(bytes, frame.size(), op, now, out);
      }
    } else if (cmd == "timer") {
      now = t0 + std::chrono::milliseconds(std::stoi(arg));
      t->on_timer(now, out);
    } else if (cmd == "closed") {
      std::string reason;
      auto sp = arg.find(' ');
      if (sp != std::string::npos) reason = arg.substr(sp + 1);
      t->on_upstream_closed(static_cast<std::uint16_t>(std::stoi(arg)), reason, out);
    } else if (cmd == "reopened") {
      t->on_upstream_reopened(now, out);
    } else if (cmd == "restore") {
      if (!restore.parse(arg)) {
        result.error = "bad restore: " + arg;
        return result;
      }
      Restore r;
      r.config = restore.has_config ? &restore.config : nullptr;
      r.history = restore.items;
      r.upstream_handle = restore.handle;
      t->on_upstream_restore(r, now, out);
    } else if (cmd == "resume") {
      Resume r;
      r.config = restore.has_config ? &restore.config : nullptr;
      r.session_id = arg;
      t->on_client_resume(r, now, out);
    } else if (cmd == "end_answer") {
      t->end_answer(InFlightAnswer{true, arg}, "core_switched", out);
    } else {
      result.error = "unknown input: " + cmd;
      return result;
    }
    result.actual.push_back(line);
    result.expected.push_back(line);
    render(out, result.actual);
  }
  return result;
}

std::string regenerate(const std::string& script, const GoldenResult& result) {
  // The script's inputs and comments, each input followed by what it actually produced.
  std::istringstream in(script);
  std::string line, out;
  std::size_t a = 0;
  while (std::getline(in, line)) {
    std::string l = trim(line);
    if (!l.empty() && l[0] == '<') continue;
    out += line + "\n";
    if (l.empty() || l[0] != '>') continue;
    for (++a; a < result.actual.size() && result.actual[a][0] != '>'; ++a) {
      out += result.actual[a] + "\n";
    }
  }
  return out;
}

}  // namespace sy::codec::translate::testing
