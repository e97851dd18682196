// Fuzzes the client-side upgrade response parser in chunks, ending with the peer's close.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/http/response_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sy::net::http;
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);

  UpgradeResponseParser parser("dGhlIHNhbXBsZSBub25jZQ==", {"realtime", "chat"},
                               {.header_bytes = 4096, .body_bytes = 1024});
  std::size_t offset = 0;
  UpgradeProgress pr;
  while (offset < input.size()) {
    const std::string_view piece = input.substr(offset, chunk);
    pr = parser.feed(piece);
    if (pr.state != UpgradeState::need_more) break;
    offset += piece.size();
  }
  if (pr.state == UpgradeState::need_more) pr = parser.finish();
  if (pr.state == UpgradeState::refused) {
    const Refusal& r = parser.refusal();
    if (r.body_excerpt.size() > kRefusalExcerptBytes) __builtin_trap();
    for (char c : r.body_excerpt) {
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
        __builtin_trap();
      }
    }
  }
  if (pr.state == UpgradeState::upgraded && parser.subprotocol() &&
      *parser.subprotocol() != "realtime" && *parser.subprotocol() != "chat") {
    __builtin_trap();
  }
  return 0;
}
