// A parsed HTTP/1.1 request, detached from the parser: plain strings, so the server can keep it
// while it authenticates and routes, and so nothing here depends on Beast.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http/ascii.h"

namespace sy::net::http {

struct Request {
  std::string method;    // as sent, case-sensitive ("GET")
  unsigned version = 0;  // 10 for HTTP/1.0, 11 for HTTP/1.1
  std::string target;    // raw request target, e.g. "//ws/x?key=a%2Bb"
  // Percent-decoded path with any run of leading slashes collapsed to one: @google/genai joins a
  // base URL ending in '/' with "/ws/...", producing "//ws/...".
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;    // decoded, '+' as space, in order
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  std::string body;
  // Whether the connection may carry another request after this one's response (HTTP/1.1 unless
  // "Connection: close"; HTTP/1.0 only with "Connection: keep-alive").
  bool keep_alive = false;

  // First value of the named header (case-insensitive), if present.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept;
  // Number of header lines with this name; some headers must not repeat.
  [[nodiscard]] std::size_t header_count(std::string_view name) const noexcept;
  // Calls f(value) for each header line with this name, in order.
  template <class F>
  void for_each_header(std::string_view name, F&& f) const;

  // First value of the named query parameter (case-sensitive, decoded); a key without '=' has
  // an empty value.
  [[nodiscard]] std::optional<std::string_view> query_param(std::string_view name) const noexcept;
};

template <class F>
void Request::for_each_header(std::string_view name, F&& f) const {
  for (const auto& [n, v] : headers) {
    if (iequals(n, name)) f(std::string_view(v));
  }
}

}  // namespace sy::net::http
