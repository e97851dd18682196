// A WebSocket connection in either role over a Transport, owned by one shard.
//
// Receiving: the connection waits for readiness, reads into the shard's shared receive buffer,
// and the frame codec unmasks in place there; complete messages are handed to the Handler
// synchronously as spans into that buffer (valid only during the call). Only bytes of a frame that
// is split across reads are kept per connection ("spill"), and that memory is released as soon as
// the frame completes.
//
// Sending: send() never blocks and never buffers without bound. When nothing is queued it writes
// header and payload straight from the caller's memory with one gather write; whatever the socket
// does not take is copied to the connection's send queue, which one writer coroutine flushes (one
// write in flight per socket). The queue reports backpressure above a high watermark and refuses
// frames past a hard limit; Handler::on_drain fires once it falls back under the low watermark.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/metrics/registry.h"
#include "net/buffer/byte_buffer.h"
#include "net/io/transport.h"
#include "net/ws/frame_parser.h"

namespace sy::net::ws {

enum class SendStatus : std::uint8_t {
  ok,            // queued or written
  backpressure,  // queued, but the queue is above the high watermark: stop producing
  dropped,       // not queued: the queue is at its hard limit (the connection is being closed)
  closed,        // the connection no longer sends data frames
};

struct ConnectionLimits {
  std::uint64_t max_message_bytes = 16u << 20;  // OpenAI allows 15 MiB audio events
  std::size_t high_watermark = 1u << 20;        // ~20 s of 24 kHz PCM16 as base64: a stalled peer
  std::size_t low_watermark = 256u << 10;       // resume well before the queue runs dry
  std::size_t max_queued = 32u << 20;           // two maximum messages; past this the peer is dead weight
  std::uint32_t close_timeout_ms = 3000;        // how long to wait for the peer's close frame
};

// Metric handles a connection bumps, for one leg on one shard. Default handles discard.
struct ConnectionMetrics {
  unsigned shard = 0;
  metrics::Counter messages_in, bytes_in, messages_out, bytes_out;
  metrics::Counter protocol_violation;  // 1002 sent
  metrics::Counter invalid_payload;     // 1007 sent
  metrics::Counter too_large;           // 1009 sent
  metrics::Counter slow_consumer;       // a send refused at the queue's hard limit
};

struct CloseInfo {
  std::uint16_t code = 1006;        // 1006: the TCP connection ended without a close frame
  bool clean = false;               // both close frames exchanged
  bool sent_by_us = false;
  const char* why = "";             // static text for logs and metrics
};

class Connection;

// What is left of a connection handed to another shard: the transport, detached from this
// shard's loop, and the bytes received after the last message delivered (not parsed yet).
struct Released {
  DetachedTransport transport;
  std::vector<std::uint8_t> unread;
};

class Handler {
 public:
  virtual void on_message(Connection& c, Opcode op, std::span<std::uint8_t> payload) = 0;
  virtual void on_drain(Connection&) {}
  // The peer sent a close frame (the reply is already queued).
  virtual void on_peer_close(Connection&, std::uint16_t /*code*/, std::string_view /*reason*/) {}

 protected:
  ~Handler() = default;
};

class Connection {
 public:
  Connection(Transport transport, Role role, const ConnectionLimits& limits,
             std::span<std::uint8_t> shared_rx, const ConnectionMetrics* metrics = nullptr);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Bytes that arrived after the HTTP upgrade in the same read; parsed before reading the socket.
  void preload(std::span<const std::uint8_t> bytes);

  // Reads until the connection is closed; returns how it ended. Everything queued has been flushed
  // (or abandoned on error) when it returns.
  awaitable<CloseInfo> run(Handler& handler);

  SendStatus send(Opcode op, std::span<const std::uint8_t> payload);
  SendStatus send_text(std::string_view text) {
    return send(Opcode::text, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
  }
  SendStatus send_binary(std::span<const std::uint8_t> data) { return send(Opcode::binary, data); }
  SendStatus ping(std::span<const std::uint8_t> payload = {});

  // Starts the closing handshake (idempotent). Reading goes on until the peer answers or the close
  // timeout passes; data messages received meanwhile are discarded.
  void close(std::uint16_t code, std::string_view reason = {});
  // Ends the connection now, without a handshake.
  void abort() noexcept;

  // From Handler::on_message: stop reading right after this message, without closing, so the
  // connection can move to another shard. run() then returns (CloseInfo::why "handed off") as
  // soon as nothing is queued for sending; release() gives the connection away.
  void hand_off() noexcept { handoff_ = true; }
  [[nodiscard]] bool handed_off() const noexcept { return handoff_ && read_done_; }
  // Before run() or after a hand-off: the transport (released from this shard's loop, on its
  // thread) and the bytes not parsed yet. The connection is unusable afterwards.
  [[nodiscard]] Released release();

  void pause_reading() noexcept { paused_ = true; }
  void resume_reading() noexcept;

  [[nodiscard]] std::size_t queued_bytes() const noexcept { return queue_.size(); }
  // For a span handed to on_message: how many bytes from its start may be read (the message and
  // whatever follows it in the receive buffer), so a JSON parser that needs padding past the end
  // can parse in place instead of copying.
  [[nodiscard]] std::size_t readable_from(const std::uint8_t* p) const noexcept;
  [[nodiscard]] bool is_open() const noexcept { return state_ == State::open; }
  [[nodiscard]] Role role() const noexcept { return role_; }
  Transport& transport() noexcept { return transport_; }

 private:
  enum class State : std::uint8_t { open, close_sent, close_received, closed };
  struct ParseHandler;
  friend struct ParseHandler;

  awaitable<void> read_loop();
  awaitable<void> receive();
  awaitable<void> linger();
  awaitable<void> write_loop();
  // Feeds buf to the parser; returns bytes consumed, or false through ok on a fatal error.
  std::size_t process(std::span<std::uint8_t> buf, bool& ok);
  void fail(const Error& e);
  SendStatus enqueue_frame(Opcode op, std::span<const std::uint8_t> payload, bool control);
  void start_writer();
  void arm_close_timer();
  void finish_after_close_flushed();
  std::uint32_t next_mask() noexcept;

  Transport transport_;
  Role role_;
  ConnectionLimits limits_;
  std::span<std::uint8_t> shared_rx_;
  const ConnectionMetrics* metrics_;
  FrameParser parser_;
  ByteBuffer spill_;
  ByteBuffer queue_;
  Handler* handler_ = nullptr;
  boost::asio::steady_timer close_timer_;
  boost::asio::steady_timer wake_;  // resumes a paused reader and signals writer completion
  std::uint64_t mask_state_;
  CloseInfo close_info_;
  State state_ = State::open;
  bool paused_ = false;
  bool writer_active_ = false;
  bool above_high_ = false;
  bool read_done_ = false;
  bool failed_ = false;  // we closed because the peer broke the protocol
  bool handoff_ = false;
  std::vector<std::uint8_t> unread_;  // after a hand-off: received, not yet parsed
};

}  // namespace sy::net::ws
