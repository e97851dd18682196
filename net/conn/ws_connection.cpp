#include "net/conn/ws_connection.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstring>

#include "core/base/random.h"
#include "net/ws/close.h"
#include "net/ws/frame_writer.h"
#include "net/ws/mask.h"

namespace sy::net::ws {

namespace asio = boost::asio;

namespace {
constexpr std::size_t kSpillReadChunk = 16u << 10;  // read size once a frame spans several reads
constexpr int kReadsPerWakeup = 8;                   // fairness between connections of a shard
// Reads leave this much room after the data so that a message parsed in place by simdjson (which
// reads up to 64 bytes past the end) never needs a padded copy.
constexpr std::size_t kParsePadding = 64;
const ConnectionMetrics kNoMetrics{};
}  // namespace

struct Connection::ParseHandler {
  Connection& c;

  bool on_message(Opcode op, std::span<std::uint8_t> payload) {
    c.metrics_->messages_in.inc(c.metrics_->shard);
    c.metrics_->bytes_in.inc(c.metrics_->shard, payload.size());
    if (c.state_ != State::open) return true;  // discarded while closing (RFC 6455 §1.4)
    c.handler_->on_message(c, op, payload);
    return c.state_ != State::closed && !c.handoff_;
  }

  bool on_control(Opcode op, std::span<std::uint8_t> payload) {
    if (op == Opcode::ping) {
      if (c.state_ == State::open) (void)c.enqueue_frame(Opcode::pong, payload, true);
      return true;
    }
    if (op != Opcode::close) return true;  // pong: liveness only
    auto parsed = parse_close_payload(payload);
    if (!parsed) {
      c.fail(parsed.error());
      return false;
    }
    if (c.state_ == State::open) {
      c.close_info_ = CloseInfo{parsed->code, true, false, "closed by peer"};
      std::uint8_t reply[2];
      std::size_t n = 0;
      if (parsed->code != 1005) n = write_close_payload(reply, parsed->code, {});
      c.state_ = State::close_received;
      (void)c.enqueue_frame(Opcode::close, {reply, n}, true);
      if (c.handler_) c.handler_->on_peer_close(c, parsed->code, parsed->reason);
      c.arm_close_timer();
      if (c.queue_.empty() && !c.writer_active_) c.finish_after_close_flushed();
    } else if (c.state_ == State::close_sent) {
      c.close_info_.clean = true;
      c.state_ = State::closed;
      c.transport_.close();
    }
    return false;
  }
};

Connection::Connection(Transport transport, Role role, const ConnectionLimits& limits,
                       std::span<std::uint8_t> shared_rx, const ConnectionMetrics* metrics)
    : transport_(std::move(transport)),
      role_(role),
      limits_(limits),
      shared_rx_(shared_rx),
      metrics_(metrics ? metrics : &kNoMetrics),
      parser_(ParserConfig{role, limits.max_message_bytes}),
      close_timer_(transport_.socket().get_executor()),
      wake_(transport_.socket().get_executor()) {
  // Client frames need unpredictable masking keys (RFC 6455 §5.3); a per-connection generator
  // seeded from the OS keeps the per-frame cost to a few instructions.
  mask_state_ = base::random_u64() | 1;  // xorshift needs a non-zero state
}

Connection::~Connection() = default;

std::uint32_t Connection::next_mask() noexcept {
  mask_state_ ^= mask_state_ >> 12;
  mask_state_ ^= mask_state_ << 25;
  mask_state_ ^= mask_state_ >> 27;
  return static_cast<std::uint32_t>((mask_state_ * 0x2545F4914F6CDD1Dull) >> 32);
}

std::size_t Connection::readable_from(const std::uint8_t* p) const noexcept {
  auto within = [p](const std::uint8_t* b, std::size_t n) { return p >= b && p <= b + n; };
  if (within(shared_rx_.data(), shared_rx_.size()))
    return static_cast<std::size_t>(shared_rx_.data() + shared_rx_.size() - p);
  if (within(spill_.data(), spill_.size() + spill_.tail_room()))
    return static_cast<std::size_t>(spill_.data() + spill_.size() + spill_.tail_room() - p);
  return 0;
}

void Connection::preload(std::span<const std::uint8_t> bytes) {
  if (!bytes.empty()) spill_.append(bytes.data(), bytes.size());
}

std::size_t Connection::process(std::span<std::uint8_t> buf, bool& ok) {
  ParseHandler h{*this};
  auto r = parser_.parse(buf, h);
  if (!r) {
    fail(r.error());
    ok = false;
    return 0;
  }
  ok = state_ != State::closed;
  return *r;
}

void Connection::fail(const Error& e) {
  std::uint16_t code = close_code_for(e);
  const unsigned shard = metrics_->shard;
  if (code == 1007) metrics_->invalid_payload.inc(shard);
  else if (code == 1009) metrics_->too_large.inc(shard);
  else metrics_->protocol_violation.inc(shard);
  if (state_ == State::open) {
    close_info_ = CloseInfo{code, false, true, e.message};
    std::uint8_t payload[125];
    std::size_t n = write_close_payload(payload, code, e.message);
    (void)enqueue_frame(Opcode::close, {payload, n}, true);
  }
  // A failed connection is not served further: flush the close frame, half-close, and discard
  // what the peer still sends until it closes or the close timer fires (closing with unread
  // input would reset the connection and could destroy the close frame in flight).
  failed_ = true;
  state_ = State::close_received;
  arm_close_timer();
  if (queue_.empty() && !writer_active_) finish_after_close_flushed();
}

Released Connection::release() {
  Released r;
  if (handoff_) {
    r.unread = std::move(unread_);
  } else if (!spill_.empty()) {
    r.unread.assign(spill_.data(), spill_.data() + spill_.size());
  }
  spill_.release();
  queue_.release();
  r.transport = std::move(transport_).detach();
  state_ = State::closed;
  return r;
}

awaitable<CloseInfo> Connection::run(Handler& handler) {
  handler_ = &handler;
  co_await read_loop();
  read_done_ = true;
  if (handoff_ && state_ == State::open && queue_.empty() && !writer_active_) {
    handler_ = nullptr;
    co_return CloseInfo{0, false, false, "handed off"};
  }
  handoff_ = false;  // too late to move (something is being sent): the connection just ends
  if (writer_active_) {
    // Give the writer the close timeout to flush; then the socket goes and the writer ends.
    arm_close_timer();
    while (writer_active_) {
      boost::system::error_code ec;
      wake_.expires_at(asio::steady_timer::time_point::max());
      co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
  }
  close_timer_.cancel();
  state_ = State::closed;
  transport_.close();
  queue_.release();
  spill_.release();
  handler_ = nullptr;
  co_return close_info_;
}

awaitable<void> Connection::read_loop() {
  co_await receive();
  if (failed_) co_await linger();
}

awaitable<void> Connection::linger() {
  spill_.release();
  while (transport_.is_open()) {
    IoResult r = transport_.read(shared_rx_);
    if (r.status == IoStatus::ok) continue;
    if (r.status != IoStatus::would_block) break;
    if (!co_await transport_.wait_readable()) break;
  }
}

awaitable<void> Connection::receive() {
  // After a hand-off request the rest of the bytes stay unparsed, for the next owner.
  auto keep_rest = [this](const std::uint8_t* p, std::size_t n) { unread_.assign(p, p + n); };
  if (!spill_.empty()) {
    bool ok = true;
    std::size_t used = process(spill_.span(), ok);
    if (!ok) co_return;
    spill_.consume(used);
    if (handoff_) {
      keep_rest(spill_.data(), spill_.size());
      spill_.release();
      co_return;
    }
  }
  while (state_ != State::closed && transport_.is_open()) {
    if (paused_ && state_ == State::open) {
      boost::system::error_code ec;
      wake_.expires_at(asio::steady_timer::time_point::max());
      co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    if (!transport_.has_buffered_input() && !co_await transport_.wait_readable()) co_return;
    for (int round = 0; round < kReadsPerWakeup; ++round) {
      IoResult r{};
      std::size_t room = 0;
      bool ok = true;
      if (spill_.empty()) {
        room = shared_rx_.size() - kParsePadding;
        r = transport_.read(shared_rx_.first(room));
        if (r.status == IoStatus::ok) {
          std::size_t used = process(shared_rx_.first(r.bytes), ok);
          if (!ok) co_return;
          if (handoff_) {
            keep_rest(shared_rx_.data() + used, r.bytes - used);
            co_return;
          }
          if (used < r.bytes) spill_.append(shared_rx_.data() + used, r.bytes - used);
        }
      } else {
        std::size_t need = parser_.bytes_needed();
        std::size_t want = need > spill_.size() ? need - spill_.size() : 0;
        if (want < kSpillReadChunk) want = kSpillReadChunk;
        spill_.prepare(want + kParsePadding);
        auto tail = spill_.tail();
        room = tail.size() - kParsePadding;
        r = transport_.read(tail.first(room));
        if (r.status == IoStatus::ok) {
          spill_.commit(r.bytes);
          std::size_t used = process(spill_.span(), ok);
          if (!ok) co_return;
          spill_.consume(used);
          if (handoff_) {
            keep_rest(spill_.data(), spill_.size());
            spill_.release();
            co_return;
          }
        }
      }
      if (r.status == IoStatus::would_block) break;
      if (r.status != IoStatus::ok) {
        if (state_ == State::close_received) close_info_.clean = true;
        state_ = State::closed;
        co_return;
      }
      if (state_ == State::closed) co_return;
      if (paused_) break;
      // A short plain read means the socket is drained; readiness will tell when more arrives.
      if (r.bytes < room && !transport_.has_buffered_input()) break;
    }
  }
}

SendStatus Connection::send(Opcode op, std::span<const std::uint8_t> payload) {
  if (state_ != State::open) return SendStatus::closed;
  return enqueue_frame(op, payload, false);
}

SendStatus Connection::ping(std::span<const std::uint8_t> payload) {
  if (state_ != State::open) return SendStatus::closed;
  if (payload.size() > 125) payload = payload.first(125);
  return enqueue_frame(Opcode::ping, payload, true);
}

SendStatus Connection::enqueue_frame(Opcode op, std::span<const std::uint8_t> payload,
                                     bool control) {
  if (!transport_.is_open()) return SendStatus::closed;
  std::uint8_t header[kMaxHeaderBytes];
  std::uint32_t key = 0;
  const bool masked = role_ == Role::client;
  if (masked) key = next_mask();
  std::size_t hlen = write_header(header, op, payload.size(), true, masked ? &key : nullptr);
  std::size_t total = hlen + payload.size();
  if (!control && queue_.size() + total > limits_.max_queued) {
    metrics_->slow_consumer.inc(metrics_->shard);
    return SendStatus::dropped;
  }
  if (!control) {
    metrics_->messages_out.inc(metrics_->shard);
    metrics_->bytes_out.inc(metrics_->shard, payload.size());
  }
  if (!masked && queue_.empty() && !writer_active_) {
    // Fast path: header and payload leave in one gather write, straight from the caller's memory.
    iovec iov[2] = {{header, hlen}, {const_cast<std::uint8_t*>(payload.data()), payload.size()}};
    IoResult r = transport_.write({iov, payload.empty() ? 1u : 2u});
    if (r.status == IoStatus::error) {
      abort();
      return SendStatus::closed;
    }
    std::size_t done = r.status == IoStatus::ok ? r.bytes : 0;
    if (done == total) return SendStatus::ok;
    if (done < hlen) {
      queue_.append(header + done, hlen - done);
      queue_.append(payload.data(), payload.size());
    } else {
      queue_.append(payload.data() + (done - hlen), total - done);
    }
  } else {
    std::uint8_t* dst = queue_.prepare(total);
    std::memcpy(dst, header, hlen);
    if (!payload.empty()) std::memcpy(dst + hlen, payload.data(), payload.size());
    if (masked) apply_mask({dst + hlen, payload.size()}, key);
    queue_.commit(total);
  }
  start_writer();
  if (queue_.size() > limits_.high_watermark) {
    above_high_ = true;
    return SendStatus::backpressure;
  }
  return SendStatus::ok;
}

void Connection::start_writer() {
  if (writer_active_ || queue_.empty()) return;
  // Try the socket at once; a coroutine is only needed when it pushes back.
  while (!queue_.empty()) {
    iovec iov{queue_.data(), queue_.size()};
    IoResult r = transport_.write({&iov, 1});
    if (r.status == IoStatus::ok) {
      queue_.consume(r.bytes);
      continue;
    }
    if (r.status == IoStatus::error) {
      abort();
      return;
    }
    break;
  }
  if (queue_.empty()) {
    if (above_high_) {
      above_high_ = false;
      if (handler_) handler_->on_drain(*this);
    }
    if (state_ == State::close_received) finish_after_close_flushed();
    return;
  }
  writer_active_ = true;
  asio::co_spawn(transport_.socket().get_executor(), write_loop(), asio::detached);
}

awaitable<void> Connection::write_loop() {
  while (!queue_.empty() && transport_.is_open()) {
    if (!co_await transport_.wait_writable()) break;
    while (!queue_.empty()) {
      iovec iov{queue_.data(), queue_.size()};
      IoResult r = transport_.write({&iov, 1});
      if (r.status == IoStatus::ok) {
        queue_.consume(r.bytes);
        if (above_high_ && queue_.size() < limits_.low_watermark) {
          above_high_ = false;
          if (handler_) handler_->on_drain(*this);
        }
        continue;
      }
      if (r.status == IoStatus::error) abort();
      break;
    }
  }
  writer_active_ = false;
  if (queue_.empty() && state_ == State::close_received) finish_after_close_flushed();
  wake_.cancel();
}

void Connection::close(std::uint16_t code, std::string_view reason) {
  if (state_ != State::open) return;
  std::uint8_t payload[125];
  std::size_t n = write_close_payload(payload, code, reason);
  close_info_ = CloseInfo{code, false, true, "closed by gateway"};
  (void)enqueue_frame(Opcode::close, {payload, n}, true);
  state_ = State::close_sent;
  arm_close_timer();
  if (paused_) resume_reading();
}

void Connection::abort() noexcept {
  state_ = State::closed;
  transport_.close();
  wake_.cancel();
}

void Connection::resume_reading() noexcept {
  paused_ = false;
  wake_.cancel();
}

void Connection::arm_close_timer() {
  close_timer_.expires_after(std::chrono::milliseconds(limits_.close_timeout_ms));
  close_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled: `this` may already be gone, so touch nothing
    transport_.close();
  });
}

void Connection::finish_after_close_flushed() {
  // Both close frames have crossed. The server closes TCP first (RFC 6455 §7.1.1); a client
  // half-closes and lets the server finish, with the close timer as the backstop.
  if (role_ == Role::server && !failed_) {
    state_ = State::closed;
    transport_.close();
  } else {
    transport_.shutdown_write();
  }
}

}  // namespace sy::net::ws
