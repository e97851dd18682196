#include "net/tls/tls_error.h"

// clang-format off
#include <wolfssl/options.h>  // must precede every other wolfSSL header
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
// clang-format on

namespace sy::net::tls {

const char* errc_name(TlsErrc code) noexcept {
  switch (code) {
    case TlsErrc::none:
      return "none";
    case TlsErrc::init_failed:
      return "init_failed";
    case TlsErrc::bad_certificate_file:
      return "bad_certificate_file";
    case TlsErrc::bad_key_file:
      return "bad_key_file";
    case TlsErrc::key_mismatch:
      return "key_mismatch";
    case TlsErrc::bad_ca_file:
      return "bad_ca_file";
    case TlsErrc::bad_argument:
      return "bad_argument";
    case TlsErrc::out_of_memory:
      return "out_of_memory";
    case TlsErrc::untrusted_certificate:
      return "untrusted_certificate";
    case TlsErrc::host_mismatch:
      return "host_mismatch";
    case TlsErrc::certificate_expired:
      return "certificate_expired";
    case TlsErrc::certificate_invalid:
      return "certificate_invalid";
    case TlsErrc::version_mismatch:
      return "version_mismatch";
    case TlsErrc::no_shared_cipher:
      return "no_shared_cipher";
    case TlsErrc::peer_alert:
      return "peer_alert";
    case TlsErrc::handshake_failed:
      return "handshake_failed";
    case TlsErrc::decrypt_failed:
      return "decrypt_failed";
    case TlsErrc::protocol_error:
      return "protocol_error";
    case TlsErrc::peer_closed:
      return "peer_closed";
    case TlsErrc::io_error:
      return "io_error";
  }
  return "unknown";
}

const char* errc_message(TlsErrc code) noexcept {
  switch (code) {
    case TlsErrc::none:
      return "no error";
    case TlsErrc::init_failed:
      return "TLS library initialisation failed";
    case TlsErrc::bad_certificate_file:
      return "cannot load the certificate (chain) PEM file";
    case TlsErrc::bad_key_file:
      return "cannot load the private key PEM file";
    case TlsErrc::key_mismatch:
      return "private key does not match the certificate";
    case TlsErrc::bad_ca_file:
      return "cannot load the CA bundle";
    case TlsErrc::bad_argument:
      return "invalid TLS argument";
    case TlsErrc::out_of_memory:
      return "out of memory in TLS";
    case TlsErrc::untrusted_certificate:
      return "peer certificate does not chain to a trusted CA";
    case TlsErrc::host_mismatch:
      return "peer certificate does not match the host name";
    case TlsErrc::certificate_expired:
      return "peer certificate is outside its validity period";
    case TlsErrc::certificate_invalid:
      return "peer certificate is invalid";
    case TlsErrc::version_mismatch:
      return "no common TLS version (1.2 or 1.3 required)";
    case TlsErrc::no_shared_cipher:
      return "no common cipher suite";
    case TlsErrc::peer_alert:
      return "peer aborted the TLS connection with a fatal alert";
    case TlsErrc::handshake_failed:
      return "TLS handshake failed";
    case TlsErrc::decrypt_failed:
      return "TLS record failed authentication";
    case TlsErrc::protocol_error:
      return "TLS protocol error";
    case TlsErrc::peer_closed:
      return "connection closed without TLS close_notify";
    case TlsErrc::io_error:
      return "socket error under TLS";
  }
  return "unknown TLS error";
}

TlsErrc classify_library_error(int e) noexcept {
  switch (e) {
    case 0:
      return TlsErrc::none;
    case ASN_NO_SIGNER_E:
    case ASN_SELF_SIGNED_E:
    case ASN_PATHLEN_SIZE_E:
    case ASN_PATHLEN_INV_E:
      return TlsErrc::untrusted_certificate;
    case DOMAIN_NAME_MISMATCH:
    case IPADDR_MISMATCH:
      return TlsErrc::host_mismatch;
    case ASN_AFTER_DATE_E:
    case ASN_BEFORE_DATE_E:
      return TlsErrc::certificate_expired;
    case ASN_PARSE_E:
    case ASN_SIG_OID_E:
    case ASN_SIG_CONFIRM_E:
    case ASN_SIG_KEY_E:
    case ASN_CRIT_EXT_E:
    case VERIFY_CERT_ERROR:
    case NO_PEER_CERT:
    case KEYUSE_SIGNATURE_E:
    case KEYUSE_ENCIPHER_E:
    case EXTKEYUSE_AUTH_E:
    case ECC_KEY_SIZE_E:
      return TlsErrc::certificate_invalid;
    case VERSION_ERROR:
      return TlsErrc::version_mismatch;
    case MATCH_SUITE_ERROR:
    case UNSUPPORTED_SUITE:
      return TlsErrc::no_shared_cipher;
    case FATAL_ERROR:
      return TlsErrc::peer_alert;
    case VERIFY_MAC_ERROR:
    case DECRYPT_ERROR:
    case AES_GCM_AUTH_E:    // TLS 1.3 reports the AEAD's own failure
    case MAC_CMP_FAILED_E:  // ChaCha20-Poly1305 tag mismatch
      return TlsErrc::decrypt_failed;
    case SOCKET_PEER_CLOSED_E:
      return TlsErrc::peer_closed;
    case SOCKET_ERROR_E:
      return TlsErrc::io_error;
    case MEMORY_E:
    case MEMORY_ERROR:
      return TlsErrc::out_of_memory;
    case BAD_FUNC_ARG:
      return TlsErrc::bad_argument;
    default:
      return TlsErrc::protocol_error;
  }
}

}  // namespace sy::net::tls
