#include "net/tls/tls_session.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

// clang-format off
#include <wolfssl/options.h>  // must precede every other wolfSSL header
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>
// clang-format on

namespace sy::net::tls {
namespace {

// Largest TLS plaintext record: the staging buffer fills exactly one.
constexpr std::size_t kRecordPlaintext = 16384;

// Per-thread staging for write_gather. It needs no per-session lifetime: wolfSSL copies the
// plaintext into its own record buffer while encrypting, and a retry after a want rebuilds the
// same staged bytes from the caller's (unchanged) buffers.
std::uint8_t* staging_buffer() {
  thread_local std::unique_ptr<std::uint8_t[]> buffer;
  if (!buffer) buffer = std::make_unique_for_overwrite<std::uint8_t[]>(kRecordPlaintext);
  return buffer.get();
}

// The form wolfSSL prints an IPv6 subjectAltName in ("0000:...:0001"), so that the host-name
// check compares like with like. Empty if `host` is not an IP literal; the IPv4 text is kept.
std::string ip_literal_for_check(std::string_view host, bool& is_ip) {
  is_ip = false;
  std::string text(host);
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  unsigned char addr[16];
  if (inet_pton(AF_INET, text.c_str(), addr) == 1) {
    is_ip = true;
    return text;
  }
  if (inet_pton(AF_INET6, text.c_str(), addr) == 1) {
    is_ip = true;
    char out[8 * 5];
    for (int i = 0; i < 8; ++i) {
      std::snprintf(out + i * 5, sizeof(out) - static_cast<std::size_t>(i) * 5, "%02X%02X%s",
                    addr[2 * i], addr[2 * i + 1], i < 7 ? ":" : "");
    }
    return out;
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<TlsSession>> TlsSession::make(TlsContext& ctx, int fd, bool server) {
  if (ctx.native_handle() == nullptr || ctx.is_server() != server || fd < 0) {
    return make_error(TlsErrc::bad_argument, errc_message(TlsErrc::bad_argument));
  }
  WOLFSSL* ssl = wolfSSL_new(ctx.native_handle());
  if (ssl == nullptr) {
    return make_error(TlsErrc::out_of_memory, errc_message(TlsErrc::out_of_memory));
  }
  std::unique_ptr<TlsSession> session(new TlsSession(ssl, fd, server));
  if (wolfSSL_set_fd(ssl, fd) != WOLFSSL_SUCCESS) {
    return make_error(TlsErrc::bad_argument, errc_message(TlsErrc::bad_argument));
  }
  // A peer that vanished must surface as an error, not as SIGPIPE.
  wolfSSL_SetIOWriteFlags(ssl, MSG_NOSIGNAL);
  return session;
}

Result<std::unique_ptr<TlsSession>> TlsSession::accept(TlsContext& ctx, int fd) {
  return make(ctx, fd, true);
}

Result<std::unique_ptr<TlsSession>> TlsSession::connect(TlsContext& ctx, int fd,
                                                        std::string_view server_name) {
  if (server_name.empty() || server_name.size() > 255) {
    return make_error(TlsErrc::bad_argument, "TLS server name is empty or too long");
  }
  // The name is checked as a C string: an embedded NUL would verify a shorter name than the one
  // sent as SNI. Host names and IP literals never contain NUL, spaces or control characters.
  for (char ch : server_name) {
    if (static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7f) {
      return make_error(TlsErrc::bad_argument, "TLS server name has invalid characters");
    }
  }
  auto made = make(ctx, fd, false);
  if (!made) return made;
  TlsSession& session = *made.value();
  bool is_ip = false;
  std::string check_name = ip_literal_for_check(server_name, is_ip);
  if (!is_ip) {
    check_name.assign(server_name);
    if (wolfSSL_UseSNI(session.ssl_, WOLFSSL_SNI_HOST_NAME, check_name.data(),
                       static_cast<unsigned short>(check_name.size())) != WOLFSSL_SUCCESS) {
      return make_error(TlsErrc::bad_argument, "TLS server name rejected");
    }
  }
  if (ctx.verifies_peer() &&
      wolfSSL_check_domain_name(session.ssl_, check_name.c_str()) != WOLFSSL_SUCCESS) {
    return make_error(TlsErrc::out_of_memory, errc_message(TlsErrc::out_of_memory));
  }
  return made;
}

TlsSession::~TlsSession() {
  if (ssl_ != nullptr) wolfSSL_free(ssl_);
}

IoResult TlsSession::fail(TlsErrc code, int lib_err) noexcept {
  errc_ = code;
  lib_err_ = lib_err;
  return IoResult{.error = true};
}

IoResult TlsSession::settle(int ret, bool reading) noexcept {
  const int err = wolfSSL_get_error(ssl_, ret);
  switch (err) {
    case WOLFSSL_ERROR_WANT_READ:
      return IoResult{.want = Want::read};
    case WOLFSSL_ERROR_WANT_WRITE:
      return IoResult{.want = Want::write};
    case WOLFSSL_ERROR_ZERO_RETURN:
      close_notify_ = true;
      return IoResult{.eof = true};
    default:
      break;
  }
  TlsErrc code = classify_library_error(err);
  if (reading && handshake_done_ && code == TlsErrc::peer_closed) {
    // A bare FIN after the handshake ends the stream; WebSocket's own close handshake is what
    // tells a clean end from a truncated one, so this is an eof (with the reason kept).
    errc_ = code;
    lib_err_ = err;
    return IoResult{.eof = true};
  }
  if (!handshake_done_ && code == TlsErrc::protocol_error) code = TlsErrc::handshake_failed;
  if (code == TlsErrc::none) code = TlsErrc::protocol_error;
  return fail(code, err);
}

void TlsSession::finish_handshake() noexcept {
  handshake_done_ = true;
  // This wolfSSL build (post-handshake auth + tickets compiled in) keeps the handshake arrays
  // (~3.5 KB: randoms, pre-master and master secrets) for the life of a TLS 1.3 session. We
  // never request post-handshake authentication, and every later message (tickets, KeyUpdate)
  // is handled without them, as in wolfSSL's default builds: drop them, and the secrets with them.
  wolfSSL_FreeArrays(ssl_);
}

IoResult TlsSession::handshake() noexcept {
  if (handshake_done_) return {};
  if (errc_ != TlsErrc::none) return IoResult{.error = true};
  const int ret = server_ ? wolfSSL_accept(ssl_) : wolfSSL_connect(ssl_);
  if (ret == WOLFSSL_SUCCESS) {
    finish_handshake();
    return {};
  }
  IoResult r = settle(ret, false);
  if (r.eof) {  // close_notify before the handshake finished is a failure, not an end
    return fail(TlsErrc::handshake_failed, ZERO_RETURN);
  }
  return r;
}

IoResult TlsSession::read(std::span<std::uint8_t> dst) noexcept {
  if (dst.empty()) return {};
  if (errc_ != TlsErrc::none && errc_ != TlsErrc::peer_closed) return IoResult{.error = true};
  const int want = static_cast<int>(std::min<std::size_t>(dst.size(), INT_MAX));
  const int n = wolfSSL_read(ssl_, dst.data(), want);
  if (n > 0) {
    if (!handshake_done_) finish_handshake();  // wolfSSL_read completes a pending handshake
    return IoResult{.bytes = static_cast<std::size_t>(n)};
  }
  return settle(n, true);
}

IoResult TlsSession::write(std::span<const std::uint8_t> src) noexcept {
  if (src.empty()) return {};
  if (errc_ != TlsErrc::none) return IoResult{.error = true};
  if (src.size() > static_cast<std::size_t>(INT_MAX)) return fail(TlsErrc::bad_argument, 0);
  const int n = wolfSSL_write(ssl_, src.data(), static_cast<int>(src.size()));
  if (n > 0) return IoResult{.bytes = static_cast<std::size_t>(n)};
  IoResult r = settle(n, false);
  if (r.eof) return fail(TlsErrc::peer_closed, ZERO_RETURN);  // cannot write after the end
  return r;
}

IoResult TlsSession::write_gather(std::span<const struct iovec> bufs) noexcept {
  std::size_t total = 0;
  for (const iovec& v : bufs) total += v.iov_len;

  // The pieces are a pure function of (bufs, gather_done_), so a retry after a want hands
  // wolfSSL exactly the bytes it was given before, as its non-blocking contract requires.
  while (gather_done_ < total) {
    std::size_t index = 0;
    std::size_t skip = gather_done_;
    while (skip >= bufs[index].iov_len) {
      skip -= bufs[index].iov_len;
      ++index;
    }
    const auto* base = static_cast<const std::uint8_t*>(bufs[index].iov_base);
    const std::size_t left_here = bufs[index].iov_len - skip;
    std::span<const std::uint8_t> piece;
    if (left_here >= kRecordPlaintext) {
      piece = {base + skip, left_here};  // long run: encrypt in place, wolfSSL splits records
    } else {
      std::uint8_t* stage = staging_buffer();
      std::size_t staged = 0;
      for (std::size_t i = index; i < bufs.size() && staged < kRecordPlaintext; ++i) {
        const auto* from = static_cast<const std::uint8_t*>(bufs[i].iov_base);
        std::size_t len = bufs[i].iov_len;
        if (i == index) {
          from += skip;
          len -= skip;
        }
        const std::size_t take = std::min(len, kRecordPlaintext - staged);
        if (take != 0) std::memcpy(stage + staged, from, take);
        staged += take;
      }
      piece = {stage, staged};
    }
    IoResult r = write(piece);
    if (!r.ok()) return r;
    gather_done_ += piece.size();
  }
  gather_done_ = 0;
  return IoResult{.bytes = total};
}

std::size_t TlsSession::pending() const noexcept {
  const int n = wolfSSL_pending(ssl_);
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

void TlsSession::shutdown() noexcept {
  if (shut_down_ || ssl_ == nullptr) return;
  shut_down_ = true;
  if (!handshake_done_ || (errc_ != TlsErrc::none && errc_ != TlsErrc::peer_closed)) return;
  (void)wolfSSL_shutdown(ssl_);  // queues and tries to send close_notify; never waits
}

const char* TlsSession::version() const noexcept {
  return ssl_ != nullptr ? wolfSSL_get_version(ssl_) : "";
}

const char* TlsSession::cipher() const noexcept {
  return ssl_ != nullptr ? wolfSSL_get_cipher_name(ssl_) : "";
}

}  // namespace sy::net::tls
