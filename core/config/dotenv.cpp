#include "core/config/dotenv.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/config/errc.h"

extern char** environ;  // NOLINT: POSIX

namespace sy::config {

namespace {

bool is_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

Status fail(std::size_t line, const char* what, std::string* message) {
  if (message) *message = "line " + std::to_string(line) + ": " + what;
  return make_error(Errc::env_file, what, static_cast<std::uint32_t>(line));
}

// A cursor over the normalised text that counts lines.
struct Cursor {
  std::string_view s;
  std::size_t pos = 0;
  std::size_t line = 1;
  bool done() const { return pos >= s.size(); }
  char peek() const { return s[pos]; }
  void skip_blanks() {
    while (!done() && is_blank(peek())) ++pos;
  }
  std::string_view rest_of_line() {
    std::size_t end = s.find('\n', pos);
    if (end == std::string_view::npos) end = s.size();
    std::string_view r = s.substr(pos, end - pos);
    pos = end;
    return r;
  }
  void next_line() {
    if (!done() && peek() == '\n') {
      ++pos;
      ++line;
    }
  }
};

}  // namespace

Environment process_environment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    std::size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env.insert_or_assign(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

Status parse_dotenv(std::string_view input, Environment& out, std::string* message) {
  // dotenv normalises CRLF and lone CR to LF before anything else.
  std::string text;
  text.reserve(input.size());
  for (std::size_t i = 0; i < input.size(); ++i) {
    if (input[i] == '\r') {
      text += '\n';
      if (i + 1 < input.size() && input[i + 1] == '\n') ++i;
    } else {
      text += input[i];
    }
  }
  Cursor c{text};
  while (!c.done()) {
    c.skip_blanks();
    if (c.done()) break;
    if (c.peek() == '\n' || c.peek() == '#') {
      c.rest_of_line();
      c.next_line();
      continue;
    }
    const std::size_t key_line = c.line;
    if (c.s.substr(c.pos).starts_with("export") && c.pos + 6 < c.s.size() &&
        is_blank(c.s[c.pos + 6])) {
      c.pos += 6;
      c.skip_blanks();
    }
    const std::size_t key_start = c.pos;
    while (!c.done() && is_key_char(c.peek())) ++c.pos;
    std::string key(c.s.substr(key_start, c.pos - key_start));
    c.skip_blanks();
    if (key.empty() || c.done() || (c.peek() != '=' && c.peek() != ':'))
      return fail(key_line, "expected KEY=VALUE", message);
    if (c.peek() == ':' && (c.pos + 1 >= c.s.size() || !is_blank(c.s[c.pos + 1])))
      return fail(key_line, "expected KEY=VALUE", message);  // dotenv needs a blank after ':'
    ++c.pos;
    c.skip_blanks();

    std::string value;
    const char q = c.done() ? '\0' : c.peek();
    if (q == '"' || q == '\'' || q == '`') {
      ++c.pos;
      const std::size_t start = c.pos;
      // As in dotenv, a backslash before the quote keeps it from closing the value.
      while (!c.done() && !(c.peek() == q && c.s[c.pos - 1] != '\\')) {
        if (c.peek() == '\n') ++c.line;
        ++c.pos;
      }
      if (c.done()) return fail(key_line, "unterminated quoted value", message);
      std::string_view raw = c.s.substr(start, c.pos - start);
      ++c.pos;  // the closing quote
      std::string_view tail = trim(c.rest_of_line());
      if (!tail.empty() && tail.front() != '#')
        return fail(c.line, "unexpected text after a quoted value", message);
      if (q == '"') {
        for (std::size_t i = 0; i < raw.size(); ++i) {
          if (raw[i] == '\\' && i + 1 < raw.size() && (raw[i + 1] == 'n' || raw[i + 1] == 'r')) {
            value += raw[i + 1] == 'n' ? '\n' : '\r';
            ++i;
          } else {
            value += raw[i];
          }
        }
      } else {
        value.assign(raw);
      }
    } else {
      std::string_view raw = c.rest_of_line();
      raw = raw.substr(0, raw.find('#'));  // dotenv: an unquoted value ends at '#'
      value.assign(trim(raw));
    }
    out.insert_or_assign(std::move(key), std::move(value));
    c.next_line();
  }
  return {};
}

Status read_dotenv_file(const std::string& path, bool missing_ok, Environment& out,
                        std::string* message) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    if (missing_ok && err == ENOENT) return {};
    if (message) *message = path + ": " + std::strerror(err);
    return make_error(Errc::env_file, "cannot read the env file");
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  Status s = parse_dotenv(buf.str(), out, message);
  if (!s && message) *message = path + ": " + *message;
  return s;
}

}  // namespace sy::config
