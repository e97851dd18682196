#include "net/http/subprotocol.h"

#include "net/http/ascii.h"

namespace sy::net::http {

bool is_credential_subprotocol(std::string_view protocol) noexcept {
  // Case-insensitive and without the dot, to stay on the safe side of near-miss spellings.
  return istarts_with(
      protocol, kCredentialSubprotocolPrefix.substr(0, kCredentialSubprotocolPrefix.size() - 1));
}

std::optional<std::string_view> select_subprotocol(
    std::span<const std::string> offered, std::span<const std::string_view> supported) noexcept {
  for (const std::string& p : offered) {
    if (is_credential_subprotocol(p)) continue;
    for (std::string_view s : supported) {
      if (p == s) return std::string_view(p);
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> subprotocol_credential(
    std::span<const std::string> offered) noexcept {
  for (const std::string& p : offered) {
    std::string_view v = p;
    if (v.starts_with(kCredentialSubprotocolPrefix) &&
        v.size() > kCredentialSubprotocolPrefix.size()) {
      return v.substr(kCredentialSubprotocolPrefix.size());
    }
  }
  return std::nullopt;
}

}  // namespace sy::net::http
