// One TLS connection over a non-blocking socket, for either role. wolfSSL does the recv/send on
// the descriptor itself; the caller owns the descriptor and the readiness waits.
//
// Driving it (all calls return at once, never block):
//   handshake() until it returns ok() or error; on a want, wait for that readiness.
//   read() until it returns a want (then wait) or eof/error. A record may hold more than asked
//     for: keep reading while bytes come back; pending() tells how much is already decrypted.
//   write()/write_gather(): either everything is accepted (ok(), bytes == size) or want/error.
//     After a want, call the same function again with the SAME bytes (wolfSSL may already have
//     encrypted part of them); do not interleave other writes meanwhile.
//   shutdown() sends close_notify once, best effort.
//
// Memory per idle session (bench_net_tls, BM_TlsHandshake counters): about 38 KB server side,
// 58 KB client side. wolfSSL keeps the WOLFSSL object (11 KB), a WOLFSSL_SESSION with inline
// copies of the peer chain (21 KB with the MAX_CHAIN_DEPTH=5 that tools/build-wolfssl sets; 37 KB
// by default), the cipher states and, client side, the decoded peer certificate. The handshake
// arrays are freed once the handshake is done. Record buffers grow to one record while a record
// is in flight and shrink back afterwards, so an idle session holds no 16 KiB buffers;
// write_gather's staging buffer is per thread.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "core/base/result.h"
#include "net/tls/tls_context.h"
#include "net/tls/tls_error.h"

struct WOLFSSL;  // wolfSSL's connection (typedef struct WOLFSSL WOLFSSL)

namespace sy::net::tls {

enum class Want : std::uint8_t { none, read, write };

struct IoResult {
  std::size_t bytes = 0;   // plaintext bytes read, or accepted for writing
  Want want = Want::none;  // wait for this readiness, then call the same function again
  bool eof = false;        // the peer finished: close_notify, or a bare FIN after the handshake
  bool error = false;      // fatal; the session is unusable. error_code()/last_error() say why

  [[nodiscard]] bool ok() const noexcept { return want == Want::none && !eof && !error; }
};

class TlsSession {
 public:
  // fd: a connected, non-blocking stream socket; it stays owned by the caller and must outlive
  // the session.
  static Result<std::unique_ptr<TlsSession>> accept(TlsContext& ctx, int fd);
  // server_name: a DNS name (sent as SNI and verified against the certificate) or an IP literal
  // (verified against the certificate's IP addresses; no SNI, as RFC 6066 requires).
  static Result<std::unique_ptr<TlsSession>> connect(TlsContext& ctx, int fd,
                                                     std::string_view server_name);

  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;
  ~TlsSession();

  [[nodiscard]] IoResult handshake() noexcept;
  [[nodiscard]] bool handshake_done() const noexcept { return handshake_done_; }

  [[nodiscard]] IoResult read(std::span<std::uint8_t> dst) noexcept;
  [[nodiscard]] IoResult write(std::span<const std::uint8_t> src) noexcept;
  // Writes the concatenation of bufs. Small pieces (a WebSocket header and the start of its
  // payload) are coalesced into one record through a per-thread staging buffer; long contiguous
  // pieces are encrypted straight from the caller's memory.
  [[nodiscard]] IoResult write_gather(std::span<const struct iovec> bufs) noexcept;

  // Decrypted bytes buffered inside wolfSSL: read them before waiting for readability.
  [[nodiscard]] std::size_t pending() const noexcept;

  void shutdown() noexcept;

  [[nodiscard]] TlsErrc error_code() const noexcept { return errc_; }
  // Static text for logs and metrics; never contains secrets or peer data.
  [[nodiscard]] const char* last_error() const noexcept { return errc_message(errc_); }
  // The raw wolfSSL error code behind error_code() (negative, 0 if none), for diagnostics.
  [[nodiscard]] int library_error() const noexcept { return lib_err_; }
  // After an eof: true if the peer sent close_notify, false if the TCP stream just ended.
  [[nodiscard]] bool close_notify_received() const noexcept { return close_notify_; }

  // Negotiated protocol ("TLSv1.3") and cipher suite (wolfSSL name); static storage.
  [[nodiscard]] const char* version() const noexcept;
  [[nodiscard]] const char* cipher() const noexcept;
  [[nodiscard]] int fd() const noexcept { return fd_; }

 private:
  TlsSession(WOLFSSL* ssl, int fd, bool server) noexcept : ssl_(ssl), fd_(fd), server_(server) {}
  static Result<std::unique_ptr<TlsSession>> make(TlsContext& ctx, int fd, bool server);

  // Turns a non-positive wolfSSL return into a want, an eof or a recorded error.
  IoResult settle(int ret, bool reading) noexcept;
  IoResult fail(TlsErrc code, int lib_err) noexcept;
  void finish_handshake() noexcept;

  WOLFSSL* ssl_ = nullptr;
  std::size_t gather_done_ = 0;  // bytes of an interrupted write_gather already accepted
  int fd_ = -1;
  int lib_err_ = 0;
  TlsErrc errc_ = TlsErrc::none;
  bool server_ = false;
  bool handshake_done_ = false;
  bool close_notify_ = false;
  bool shut_down_ = false;
};

}  // namespace sy::net::tls
