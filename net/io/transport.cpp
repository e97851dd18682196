#include "net/io/transport.h"

#include <sys/socket.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <unistd.h>

#include <cerrno>
#include <iterator>
#include <utility>

#include "net/tls/tls_session.h"

namespace sy::net {

namespace asio = boost::asio;

Transport::Transport(tcp::socket socket) : socket_(std::move(socket)) {
  boost::system::error_code ec;
  socket_.non_blocking(true, ec);
}

Transport::Transport(tcp::socket socket, std::unique_ptr<tls::TlsSession> tls)
    : socket_(std::move(socket)), tls_(std::move(tls)) {
  boost::system::error_code ec;
  socket_.non_blocking(true, ec);
}

DetachedTransport::DetachedTransport(DetachedTransport&& o) noexcept
    : fd(std::exchange(o.fd, -1)), tls(std::move(o.tls)) {}
DetachedTransport& DetachedTransport::operator=(DetachedTransport&& o) noexcept {
  if (this != &o) {
    if (fd >= 0) ::close(fd);
    fd = std::exchange(o.fd, -1);
    tls = std::move(o.tls);
  }
  return *this;
}
DetachedTransport::~DetachedTransport() {
  tls.reset();
  if (fd >= 0) ::close(fd);
}

DetachedTransport Transport::detach() && {
  DetachedTransport d;
  if (!socket_.is_open() || tls_retry_len_ != 0) return d;
  boost::system::error_code ec;
  int fd = socket_.release(ec);
  if (ec) return d;
  d.fd = fd;
  d.tls = std::move(tls_);
  return d;
}

Transport Transport::adopt(const asio::any_io_executor& executor, DetachedTransport&& d) {
  tcp::socket socket(executor);
  boost::system::error_code ec;
  int fd = std::exchange(d.fd, -1);
  if (fd >= 0) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    bool v6 = ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0 &&
              addr.ss_family == AF_INET6;
    socket.assign(v6 ? tcp::v6() : tcp::v4(), fd, ec);
    if (ec) ::close(fd);
  }
  if (d.tls) return Transport(std::move(socket), std::move(d.tls));
  return Transport(std::move(socket));
}

Transport::Transport(Transport&&) noexcept = default;
Transport& Transport::operator=(Transport&&) noexcept = default;
Transport::~Transport() = default;

awaitable<bool> Transport::wait(bool for_write) {
  boost::system::error_code ec;
  co_await socket_.async_wait(for_write ? tcp::socket::wait_write : tcp::socket::wait_read,
                              asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec;
}

awaitable<bool> Transport::wait_readable() {
  if (tls_ && tls_read_wants_write_) co_return co_await wait(true);
  co_return co_await wait(false);
}

awaitable<bool> Transport::wait_writable() {
  if (tls_ && tls_write_wants_read_) co_return co_await wait(false);
  co_return co_await wait(true);
}

bool Transport::has_buffered_input() const noexcept { return tls_ && tls_->pending() > 0; }

awaitable<Status> Transport::handshake() {
  if (!tls_) co_return Status{};
  for (;;) {
    tls::IoResult r = tls_->handshake();
    if (r.ok()) co_return Status{};
    if (!r.error && !r.eof && r.want != tls::Want::none) {
      if (!co_await wait(r.want == tls::Want::write))
        co_return make_error(TransportErrc::closed, "connection closed during TLS handshake");
      continue;
    }
    co_return make_error(TransportErrc::tls_handshake_failed, tls_->last_error());
  }
}

IoResult Transport::read(std::span<std::uint8_t> dst) noexcept {
  if (tls_) {
    tls::IoResult r = tls_->read(dst);
    tls_read_wants_write_ = r.want == tls::Want::write;
    if (r.error) return {IoStatus::error, 0};
    if (r.eof) return {IoStatus::eof, 0};
    if (r.want != tls::Want::none) return {IoStatus::would_block, 0};
    return {IoStatus::ok, r.bytes};
  }
  for (;;) {
    ssize_t n = ::recv(socket_.native_handle(), dst.data(), dst.size(), 0);
    if (n > 0) return {IoStatus::ok, static_cast<std::size_t>(n)};
    if (n == 0) return {IoStatus::eof, 0};
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return {IoStatus::would_block, 0};
    return {IoStatus::error, 0};
  }
}

IoResult Transport::write(std::span<const iovec> bufs) noexcept {
  if (tls_) {
    // After a would_block wolfSSL must be offered the same bytes again: the caller retries from
    // the same queue head, and we cap the retry at the length first offered.
    iovec capped[8];
    std::size_t n = 0, total = 0;
    for (const iovec& b : bufs) {
      if (n == std::size(capped)) break;
      std::size_t len = b.iov_len;
      if (tls_retry_len_ && total + len > tls_retry_len_) len = tls_retry_len_ - total;
      if (len == 0) break;
      capped[n++] = iovec{b.iov_base, len};
      total += len;
    }
    tls::IoResult r = tls_->write_gather({capped, n});
    tls_write_wants_read_ = r.want == tls::Want::read;
    if (r.error || r.eof) return {IoStatus::error, 0};
    if (r.want != tls::Want::none) {
      tls_retry_len_ = total;
      return {IoStatus::would_block, 0};
    }
    tls_retry_len_ = 0;
    return {IoStatus::ok, r.bytes};
  }
  msghdr msg{};
  msg.msg_iov = const_cast<iovec*>(bufs.data());
  msg.msg_iovlen = bufs.size();
  for (;;) {
    ssize_t n = ::sendmsg(socket_.native_handle(), &msg, MSG_NOSIGNAL);
    if (n >= 0) return {IoStatus::ok, static_cast<std::size_t>(n)};
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return {IoStatus::would_block, 0};
    return {IoStatus::error, 0};
  }
}

void Transport::shutdown_write() noexcept {
  if (tls_) tls_->shutdown();
  boost::system::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_send, ec);
}

void Transport::cancel() noexcept {
  boost::system::error_code ec;
  socket_.cancel(ec);
}

void Transport::close() noexcept {
  boost::system::error_code ec;
  socket_.close(ec);
}

awaitable<bool> write_all(Transport& t, std::string_view data) {
  while (!data.empty()) {
    iovec iov{const_cast<char*>(data.data()), data.size()};
    IoResult r = t.write({&iov, 1});
    if (r.status == IoStatus::ok) {
      data.remove_prefix(r.bytes);
    } else if (r.status == IoStatus::would_block) {
      if (!co_await t.wait_writable()) co_return false;
    } else {
      co_return false;
    }
  }
  co_return true;
}

std::string Transport::peer_address() const {
  boost::system::error_code ec;
  auto ep = socket_.remote_endpoint(ec);
  return ec ? std::string("?") : ep.address().to_string();
}

}  // namespace sy::net
