// A blocking WebSocket peer for tests: a plain socket that writes frames byte-exactly as a test
// wants them (masked or not, fragmented, split across writes) and reads the frames that come back.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "net/ws/opcode.h"

namespace sy::test {

struct Frame {
  net::ws::Opcode op;
  bool fin;
  std::vector<std::uint8_t> payload;
  [[nodiscard]] std::string text() const { return {payload.begin(), payload.end()}; }
  [[nodiscard]] std::uint16_t close_code() const {
    return payload.size() >= 2 ? static_cast<std::uint16_t>(payload[0] << 8 | payload[1]) : 1005;
  }
};

class RawPeer {
 public:
  // Connects to 127.0.0.1:port (blocking).
  explicit RawPeer(std::uint16_t port);
  // Wraps an already connected descriptor.
  static RawPeer adopt(int fd);
  RawPeer(RawPeer&& o) noexcept : fd_(o.fd_), in_(std::move(o.in_)) { o.fd_ = -1; }
  ~RawPeer();

  [[nodiscard]] int fd() const noexcept { return fd_; }
  void write_raw(std::span<const std::uint8_t> bytes);
  void write_raw(std::string_view bytes) {
    write_raw({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
  }
  // Builds a frame (masked with a fixed key when mask is true).
  static std::vector<std::uint8_t> frame(net::ws::Opcode op, std::string_view payload,
                                         bool mask = true, bool fin = true);
  void send(net::ws::Opcode op, std::string_view payload, bool mask = true, bool fin = true) {
    write_raw(frame(op, payload, mask, fin));
  }
  // Performs the client side of the HTTP upgrade; returns the status line and headers.
  std::string upgrade(std::string_view path = "/", std::string_view extra_headers = {});
  // Next frame from the server (unmasked), or nullopt on EOF or timeout.
  std::optional<Frame> read_frame(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads until EOF (true) or timeout (false); discards data.
  bool wait_eof(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads whatever is available within the timeout and discards it; returns the byte count.
  std::size_t drain(std::chrono::milliseconds timeout);
  void set_receive_buffer(int bytes);

 private:
  RawPeer() = default;
  bool fill(std::chrono::milliseconds timeout);
  int fd_ = -1;
  std::vector<std::uint8_t> in_;
};

}  // namespace sy::test
