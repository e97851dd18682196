#include "net/http/writer.h"

#include <boost/beast/http/status.hpp>
#include <charconv>

#include "net/http/ascii.h"
#include "net/http/subprotocol.h"

namespace sy::net::http {
namespace {

// Appends `s`, replacing CTLs other than HTAB with spaces: no CR/LF may end a line early.
void append_clean(const OutBuffer& out, std::string_view s) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      out.append(s.substr(start, i - start));
      out.append(" ");
      start = i + 1;
    }
  }
  out.append(s.substr(start));
}

void append_field(const OutBuffer& out, std::string_view name, std::string_view value) {
  append_clean(out, name);
  out.append(": ");
  append_clean(out, trim_ows(value));
  out.append("\r\n");
}

void append_number(const OutBuffer& out, std::uint64_t v) {
  char digits[24];
  const auto r = std::to_chars(digits, digits + sizeof(digits), v);
  out.append(std::string_view(digits, static_cast<std::size_t>(r.ptr - digits)));
}

void append_status_line(const OutBuffer& out, int status, std::string_view reason) {
  if (status < 100 || status > 999) status = 500;
  out.append("HTTP/1.1 ");
  append_number(out, static_cast<std::uint64_t>(status));
  out.append(" ");
  append_clean(out, reason.empty() ? reason_phrase(status) : reason);
  out.append("\r\n");
}

}  // namespace

std::string_view reason_phrase(int status) noexcept {
  namespace bhttp = boost::beast::http;
  if (status < 0 || status > 999) return "Unknown";
  const bhttp::status s = bhttp::int_to_status(static_cast<unsigned>(status));
  if (s == bhttp::status::unknown) return "Unknown";
  const auto phrase = bhttp::obsolete_reason(s);
  return {phrase.data(), phrase.size()};
}

void write_response(OutBuffer out, const Response& response) {
  append_status_line(out, response.status, response.reason);
  if (!response.content_type.empty()) append_field(out, "Content-Type", response.content_type);
  out.append("Content-Length: ");
  append_number(out, response.body.size());
  out.append("\r\n");
  for (const HeaderField& h : response.headers) append_field(out, h.name, h.value);
  out.append("\r\n");
  out.append(response.body);
}

void write_switching_protocols(OutBuffer out, std::string_view accept_key,
                               std::optional<std::string_view> subprotocol,
                               std::span<const HeaderField> extra_headers) {
  out.append("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
  append_field(out, "Sec-WebSocket-Accept", accept_key);
  if (subprotocol && !subprotocol->empty() && !is_credential_subprotocol(*subprotocol)) {
    append_field(out, "Sec-WebSocket-Protocol", *subprotocol);
  }
  for (const HeaderField& h : extra_headers) append_field(out, h.name, h.value);
  out.append("\r\n");
}

void write_client_handshake(OutBuffer out, std::string_view host_header, std::string_view target,
                            std::string_view key, std::span<const HeaderField> extra_headers,
                            std::span<const std::string_view> subprotocols) {
  out.append("GET ");
  // A target never contains spaces or controls; escaping them keeps the request line intact.
  std::string_view t = target.empty() ? std::string_view("/") : target;
  std::size_t start = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (c <= 0x20 || c == 0x7f) {
      constexpr char kHex[] = "0123456789ABCDEF";
      const char escaped[3] = {'%', kHex[c >> 4], kHex[c & 15]};
      out.append(t.substr(start, i - start));
      out.append(std::string_view(escaped, 3));
      start = i + 1;
    }
  }
  out.append(t.substr(start));
  out.append(" HTTP/1.1\r\n");
  append_field(out, "Host", host_header);
  out.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
  append_field(out, "Sec-WebSocket-Key", key);
  out.append("Sec-WebSocket-Version: 13\r\n");
  if (!subprotocols.empty()) {
    out.append("Sec-WebSocket-Protocol: ");
    for (std::size_t i = 0; i < subprotocols.size(); ++i) {
      if (i != 0) out.append(", ");
      append_clean(out, subprotocols[i]);
    }
    out.append("\r\n");
  }
  for (const HeaderField& h : extra_headers) append_field(out, h.name, h.value);
  out.append("\r\n");
}

}  // namespace sy::net::http
