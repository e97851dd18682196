// Fuzzes the request parser with the input split into chunks (sizes taken from the first byte), so
// that headers and bodies cut at every point are exercised, then runs the upgrade rules and the
// subprotocol helpers on every request that parses.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "net/http/handshake_key.h"
#include "net/http/request_parser.h"
#include "net/http/subprotocol.h"
#include "net/http/upgrade.h"
#include "net/http/writer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sy::net::http;
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);

  RequestParser parser({.header_bytes = 4096, .body_bytes = 1024});
  std::size_t offset = 0;
  while (offset < input.size()) {
    const std::string_view piece = input.substr(offset, chunk);
    const ParseProgress pr = parser.feed(piece);
    if (pr.state == ParseState::error) {
      if (pr.status != 400 && pr.status != 413 && pr.status != 431) __builtin_trap();
      return 0;
    }
    if (pr.state == ParseState::complete) {
      if (pr.consumed == 0 || pr.consumed > piece.size()) __builtin_trap();
      const Request& req = parser.request();
      if (req.path.empty() || req.path[0] != '/' || req.path.starts_with("//")) __builtin_trap();
      (void)wants_upgrade(req);
      const auto up = validate_upgrade(req);
      if (up.ok()) {
        if (!is_valid_websocket_key(up->key)) __builtin_trap();
        const std::string_view supported[] = {"realtime", "openai-insecure-api-key.x"};
        const auto chosen = select_subprotocol(up->subprotocols, supported);
        if (chosen && is_credential_subprotocol(*chosen)) __builtin_trap();
        (void)subprotocol_credential(up->subprotocols);
        std::string out;
        write_switching_protocols(out, as_view(websocket_accept_key(up->key)), chosen);
      } else {
        const int status = error_status(up.error());
        if (status != 400 && status != 426) __builtin_trap();
      }
      return 0;
    }
    offset += piece.size();
  }
  return 0;
}
