#include "net/ws/close.h"

#include <cstring>

#include "net/ws/opcode.h"
#include "net/ws/utf8.h"

namespace sy::net::ws {

bool is_valid_close_code(std::uint16_t code) noexcept {
  if (code >= 3000 && code <= 4999) return true;
  if (code < 1000 || code > 1014) return false;
  return code < 1004 || code > 1006;
}

std::size_t write_close_payload(std::uint8_t* out, std::uint16_t code,
                                std::string_view reason) noexcept {
  if (code == close_code::no_status) return 0;
  out[0] = static_cast<std::uint8_t>(code >> 8);
  out[1] = static_cast<std::uint8_t>(code & 0xFF);
  std::size_t n = reason.size();
  if (n > kMaxCloseReason) {
    n = kMaxCloseReason;
    // Back off continuation bytes so the cut falls before a lead byte: the peer validates it.
    while (n > 0 && (static_cast<std::uint8_t>(reason[n]) & 0xC0) == 0x80) --n;
  }
  if (n > 0) std::memcpy(out + 2, reason.data(), n);  // an empty view may have a null data()
  return n + 2;
}

sy::Result<ClosePayload> parse_close_payload(std::span<const std::uint8_t> payload) {
  if (payload.empty()) return ClosePayload{};
  if (payload.size() == 1)
    return make_error(ParseErrc::invalid_close, "close payload of one byte", 0);
  if (payload.size() > kMaxControlPayload)
    return make_error(ParseErrc::invalid_close, "close payload over 125 bytes", 0);
  const auto code = static_cast<std::uint16_t>((payload[0] << 8) | payload[1]);
  if (!is_valid_close_code(code))
    return make_error(ParseErrc::invalid_close, "close code not allowed on the wire", 0);
  auto reason = payload.subspan(2);
  Utf8Validator v;
  std::size_t bad = v.feed(reason);
  if (bad != Utf8Validator::kValid)
    return make_error(ParseErrc::invalid_utf8, "close reason is not UTF-8",
                      static_cast<std::uint32_t>(2 + bad));
  if (!v.complete())
    return make_error(ParseErrc::invalid_utf8, "close reason ends inside a UTF-8 sequence",
                      static_cast<std::uint32_t>(payload.size()));
  return ClosePayload{
      code, std::string_view(reinterpret_cast<const char*>(reason.data()), reason.size())};
}

std::uint16_t close_code_for(const sy::Error& error) noexcept {
  if (error.is(ParseErrc::invalid_utf8)) return close_code::invalid_payload;
  if (error.is(ParseErrc::message_too_big)) return close_code::message_too_big;
  return close_code::protocol_error;
}

}  // namespace sy::net::ws
