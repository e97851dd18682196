#include "net/tls/tls_context.h"

#include <unistd.h>

#include <mutex>
#include <utility>

// clang-format off
#include <wolfssl/options.h>  // must precede every other wolfSSL header
#include <wolfssl/ssl.h>
// clang-format on

#include "net/tls/tls_error.h"

namespace sy::net::tls {
namespace {

// Server preference order (wolfSSL uses the server's order): AES-GCM first, it is the fastest
// with AES-NI; ChaCha20-Poly1305 for peers without AES hardware. ECDHE only, AEAD only.
constexpr const char* kCipherList =
    "TLS13-AES128-GCM-SHA256:TLS13-AES256-GCM-SHA384:TLS13-CHACHA20-POLY1305-SHA256:"
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

Error fail(TlsErrc code) noexcept {
  return make_error(code, errc_message(code));
}

Status init_library() noexcept {
  static std::once_flag once;
  static int rc = WOLFSSL_SUCCESS;
  std::call_once(once, [] { rc = wolfSSL_Init(); });
  if (rc != WOLFSSL_SUCCESS) return fail(TlsErrc::init_failed);
  return {};
}

WOLFSSL_METHOD* method_for(bool server, TlsVersions versions) noexcept {
  switch (versions) {
    case TlsVersions::tls12_only:
      return server ? wolfTLSv1_2_server_method() : wolfTLSv1_2_client_method();
    case TlsVersions::tls13_only:
      return server ? wolfTLSv1_3_server_method() : wolfTLSv1_3_client_method();
    case TlsVersions::tls12_and_13:
      break;
  }
  // The "SSLv23" methods negotiate the highest common version; the minimum is raised below.
  return server ? wolfSSLv23_server_method() : wolfSSLv23_client_method();
}

struct CtxOwner {
  WOLFSSL_CTX* ctx = nullptr;
  ~CtxOwner() {
    if (ctx != nullptr) wolfSSL_CTX_free(ctx);
  }
  WOLFSSL_CTX* release() noexcept { return std::exchange(ctx, nullptr); }
};

// Settings shared by both roles.
Status configure_common(WOLFSSL_CTX* ctx, TlsVersions versions) noexcept {
  if (versions == TlsVersions::tls12_and_13 &&
      wolfSSL_CTX_SetMinVersion(ctx, WOLFSSL_TLSV1_2) != WOLFSSL_SUCCESS) {
    return fail(TlsErrc::init_failed);
  }
  if (wolfSSL_CTX_set_cipher_list(ctx, kCipherList) != WOLFSSL_SUCCESS) {
    return fail(TlsErrc::init_failed);
  }
  // X25519 first: one key share in the ClientHello that every modern peer accepts, so TLS 1.3
  // rarely needs a HelloRetryRequest.
  int groups[] = {WOLFSSL_ECC_X25519, WOLFSSL_ECC_SECP256R1, WOLFSSL_ECC_SECP384R1};
  if (versions == TlsVersions::tls12_only) {
    // wolfSSL_CTX_set_groups is for TLS 1.3 methods only; 1.2 takes the curves one by one.
    for (int group : groups) {
      if (wolfSSL_CTX_UseSupportedCurve(ctx, static_cast<word16>(group)) != WOLFSSL_SUCCESS) {
        return fail(TlsErrc::init_failed);
      }
    }
  } else if (wolfSSL_CTX_set_groups(ctx, groups, static_cast<int>(std::size(groups))) !=
             WOLFSSL_SUCCESS) {
    return fail(TlsErrc::init_failed);
  }
  // No process-wide session cache: it is a table shared (and locked) across shards. TLS 1.3
  // resumption still works through stateless tickets.
  wolfSSL_CTX_set_session_cache_mode(ctx, WOLFSSL_SESS_CACHE_OFF);
  return {};
}

}  // namespace

Result<TlsContext> TlsContext::server(const std::string& cert_chain_pem, const std::string& key_pem,
                                      TlsVersions versions) {
  if (auto st = init_library(); !st) return st.error();
  CtxOwner owner{wolfSSL_CTX_new(method_for(true, versions))};
  if (owner.ctx == nullptr) return fail(TlsErrc::out_of_memory);
  if (auto st = configure_common(owner.ctx, versions); !st) return st.error();

  if (wolfSSL_CTX_use_certificate_chain_file(owner.ctx, cert_chain_pem.c_str()) !=
      WOLFSSL_SUCCESS) {
    return fail(TlsErrc::bad_certificate_file);
  }
  if (wolfSSL_CTX_use_PrivateKey_file(owner.ctx, key_pem.c_str(), WOLFSSL_FILETYPE_PEM) !=
      WOLFSSL_SUCCESS) {
    return fail(TlsErrc::bad_key_file);
  }
  if (wolfSSL_CTX_check_private_key(owner.ctx) != WOLFSSL_SUCCESS) {
    return fail(TlsErrc::key_mismatch);
  }
  // Clients present no certificate to the gateway; they authenticate inside the protocol.
  wolfSSL_CTX_set_verify(owner.ctx, WOLFSSL_VERIFY_NONE, nullptr);
  return TlsContext(owner.release(), true, false);
}

Result<TlsContext> TlsContext::client(const std::string& ca_file, bool verify_peer,
                                      TlsVersions versions) {
  if (auto st = init_library(); !st) return st.error();
  CtxOwner owner{wolfSSL_CTX_new(method_for(false, versions))};
  if (owner.ctx == nullptr) return fail(TlsErrc::out_of_memory);
  if (auto st = configure_common(owner.ctx, versions); !st) return st.error();

  if (verify_peer) {
    if (!ca_file.empty()) {
      // An explicit CA file must load completely.
      if (wolfSSL_CTX_load_verify_locations(owner.ctx, ca_file.c_str(), nullptr) !=
          WOLFSSL_SUCCESS) {
        return fail(TlsErrc::bad_ca_file);
      }
    } else if (::access(kSystemCaBundle, R_OK) == 0) {
      // The system bundle may hold a root wolfSSL cannot parse; skip it rather than fail.
      if (wolfSSL_CTX_load_verify_locations_ex(owner.ctx, kSystemCaBundle, nullptr,
                                               WOLFSSL_LOAD_FLAG_IGNORE_ERR) != WOLFSSL_SUCCESS) {
        return fail(TlsErrc::bad_ca_file);
      }
    } else if (wolfSSL_CTX_load_system_CA_certs(owner.ctx) != WOLFSSL_SUCCESS) {
      return fail(TlsErrc::bad_ca_file);
    }
    wolfSSL_CTX_set_verify(owner.ctx, WOLFSSL_VERIFY_PEER, nullptr);
  } else {
    wolfSSL_CTX_set_verify(owner.ctx, WOLFSSL_VERIFY_NONE, nullptr);
  }
  return TlsContext(owner.release(), false, verify_peer);
}

TlsContext::TlsContext(TlsContext&& other) noexcept
    : ctx_(std::exchange(other.ctx_, nullptr)),
      server_(other.server_),
      verify_peer_(other.verify_peer_) {}

TlsContext& TlsContext::operator=(TlsContext&& other) noexcept {
  if (this != &other) {
    if (ctx_ != nullptr) wolfSSL_CTX_free(ctx_);
    ctx_ = std::exchange(other.ctx_, nullptr);
    server_ = other.server_;
    verify_peer_ = other.verify_peer_;
  }
  return *this;
}

TlsContext::~TlsContext() {
  if (ctx_ != nullptr) wolfSSL_CTX_free(ctx_);
}

Status TlsContext::restrict_ciphers(const char* wolfssl_cipher_list) {
  if (ctx_ == nullptr || wolfssl_cipher_list == nullptr ||
      wolfSSL_CTX_set_cipher_list(ctx_, wolfssl_cipher_list) != WOLFSSL_SUCCESS) {
    return fail(TlsErrc::bad_argument);
  }
  return {};
}

}  // namespace sy::net::tls
