// Sec-WebSocket-Protocol handling. OpenAI's browser clients smuggle their API key in a subprotocol
// (`openai-insecure-api-key.<key>`) because browsers cannot set headers; such an entry is a
// credential to read, never a protocol to echo back.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sy::net::http {

inline constexpr std::string_view kCredentialSubprotocolPrefix = "openai-insecure-api-key.";

// True for any entry that carries a credential; such entries must never appear in a response.
[[nodiscard]] bool is_credential_subprotocol(std::string_view protocol) noexcept;

// The first offered entry (in the client's order of preference) that is in `supported`, compared
// exactly as RFC 6455 requires; never a credential-carrying entry, even if listed as supported.
[[nodiscard]] std::optional<std::string_view> select_subprotocol(
    std::span<const std::string> offered, std::span<const std::string_view> supported) noexcept;

// The key from the first `openai-insecure-api-key.<key>` entry with a non-empty key.
[[nodiscard]] std::optional<std::string_view> subprotocol_credential(
    std::span<const std::string> offered) noexcept;

}  // namespace sy::net::http
