// A connected byte stream owned by one shard: plain TCP, or TLS over TCP.
//
// Readiness waits go through the shard's event loop (io_uring POLL_ADD with the io_uring backend,
// epoll otherwise); the data syscalls themselves are non-blocking and made directly. That lets a
// shard read every connection into one shared receive buffer (see net/ws/connection.h): a
// connection holds no receive memory of its own unless a frame is split across reads, which keeps
// idle sessions small. Asio's io_uring backend cannot read into a buffer chosen at completion time
// (that needs provided-buffer rings), so a completion-based read would pin a buffer per connection.
#pragma once

#include <sys/uio.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "net/tls/tls_session.h"

namespace sy::net {

using tcp = boost::asio::ip::tcp;
template <class T>
using awaitable = boost::asio::awaitable<T>;

enum class IoStatus : std::uint8_t { ok, would_block, eof, error };

struct IoResult {
  IoStatus status;
  std::size_t bytes;
};

enum class TransportErrc : std::uint16_t { tls_handshake_failed, timed_out, closed };

// A connection between shards: its descriptor and TLS state, owned by no event loop (see
// Transport::detach and Transport::adopt).
struct DetachedTransport {
  int fd = -1;
  std::unique_ptr<tls::TlsSession> tls;
  DetachedTransport() = default;
  DetachedTransport(DetachedTransport&&) noexcept;
  DetachedTransport& operator=(DetachedTransport&&) noexcept;
  ~DetachedTransport();  // closes a descriptor nobody adopted
};

class Transport {
 public:
  explicit Transport(tcp::socket socket);
  Transport(tcp::socket socket, std::unique_ptr<tls::TlsSession> tls);
  Transport(Transport&&) noexcept;
  Transport& operator=(Transport&&) noexcept;
  ~Transport();

  [[nodiscard]] bool is_tls() const noexcept { return tls_ != nullptr; }
  [[nodiscard]] bool is_open() const noexcept { return socket_.is_open(); }
  tcp::socket& socket() noexcept { return socket_; }

  // Completes the TLS handshake (no-op for plain TCP). Cancelled by close() or cancel().
  awaitable<Status> handshake();

  // Non-blocking: reads what is available (decrypted for TLS) into dst.
  [[nodiscard]] IoResult read(std::span<std::uint8_t> dst) noexcept;
  // Non-blocking gather write; bytes = how much of the sequence was taken. After would_block a
  // TLS transport must be offered the same bytes again (wolfSSL's non-blocking rule), which the
  // WebSocket send queue guarantees by retrying from its head.
  [[nodiscard]] IoResult write(std::span<const iovec> bufs) noexcept;

  // Waits until read()/write() may make progress. False when cancelled or the socket failed.
  awaitable<bool> wait_readable();
  awaitable<bool> wait_writable();
  // TLS may hold decrypted bytes that no socket readiness will announce.
  [[nodiscard]] bool has_buffered_input() const noexcept;

  // Half-close for writing after a final flush (TLS: close_notify first).
  void shutdown_write() noexcept;
  // Cancels pending waits; the socket stays open.
  void cancel() noexcept;
  void close() noexcept;

  [[nodiscard]] std::string peer_address() const;

  // Hands the connection to another shard: releases the descriptor from this shard's loop (on
  // its thread, with no wait pending) so that the other shard can adopt() it on its own thread.
  // TLS state travels with it; a TLS write that must be retried makes it unmovable (fd = -1).
  [[nodiscard]] DetachedTransport detach() &&;
  [[nodiscard]] static Transport adopt(const boost::asio::any_io_executor& executor,
                                       DetachedTransport&& detached);

 private:
  awaitable<bool> wait(bool for_write);

  tcp::socket socket_;
  std::unique_ptr<tls::TlsSession> tls_;
  // TLS: the direction the session asked for on its last would_block (a read may need the
  // socket writable during a key update and vice versa).
  bool tls_read_wants_write_ = false;
  bool tls_write_wants_read_ = false;
  std::size_t tls_retry_len_ = 0;  // bytes offered by a TLS write that must be offered again
};

// Writes all of data, waiting for the socket as needed; false if the connection failed.
awaitable<bool> write_all(Transport& t, std::string_view data);

}  // namespace sy::net
