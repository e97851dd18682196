// The core's side of a session, as the session sees it: something that opens, carries frames both
// ways and closes. A WebSocket to a provider (ws_upstream) and the in-process simulator
// (sim_upstream) both fit behind it.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "net/conn/ws_connection.h"
#include "net/io/transport.h"

namespace sy::core {

class UpstreamSink {
 public:
  virtual void on_upstream_open() = 0;
  // A complete message; `readable` bytes may be read from its start (see
  // ws::Connection::readable_from), the span is valid only during the call.
  virtual void on_upstream_message(net::ws::Opcode op, std::span<std::uint8_t> payload,
                                   std::size_t readable) = 0;
  virtual void on_upstream_drain() = 0;
  // The upstream ended (or never opened); `reason` says why, for the client's error.
  virtual void on_upstream_closed(std::uint16_t code, std::string_view reason) = 0;

 protected:
  ~UpstreamSink() = default;
};

class Upstream {
 public:
  virtual ~Upstream() = default;
  // Starts connecting; the sink hears of the outcome. Completes when the upstream has ended
  // (closed, failed, or was closed by close()).
  virtual net::awaitable<void> run(UpstreamSink& sink) = 0;
  virtual net::ws::SendStatus send(net::ws::Opcode op, std::span<const std::uint8_t> payload) = 0;
  virtual void close(std::uint16_t code, std::string_view reason) = 0;
  virtual void pause_reading() = 0;
  virtual void resume_reading() = 0;
  [[nodiscard]] virtual bool is_open() const = 0;
};

}  // namespace sy::core
