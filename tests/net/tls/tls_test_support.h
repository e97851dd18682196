// Test support for the TLS tests: development certificates made by tools/dev-cert at test time,
// connected non-blocking TCP pairs on 127.0.0.1, and a single-threaded pump that drives both ends
// of a TLS connection with poll() instead of sleeps.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "net/tls/tls_context.h"
#include "net/tls/tls_session.h"

namespace sy::net::tls::testing {

// One word for where a call left the session, to compare in assertions.
enum class St { ok, want_read, want_write, eof, error };
inline St status_of(const IoResult& r) {
  if (r.error) return St::error;
  if (r.eof) return St::eof;
  if (r.want == Want::read) return St::want_read;
  if (r.want == Want::write) return St::want_write;
  return St::ok;
}
inline const char* to_string(St s) {
  switch (s) {
    case St::ok:
      return "ok";
    case St::want_read:
      return "want_read";
    case St::want_write:
      return "want_write";
    case St::eof:
      return "eof";
    case St::error:
      return "error";
  }
  return "?";
}

struct CertSet {
  std::string dir;
  std::string ca;    // ca.pem
  std::string cert;  // server.pem
  std::string key;   // server-key.pem
  std::string ca_key;
};

// Two independent development PKIs, made once per test binary: `primary()` is the one servers
// use, `other()` is a CA the clients do not trust.
const CertSet& primary_certs();
const CertSet& other_certs();

// A connected TCP pair over 127.0.0.1 (port 0), both ends non-blocking. Closes what it owns.
struct TcpPair {
  int client = -1;
  int server = -1;
  TcpPair();
  ~TcpPair();
  TcpPair(const TcpPair&) = delete;
  TcpPair& operator=(const TcpPair&) = delete;
  void close_client();
};

// Result of driving both handshakes to an end.
struct HandshakeOutcome {
  St client = St::want_read;
  St server = St::want_read;
  bool timed_out = false;
  [[nodiscard]] bool ok() const { return client == St::ok && server == St::ok && !timed_out; }
};

// Drives both handshakes, polling for the readiness each side asks for. When one side fails,
// its socket is shut down so the other side ends too (with whatever error it sees).
HandshakeOutcome run_handshake(TlsSession& client, int client_fd, TlsSession& server,
                               int server_fd);

// A session plus the byte queues the pump moves through it.
struct Peer {
  TlsSession* tls = nullptr;
  int fd = -1;
  std::vector<std::uint8_t> out;  // bytes still to write (written from out_off)
  std::size_t out_off = 0;
  std::size_t chunk = 0;  // size of the write in flight (kept identical across retries)
  std::size_t chunk_limit = 64 * 1024;
  std::vector<std::uint8_t> in;  // everything read so far
  bool want_read = false;
  bool want_write = false;
  bool eof = false;
  bool failed = false;

  // Writes as much as the socket takes, then reads until it would block. True on progress.
  bool step();
};

// Waits (poll) for what either peer asked for. False on timeout (10 s).
bool wait_for_peers(const Peer& a, const Peer& b);

// Both sessions with the primary certificates, handshake completed. Versions apply to the
// client; the server accepts both.
struct Connected {
  std::unique_ptr<TcpPair> pair;
  std::unique_ptr<TlsContext> server_ctx;
  std::unique_ptr<TlsContext> client_ctx;
  std::unique_ptr<TlsSession> client;
  std::unique_ptr<TlsSession> server;
};
Connected connect_pair(TlsVersions client_versions = TlsVersions::tls12_and_13,
                       const char* client_ciphers = nullptr);

std::vector<std::uint8_t> random_bytes(std::size_t n, std::uint32_t seed);

}  // namespace sy::net::tls::testing
