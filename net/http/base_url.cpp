#include "net/http/base_url.h"

#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/scheme.hpp>
#include <boost/url/url_view.hpp>

#include "net/http/ascii.h"

namespace sy::net::http {
namespace {

namespace urls = boost::urls;

bool is_host_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

}  // namespace

Result<BaseUrl> parse_base_url(std::string_view url) {
  if (!has_scheme_and_authority(url)) {
    return make_error(UrlError::malformed, "base URL must look like scheme://host[:port][/path]");
  }
  auto parsed = urls::parse_uri(url);
  if (!parsed) return make_error(UrlError::malformed, "base URL is not an absolute URL");
  const urls::url_view& u = *parsed;

  BaseUrl out;
  switch (u.scheme_id()) {
    case urls::scheme::http:
    case urls::scheme::ws:
      out.tls = false;
      break;
    case urls::scheme::https:
    case urls::scheme::wss:
      out.tls = true;
      break;
    default:
      return make_error(UrlError::unsupported_scheme,
                        "base URL scheme must be http, https, ws or wss");
  }
  if (u.has_userinfo()) {
    return make_error(UrlError::userinfo, "credentials in a base URL are not supported");
  }
  if (u.has_query() || u.has_fragment()) {
    return make_error(UrlError::query_or_fragment, "base URL must not have a query or fragment");
  }

  switch (u.host_type()) {
    case urls::host_type::ipv4:
    case urls::host_type::ipv6:
      out.host = u.host_address();  // without brackets
      break;
    case urls::host_type::name:
      out.host = u.host_address();
      for (char c : out.host) {
        if (!is_host_name_char(c)) {
          return make_error(UrlError::unsupported_host,
                            "base URL host name has invalid characters");
        }
      }
      break;
    case urls::host_type::ipvfuture:
      return make_error(UrlError::unsupported_host, "base URL host must be a name, IPv4 or IPv6");
    default:
      break;
  }
  if (out.host.empty()) return make_error(UrlError::missing_host, "base URL has no host");

  if (u.has_port() && !u.port().empty()) {
    out.port = u.port_number();  // 0 when out of range
    if (out.port == 0) return make_error(UrlError::bad_port, "base URL port must be 1-65535");
  } else {
    out.port = out.tls ? 443 : 80;
  }

  out.path = u.encoded_path();
  while (!out.path.empty() && out.path.back() == '/') out.path.pop_back();
  return out;
}

std::string BaseUrl::host_header() const {
  std::string h;
  const bool ipv6 = host.find(':') != std::string::npos;
  if (ipv6) {
    h.reserve(host.size() + 8);
    h += '[';
    h += host;
    h += ']';
  } else {
    h = host;
  }
  if (port != (tls ? 443 : 80)) {
    h += ':';
    h += std::to_string(port);
  }
  return h;
}

std::string BaseUrl::target(std::string_view suffix, std::span<const QueryParam> params) const {
  std::string t = path;
  if (!suffix.empty() && suffix.front() != '/') t += '/';
  t += suffix;
  if (t.empty()) t = "/";
  char sep = '?';
  for (const QueryParam& p : params) {
    t += sep;
    t += urls::encode(p.name, urls::unreserved_chars);
    t += '=';
    t += urls::encode(p.value, urls::unreserved_chars);
    sep = '&';
  }
  return t;
}

}  // namespace sy::net::http
