// ASCII helpers for HTTP field names and tokens, which compare case-insensitively (RFC 9110 5.1)
// regardless of locale.
#pragma once

#include <cstddef>
#include <string_view>

namespace sy::net::http {

[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

[[nodiscard]] constexpr bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// Strips optional whitespace (SP / HTAB) from both ends.
[[nodiscard]] constexpr std::string_view trim_ows(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace sy::net::http

namespace sy::net::http {

// tchar of RFC 9110 5.6.2: the characters a token (method, field name, subprotocol) may hold.
[[nodiscard]] constexpr bool is_tchar(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

[[nodiscard]] constexpr bool is_token(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_tchar(c)) return false;
  }
  return true;
}

// Calls f(item) for each non-empty, OWS-trimmed element of a comma-separated field value
// (RFC 9110 5.6.1: empty elements are ignored). Stops early when f returns false.
template <class F>
constexpr void for_each_list_item(std::string_view list, F&& f) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string_view item = trim_ows(list.substr(0, comma));
    if (!item.empty() && !f(item)) return;
    if (comma == std::string_view::npos) return;
    list.remove_prefix(comma + 1);
  }
}

// True when the comma-separated list holds `token` (case-insensitive).
[[nodiscard]] constexpr bool list_has_token(std::string_view list, std::string_view token) {
  bool found = false;
  for_each_list_item(list, [&](std::string_view item) {
    found = iequals(item, token);
    return !found;
  });
  return found;
}

}  // namespace sy::net::http

namespace sy::net::http {

// True for "scheme://..." (RFC 3986 scheme characters). Boost.URL 1.81 asserts on some absolute
// URIs without an authority ("h:?", "h:["), so only this shape is handed to its absolute-URI rules.
[[nodiscard]] constexpr bool has_scheme_and_authority(std::string_view s) noexcept {
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':') return s.substr(i).starts_with("://");
    const bool scheme_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!scheme_char) return false;
  }
  return false;
}

}  // namespace sy::net::http
