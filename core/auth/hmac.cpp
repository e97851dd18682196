#include "core/auth/hmac.h"

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hmac.h>

namespace sy::auth {

Digest hmac_sha256(std::string_view key, std::string_view message) noexcept {
  Digest out{};
  Hmac h;
  if (wc_HmacInit(&h, nullptr, INVALID_DEVID) != 0) return out;
  // Non-FIPS wolfSSL takes keys of any length, as RFC 2104 does (the original project's secrets
  // can be short).
  int rc = wc_HmacSetKey(&h, WC_SHA256, reinterpret_cast<const byte*>(key.data()),
                         static_cast<word32>(key.size()));
  if (rc == 0)
    rc = wc_HmacUpdate(&h, reinterpret_cast<const byte*>(message.data()),
                       static_cast<word32>(message.size()));
  if (rc == 0) rc = wc_HmacFinal(&h, out.data());
  wc_HmacFree(&h);
  if (rc != 0) out.fill(0);
  return out;
}

std::string to_hex(const std::uint8_t* data, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    s[2 * i] = kDigits[data[i] >> 4];
    s[2 * i + 1] = kDigits[data[i] & 15];
  }
  return s;
}

std::string to_hex(std::string_view bytes) {
  return to_hex(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

bool from_hex(std::string_view hex, std::string& out) {
  if (hex.size() % 2) return false;
  out.clear();
  out.reserve(hex.size() / 2);
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = nib(hex[i]), lo = nib(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return true;
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace sy::auth
