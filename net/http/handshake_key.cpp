#include "net/http/handshake_key.h"

#include <sys/random.h>

#include <cerrno>
#include <chrono>
#include <cstddef>

// wolfSSL's configured options must precede any of its headers.
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/sha.h>

namespace sy::net::http {
namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Standard base64 with padding; `out` must hold 4 * ceil(n / 3) characters.
void base64_encode(const std::uint8_t* in, std::size_t n, char* out) noexcept {
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const std::uint32_t v =
        (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) | in[i + 2];
    *out++ = kAlphabet[(v >> 18) & 63];
    *out++ = kAlphabet[(v >> 12) & 63];
    *out++ = kAlphabet[(v >> 6) & 63];
    *out++ = kAlphabet[v & 63];
  }
  if (n - i == 1) {
    const std::uint32_t v = std::uint32_t{in[i]} << 16;
    *out++ = kAlphabet[(v >> 18) & 63];
    *out++ = kAlphabet[(v >> 12) & 63];
    *out++ = '=';
    *out++ = '=';
  } else if (n - i == 2) {
    const std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8);
    *out++ = kAlphabet[(v >> 18) & 63];
    *out++ = kAlphabet[(v >> 12) & 63];
    *out++ = kAlphabet[(v >> 6) & 63];
    *out++ = '=';
  }
}

bool is_base64_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

}  // namespace

AcceptKey websocket_accept_key(std::string_view key) noexcept {
  std::uint8_t digest[WC_SHA_DIGEST_SIZE] = {};
  wc_Sha sha;
  int rc = wc_InitSha(&sha);
  if (rc == 0)
    rc = wc_ShaUpdate(&sha, reinterpret_cast<const byte*>(key.data()),
                      static_cast<word32>(key.size()));
  if (rc == 0)
    rc = wc_ShaUpdate(&sha, reinterpret_cast<const byte*>(kGuid.data()),
                      static_cast<word32>(kGuid.size()));
  if (rc == 0) rc = wc_ShaFinal(&sha, digest);
  wc_ShaFree(&sha);
  AcceptKey out;
  if (rc != 0) {
    // Cannot happen with valid arguments; a key no peer can match fails the handshake safely.
    out.fill('!');
    return out;
  }
  static_assert(sizeof(digest) == 20 && std::tuple_size_v<AcceptKey> == 28);
  base64_encode(digest, sizeof(digest), out.data());
  return out;
}

bool is_valid_websocket_key(std::string_view key) noexcept {
  // 16 bytes encode to 22 significant characters and "==" padding.
  if (key.size() != 24 || key[22] != '=' || key[23] != '=') return false;
  for (std::size_t i = 0; i < 22; ++i) {
    if (!is_base64_char(key[i])) return false;
  }
  return true;
}

WebSocketKey make_websocket_key(std::span<const std::uint8_t, 16> nonce) noexcept {
  WebSocketKey out;
  base64_encode(nonce.data(), nonce.size(), out.data());
  return out;
}

WebSocketKey random_websocket_key() noexcept {
  std::array<std::uint8_t, 16> nonce{};
  std::size_t got = 0;
  while (got < nonce.size()) {
    const ssize_t n = getrandom(nonce.data() + got, nonce.size() - got, 0);
    if (n > 0) {
      got += static_cast<std::size_t>(n);
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  if (got < nonce.size()) {
    // getrandom cannot fail on Linux >= 3.17 once the pool is initialised; the key only needs to
    // be unpredictable to caches, not secret, so a clock-derived fallback is acceptable.
    auto t =
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    for (auto& b : nonce) {
      t = t * 6364136223846793005ULL + 1442695040888963407ULL;
      b = static_cast<std::uint8_t>(t >> 56);
    }
  }
  return make_websocket_key(nonce);
}

}  // namespace sy::net::http
