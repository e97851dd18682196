#include "tests/support/raw_peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "net/ws/frame_writer.h"
#include "net/ws/mask.h"

namespace sy::test {

RawPeer::RawPeer(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
    throw std::runtime_error("connect failed");
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawPeer RawPeer::adopt(int fd) {
  RawPeer p;
  p.fd_ = fd;
  return p;
}

RawPeer::~RawPeer() {
  if (fd_ >= 0) ::close(fd_);
}

void RawPeer::set_receive_buffer(int bytes) {
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
}

void RawPeer::write_raw(std::span<const std::uint8_t> bytes) {
  std::size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    off += static_cast<std::size_t>(n);
  }
}

std::vector<std::uint8_t> RawPeer::frame(net::ws::Opcode op, std::string_view payload, bool mask,
                                         bool fin) {
  std::vector<std::uint8_t> out(net::ws::kMaxHeaderBytes + payload.size());
  const std::uint32_t key = 0x37fa213d;
  std::size_t h = net::ws::write_header(out.data(), op, payload.size(), fin, mask ? &key : nullptr);
  std::memcpy(out.data() + h, payload.data(), payload.size());
  if (mask) net::ws::apply_mask({out.data() + h, payload.size()}, key);
  out.resize(h + payload.size());
  return out;
}

bool RawPeer::fill(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  std::uint8_t buf[65536];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) return false;
  in_.insert(in_.end(), buf, buf + n);
  return true;
}

std::string RawPeer::upgrade(std::string_view path, std::string_view extra_headers) {
  std::string req = "GET " + std::string(path) +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
                    std::string(extra_headers) + "\r\n";
  write_raw(req);
  for (;;) {
    std::string_view s(reinterpret_cast<const char*>(in_.data()), in_.size());
    auto end = s.find("\r\n\r\n");
    if (end != std::string_view::npos) {
      std::string head(s.substr(0, end + 4));
      in_.erase(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(end + 4));
      return head;
    }
    if (!fill(std::chrono::seconds(5))) return {};
  }
}

std::optional<Frame> RawPeer::read_frame(std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (in_.size() >= 2) {
      std::size_t need = 2;
      std::uint64_t len = in_[1] & 0x7f;
      if (len == 126) need = 4;
      if (len == 127) need = 10;
      if (in_.size() >= need) {
        if (len == 126) len = static_cast<std::uint64_t>(in_[2]) << 8 | in_[3];
        if (len == 127) {
          len = 0;
          for (int i = 0; i < 8; ++i) len = len << 8 | in_[2 + i];
        }
        if (in_.size() >= need + len) {
          Frame f{static_cast<net::ws::Opcode>(in_[0] & 0x0f), (in_[0] & 0x80) != 0, {}};
          f.payload.assign(in_.begin() + static_cast<std::ptrdiff_t>(need),
                           in_.begin() + static_cast<std::ptrdiff_t>(need + len));
          in_.erase(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(need + len));
          return f;
        }
      }
    }
    auto left = std::chrono::ceil<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() < 0) left = std::chrono::milliseconds(0);
    if (!fill(left)) return std::nullopt;
  }
}

bool RawPeer::wait_eof(std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    std::uint8_t buf[65536];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return true;
  }
}

std::size_t RawPeer::drain(std::chrono::milliseconds timeout) {
  std::size_t total = in_.size();
  in_.clear();
  std::uint8_t buf[65536];
  pollfd p{fd_, POLLIN, 0};
  while (::poll(&p, 1, static_cast<int>(timeout.count())) > 0) {
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) break;
    total += static_cast<std::size_t>(n);
  }
  return total;
}

}  // namespace sy::test
