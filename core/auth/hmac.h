// HMAC-SHA256 (wolfSSL) and the constant-time comparison every credential check uses.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sy::auth {

using Digest = std::array<std::uint8_t, 32>;

[[nodiscard]] Digest hmac_sha256(std::string_view key, std::string_view message) noexcept;
[[nodiscard]] std::string to_hex(const std::uint8_t* data, std::size_t n);
[[nodiscard]] inline std::string to_hex(const Digest& d) { return to_hex(d.data(), d.size()); }
[[nodiscard]] std::string to_hex(std::string_view bytes);
// Decodes lowercase or uppercase hex; false on odd length or a non-hex character.
[[nodiscard]] bool from_hex(std::string_view hex, std::string& out);

// Compares without an early exit, so the time taken does not reveal where two values differ.
// (Lengths are not secret: a MAC's length is public.)
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace sy::auth
