// Provider base URLs from configuration (OPENAI_BASE_URL, GEMINI_BASE_URL): http/https/ws/wss with
// default ports and IPv6 literals, and the request targets built from them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "net/http/error.h"

namespace sy::net::http {

struct QueryParam {
  std::string_view name;
  std::string_view value;
};

struct BaseUrl {
  bool tls = false;        // https / wss
  std::string host;        // DNS name or IP literal, IPv6 without brackets
  std::uint16_t port = 0;  // explicit, or 443 with TLS and 80 without
  std::string path;        // percent-encoded, no trailing '/': "" or e.g. "/v1"

  // Value for the Host header: brackets around IPv6, the port only when not the default.
  [[nodiscard]] std::string host_header() const;

  // Origin-form target: path + suffix (which should start with '/') + "?" + the parameters,
  // percent-encoded. E.g. {"/v1"}.target("/realtime", {{"model", "gpt-realtime"}}).
  [[nodiscard]] std::string target(std::string_view suffix,
                                   std::span<const QueryParam> params = {}) const;
};

// Accepts http://, https://, ws://, wss:// (case-insensitive) with a host; refuses credentials in
// the URL, a query or fragment, port 0 and any other scheme, each with its own UrlError.
[[nodiscard]] Result<BaseUrl> parse_base_url(std::string_view url);

}  // namespace sy::net::http
