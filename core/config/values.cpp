#include "core/config/values.h"

#include <algorithm>
#include <charconv>

namespace sy::config {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool has_space_or_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; });
}

}  // namespace

std::string_view core_name(Core core) noexcept {
  switch (core) {
    case Core::openai: return "openai";
    case Core::gemini: return "gemini";
    case Core::azure: return "azure";
    case Core::sim: return "sim";
  }
  return "sim";
}

std::optional<Core> parse_core(std::string_view name) noexcept {
  for (Core c : {Core::openai, Core::gemini, Core::azure, Core::sim})
    if (iequals(name, core_name(c))) return c;
  return std::nullopt;
}

std::string_view journal_sync_name(JournalSync sync) noexcept {
  switch (sync) {
    case JournalSync::none: return "none";
    case JournalSync::interval: return "interval";
    case JournalSync::always: return "always";
  }
  return "interval";
}

bool glob_match(std::string_view pattern, std::string_view text) noexcept {
  // Iterative '*' matching with one backtrack point: linear in practice, no recursion.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Result<std::uint64_t> parse_uint(std::string_view text, std::uint64_t min, std::uint64_t max,
                                 bool sizes) {
  text = trim(text);
  std::uint64_t v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ptr == text.data()) return make_error(Errc::bad_number, "not a number");
  if (ec == std::errc::result_out_of_range) return make_error(Errc::out_of_range, "number too large");
  std::string_view suffix = trim(std::string_view(ptr, static_cast<std::size_t>(end - ptr)));
  if (!suffix.empty()) {
    if (!sizes) return make_error(Errc::bad_number, "not a number");
    unsigned shift = 0;
    if (iequals(suffix, "k") || iequals(suffix, "kib")) shift = 10;
    else if (iequals(suffix, "m") || iequals(suffix, "mib")) shift = 20;
    else if (iequals(suffix, "g") || iequals(suffix, "gib")) shift = 30;
    else return make_error(Errc::bad_number, "not a size (use a number of bytes or KiB, MiB, GiB)");
    if (v > (~std::uint64_t{0} >> shift)) return make_error(Errc::out_of_range, "number too large");
    v <<= shift;
  }
  if (v < min || v > max) return make_error(Errc::out_of_range, "out of range");
  return v;
}

Result<std::string> parse_base_url(std::string_view text) {
  text = trim(text);
  const std::size_t sep = text.find("://");
  if (sep == std::string_view::npos) return make_error(Errc::bad_url, "not a URL (scheme://host)");
  const std::string_view scheme = text.substr(0, sep);
  if (!iequals(scheme, "http") && !iequals(scheme, "https") && !iequals(scheme, "ws") &&
      !iequals(scheme, "wss"))
    return make_error(Errc::bad_url, "URL scheme must be http, https, ws or wss");
  std::string_view rest = text.substr(sep + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.empty()) return make_error(Errc::bad_url, "URL has no host");
  if (authority.find('@') != std::string_view::npos)
    return make_error(Errc::bad_url, "URL must not carry credentials (user@host)");
  if (has_space_or_control(text)) return make_error(Errc::bad_url, "URL contains whitespace");
  std::string_view host = authority;
  std::string_view port;
  if (host.front() == '[') {
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos || close == 1)
      return make_error(Errc::bad_url, "bad IPv6 address in URL");
    port = host.substr(close + 1);
    host = host.substr(0, close + 1);
    if (!port.empty() && port.front() != ':') return make_error(Errc::bad_url, "bad URL port");
    if (!port.empty()) port.remove_prefix(1);
  } else if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
    if (port.empty()) return make_error(Errc::bad_url, "bad URL port");
  }
  if (host.empty()) return make_error(Errc::bad_url, "URL has no host");
  if (!port.empty() && !parse_uint(port, 1, 65535).ok())
    return make_error(Errc::bad_url, "bad URL port");
  std::string url(text);
  while (url.size() > sep + 3 + authority.size() && url.back() == '/') url.pop_back();
  return url;
}

namespace {

// Calls `fn(key, value)` for each non-empty `key=value` entry of a comma list; stops at the first
// error (`fn`'s, or an entry without '=').
template <class Fn>
Status for_each_pair(std::string_view text, const char* no_equals, Fn fn) {
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view entry = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    if (entry.empty()) continue;
    const std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos) return make_error(Errc::bad_core_map, no_equals);
    if (Status st = fn(trim(entry.substr(0, eq)), trim(entry.substr(eq + 1))); !st) return st;
  }
  return {};
}

}  // namespace

Result<std::vector<ModelRoute>> parse_core_map(std::string_view text) {
  std::vector<ModelRoute> routes;
  Status st = for_each_pair(text, "entry is not pattern=core", [&](std::string_view pattern,
                                                                 std::string_view value) -> Status {
    if (pattern.empty() || has_space_or_control(pattern))
      return make_error(Errc::bad_core_map, "empty pattern or pattern with whitespace");
    const auto core = parse_core(value);
    if (!core) return make_error(Errc::unknown_core, "unknown core (use openai, gemini, azure or sim)");
    routes.push_back({std::string(pattern), *core});
    return {};
  });
  if (!st) return st.error();
  return routes;
}

Result<std::array<std::optional<Core>, 4>> parse_fallback_map(std::string_view text) {
  std::array<std::optional<Core>, 4> map{};
  Status st = for_each_pair(text, "entry is not core=fallback", [&](std::string_view from_text,
                                                                  std::string_view to_text) -> Status {
    const auto from = parse_core(from_text);
    const auto to = parse_core(to_text);
    if (!from || !to) return make_error(Errc::unknown_core, "unknown core (use openai, gemini, azure or sim)");
    if (*from == *to) return make_error(Errc::bad_core_map, "a core cannot be its own fallback");
    map[static_cast<std::size_t>(*from)] = *to;
    return {};
  });
  if (!st) return st.error();
  return map;
}

Result<std::vector<std::string>> parse_origins(std::string_view text) {
  std::vector<std::string> origins;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view entry = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    if (entry.empty()) continue;
    if (has_space_or_control(entry)) return make_error(Errc::bad_origin, "origin contains whitespace");
    std::string o(entry);
    std::transform(o.begin(), o.end(), o.begin(), lower);
    while (o.size() > 1 && o.back() == '/') o.pop_back();  // browsers send no trailing slash
    origins.push_back(std::move(o));
  }
  return origins;
}

Result<JournalSync> parse_journal_sync(std::string_view text) {
  text = trim(text);
  for (JournalSync s : {JournalSync::none, JournalSync::interval, JournalSync::always})
    if (iequals(text, journal_sync_name(s))) return s;
  return make_error(Errc::bad_value, "must be none, interval or always");
}

}  // namespace sy::config
