#include "core/session/sim_upstream.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace sy::core {

namespace asio = boost::asio;

SimUpstream::SimUpstream(const asio::any_io_executor& executor,
                         providers::sim::SimOptions options)
    : executor_(executor), options_(std::move(options)), wake_(executor) {}

SimUpstream::~SimUpstream() {
  if (driver_) driver_->stop(1000);
}

net::awaitable<void> SimUpstream::run(UpstreamSink& sink) {
  sink_ = &sink;
  driver_ = providers::sim::SimDriver::create(
      executor_, options_, std::make_shared<providers::sim::SimRecordCell>(), *this);
  open_ = true;
  sink.on_upstream_open();
  driver_->open();
  while (open_ && !closing_) {
    if (!paused_ && !inbox_.empty()) {
      auto [op, bytes] = std::move(inbox_.front());
      inbox_.pop_front();
      inbox_bytes_ -= bytes.size();
      driver_->on_client_message(
          op, {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, bytes.size());
      continue;
    }
    wake_.expires_at(asio::steady_timer::time_point::max());
    co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  driver_->stop(1000);
  open_ = false;
}

void SimUpstream::sim_send(net::ws::Opcode op, std::span<const std::uint8_t> payload,
                           std::size_t readable) {
  if (!sink_ || closing_) return;
  // The session only reads upstream payloads (the sink's span is mutable for the socket case,
  // where the receive buffer is the session's to parse in place).
  sink_->on_upstream_message(
      op, {const_cast<std::uint8_t*>(payload.data()), payload.size()}, readable);
}

void SimUpstream::sim_close(std::uint16_t code, std::string_view reason) {
  if (!open_) return;
  open_ = false;
  wake_.cancel();
  if (sink_ && !closing_) sink_->on_upstream_closed(code, reason);
}

net::ws::SendStatus SimUpstream::send(net::ws::Opcode op, std::span<const std::uint8_t> payload) {
  if (!open_ || closing_) return net::ws::SendStatus::closed;
  if (inbox_bytes_ + payload.size() > kMaxInboxBytes) return net::ws::SendStatus::dropped;
  inbox_.emplace_back(op, std::string(reinterpret_cast<const char*>(payload.data()), payload.size()));
  inbox_bytes_ += payload.size();
  wake_.cancel();
  return net::ws::SendStatus::ok;
}

void SimUpstream::close(std::uint16_t, std::string_view) {
  closing_ = true;
  wake_.cancel();
}

void SimUpstream::resume_reading() {
  paused_ = false;
  wake_.cancel();
}

}  // namespace sy::core
