// TLS failure reasons: a small closed set so metrics can count handshake failures by reason and
// logs can say why without ever printing key material or peer data.
#pragma once

#include <cstdint>

namespace sy::net::tls {

enum class TlsErrc : std::uint16_t {
  none = 0,
  // Context set-up (files, library).
  init_failed,
  bad_certificate_file,
  bad_key_file,
  key_mismatch,
  bad_ca_file,
  bad_argument,
  out_of_memory,
  // Handshake: verification of the peer's certificate (client role).
  untrusted_certificate,  // chain does not lead to a trusted CA
  host_mismatch,          // certificate is not for the requested host name / address
  certificate_expired,    // outside its validity period
  certificate_invalid,    // malformed, bad signature, wrong usage
  // Handshake: negotiation.
  version_mismatch,  // peer offers no TLS 1.2 / 1.3
  no_shared_cipher,
  peer_alert,  // peer aborted with a fatal alert (e.g. it rejected our certificate)
  handshake_failed,
  // Records.
  decrypt_failed,  // bad record MAC / AEAD tag: tampering or corruption
  protocol_error,
  peer_closed,  // TCP closed without close_notify (truncation) or reset
  io_error,     // the socket failed (errno other than EAGAIN)
};

// Short snake_case label for metrics ("untrusted_certificate"); static storage.
[[nodiscard]] const char* errc_name(TlsErrc code) noexcept;
// One-line description for logs; static storage.
[[nodiscard]] const char* errc_message(TlsErrc code) noexcept;

// Maps a wolfSSL / wolfCrypt error code (negative) to a reason.
[[nodiscard]] TlsErrc classify_library_error(int wolfssl_error) noexcept;

}  // namespace sy::net::tls
