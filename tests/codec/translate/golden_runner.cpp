#include "golden_runner.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <regex>
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

std::string normalise(std::string_view frame) {
  static const std::regex kBase64("\"([A-Za-z0-9+/]{100,}={0,2})\"");
  std::string s(frame);
  std::string out;
  std::sregex_iterator it(s.begin(), s.end(), kBase64), end;
  std::size_t last = 0;
  for (; it != end; ++it) {
    const std::smatch& m = *it;
    out.append(s, last, static_cast<std::size_t>(m.position(0)) - last);
    out += "\"<b64:" + std::to_string(audio::base64_decoded_size(m.str(1))) + ">\"";
    last = static_cast<std::size_t>(m.position(0) + m.length(0));
  }
  out.append(s, last, std::string::npos);
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
  static const std::regex kMacro(R"(\$PCM(24|16)\((\d+)\))");
  std::string out;
  std::sregex_iterator it(text.begin(), text.end(), kMacro), end;
  std::size_t last = 0;
  for (; it != end; ++it) {
    const std::smatch& m = *it;
    out.append(text, last, static_cast<std::size_t>(m.position(0)) - last);
    out += tone_base64(m.str(1) == "24" ? 24000 : 16000, std::stoi(m.str(2)));
    last = static_cast<std::size_t>(m.position(0) + m.length(0));
  }
  out.append(text, last, std::string::npos);
  return out;
}

GoldenResult run_golden(const std::string& script) {
  GoldenResult result;
  std::istringstream in(script);
  std::string line;
  std::unique_ptr<Translator> t;
  TranslatorOptions options;
  options.id_seed = 7;
  Dialect core = Dialect::openai;
  Outputs out;
  const Clock::time_point t0{};
  Clock::time_point now = t0;
  std::string frame;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("dialects ", 0) == 0) {
      std::istringstream d(line.substr(9));
      std::string c, k;
      d >> c >> k;
      core = dialect(k);
      t = make_translator(dialect(c), core, options);
      continue;
    }
    if (line == "option beta") {
      options.openai_beta = true;
      continue;
    }
    if (line[0] == '<') {
      result.expected.push_back(line);
      continue;
    }
    if (line[0] != '>' || !t) {
      result.error = "bad line: " + line;
      return result;
    }
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
