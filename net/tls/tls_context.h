// TLS configuration for one role, wrapping a wolfSSL WOLFSSL_CTX.
//
// Policy (not configurable on purpose): TLS 1.2 and 1.3 only; ECDHE key exchange (X25519, P-256,
// P-384); AEAD suites only (AES-GCM first, it runs on AES-NI here; ChaCha20-Poly1305 for peers
// without it). The server answers every SNI name with its one certificate chain. The client
// verifies the chain and the host name unless verification is explicitly turned off.
//
// A context is immutable after creation and may be shared read-only by several shards: wolfSSL
// reference-counts it under its own lock, which is taken once per connection (never per record).
// Sessions hold a reference, so a session may outlive the TlsContext object that made it.
#pragma once

#include <cstdint>
#include <string>

#include "core/base/result.h"

struct WOLFSSL_CTX;  // wolfSSL's context (typedef struct WOLFSSL_CTX WOLFSSL_CTX)

namespace sy::net::tls {

enum class TlsVersions : std::uint8_t { tls12_and_13, tls12_only, tls13_only };

// The system trust store used when a client is given no CA file.
inline constexpr const char* kSystemCaBundle = "/etc/ssl/certs/ca-certificates.crt";

class TlsContext {
 public:
  // cert_chain_pem: the leaf certificate followed by any intermediates (PEM).
  static Result<TlsContext> server(const std::string& cert_chain_pem, const std::string& key_pem,
                                   TlsVersions versions = TlsVersions::tls12_and_13);
  // ca_file empty: the system bundle (kSystemCaBundle). verify_peer=false disables chain and host
  // name checks (only for tests and explicitly insecure deployments).
  static Result<TlsContext> client(const std::string& ca_file, bool verify_peer = true,
                                   TlsVersions versions = TlsVersions::tls12_and_13);

  TlsContext(TlsContext&& other) noexcept;
  TlsContext& operator=(TlsContext&& other) noexcept;
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;
  ~TlsContext();

  // Narrows the cipher suites (wolfSSL names, ':'-separated), e.g.
  // "TLS13-CHACHA20-POLY1305-SHA256". For benchmarks and tests; call before creating sessions.
  [[nodiscard]] Status restrict_ciphers(const char* wolfssl_cipher_list);

  [[nodiscard]] bool is_server() const noexcept { return server_; }
  [[nodiscard]] bool verifies_peer() const noexcept { return verify_peer_; }
  // The wrapped WOLFSSL_CTX, for benchmarks that drive wolfSSL over memory.
  [[nodiscard]] WOLFSSL_CTX* native_handle() const noexcept { return ctx_; }

 private:
  TlsContext(WOLFSSL_CTX* ctx, bool server, bool verify_peer) noexcept
      : ctx_(ctx), server_(server), verify_peer_(verify_peer) {}

  WOLFSSL_CTX* ctx_ = nullptr;
  bool server_ = false;
  bool verify_peer_ = false;
};

}  // namespace sy::net::tls
