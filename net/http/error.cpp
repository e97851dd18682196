#include "net/http/error.h"

namespace sy::net::http {

std::string_view error_label(const Error& e) noexcept {
  switch (e.code) {
    case static_cast<std::uint16_t>(RequestError::malformed):
      return "malformed";
    case static_cast<std::uint16_t>(RequestError::bad_target):
      return "bad_target";
    case static_cast<std::uint16_t>(RequestError::header_too_large):
      return "header_too_large";
    case static_cast<std::uint16_t>(RequestError::body_too_large):
      return "body_too_large";
    case static_cast<std::uint16_t>(RequestError::parser_finished):
      return "parser_finished";
    case static_cast<std::uint16_t>(HandshakeError::method_not_get):
      return "method";
    case static_cast<std::uint16_t>(HandshakeError::http_version):
      return "http_version";
    case static_cast<std::uint16_t>(HandshakeError::missing_host):
      return "missing_host";
    case static_cast<std::uint16_t>(HandshakeError::not_websocket_upgrade):
      return "upgrade";
    case static_cast<std::uint16_t>(HandshakeError::connection_not_upgrade):
      return "connection";
    case static_cast<std::uint16_t>(HandshakeError::missing_key):
      return "missing_key";
    case static_cast<std::uint16_t>(HandshakeError::bad_key):
      return "bad_key";
    case static_cast<std::uint16_t>(HandshakeError::missing_version):
      return "missing_version";
    case static_cast<std::uint16_t>(HandshakeError::unsupported_version):
      return "unsupported_version";
    case static_cast<std::uint16_t>(HandshakeError::bad_subprotocol):
      return "bad_subprotocol";
    case static_cast<std::uint16_t>(UpgradeResponseError::malformed):
      return "malformed_response";
    case static_cast<std::uint16_t>(UpgradeResponseError::header_too_large):
      return "response_header_too_large";
    case static_cast<std::uint16_t>(UpgradeResponseError::body_too_large):
      return "response_body_too_large";
    case static_cast<std::uint16_t>(UpgradeResponseError::not_websocket_upgrade):
      return "response_upgrade";
    case static_cast<std::uint16_t>(UpgradeResponseError::connection_not_upgrade):
      return "response_connection";
    case static_cast<std::uint16_t>(UpgradeResponseError::bad_accept):
      return "bad_accept";
    case static_cast<std::uint16_t>(UpgradeResponseError::unexpected_subprotocol):
      return "unexpected_subprotocol";
    case static_cast<std::uint16_t>(UpgradeResponseError::unexpected_extension):
      return "unexpected_extension";
    case static_cast<std::uint16_t>(UpgradeResponseError::truncated):
      return "truncated_response";
    case static_cast<std::uint16_t>(UpgradeResponseError::parser_finished):
      return "parser_finished";
    case static_cast<std::uint16_t>(UrlError::malformed):
      return "url_malformed";
    case static_cast<std::uint16_t>(UrlError::unsupported_scheme):
      return "url_scheme";
    case static_cast<std::uint16_t>(UrlError::missing_host):
      return "url_missing_host";
    case static_cast<std::uint16_t>(UrlError::unsupported_host):
      return "url_host";
    case static_cast<std::uint16_t>(UrlError::userinfo):
      return "url_userinfo";
    case static_cast<std::uint16_t>(UrlError::query_or_fragment):
      return "url_query_or_fragment";
    case static_cast<std::uint16_t>(UrlError::bad_port):
      return "url_port";
    default:
      return "unknown";
  }
}

int error_status(const Error& e) noexcept {
  if (e.is(RequestError::header_too_large)) return 431;
  if (e.is(RequestError::body_too_large)) return 413;
  // RFC 6455 4.2.2: a version we do not speak is answered with 426 and the version we do.
  if (e.is(HandshakeError::unsupported_version)) return 426;
  return 400;
}

}  // namespace sy::net::http
