#include "providers/sim/sim_driver.h"

#include "providers/sim/sim_session.h"

namespace sy::providers::sim {

std::shared_ptr<SimDriver> SimDriver::create(const boost::asio::any_io_executor& executor,
                                             const SimOptions& options,
                                             std::shared_ptr<SimRecordCell> cell, SimSink& sink) {
  return std::make_shared<SimDriver>(Private{}, executor, options, std::move(cell), sink);
}

SimDriver::SimDriver(Private, const boost::asio::any_io_executor& executor,
                     const SimOptions& options, std::shared_ptr<SimRecordCell> cell,
                     SimSink& sink)
    : timer_(executor), cell_(std::move(cell)), sink_(&sink) {
  std::lock_guard lock(cell_->mu);
  session_ = SimSession::create(options, cell_->record);
}

SimDriver::~SimDriver() = default;

void SimDriver::open() {
  if (!sink_) return;
  {
    std::lock_guard lock(cell_->mu);
    session_->on_open(Clock::now(), out_);
  }
  flush();
}

void SimDriver::on_client_message(net::ws::Opcode op, std::span<const std::uint8_t> bytes,
                                  std::size_t readable) {
  if (!sink_) return;
  {
    std::lock_guard lock(cell_->mu);
    session_->on_client_message(Clock::now(), op, bytes, readable, out_);
  }
  flush();
}

void SimDriver::stop(std::uint16_t close_code) {
  if (!sink_) return;
  sink_ = nullptr;
  armed_.reset();
  timer_.cancel();
  std::lock_guard lock(cell_->mu);
  cell_->record.open = false;
  cell_->record.close_code = close_code;
}

void SimDriver::flush() {
  for (std::size_t i = 0; i < out_.size() && sink_; ++i) {
    const OutFrame& f = out_[i];
    sink_->sim_send(f.op, {reinterpret_cast<const std::uint8_t*>(f.data.data()), f.data.size()},
                    f.data.capacity());
  }
  if (const auto& close = out_.close_request(); close && sink_) sink_->sim_close(close->code, close->reason);
  out_.clear();
  if (sink_) rearm();
}

void SimDriver::rearm() {
  std::optional<TimePoint> due = session_->next_deadline();
  if (due == armed_) return;
  armed_ = due;
  if (!due) {
    timer_.cancel();
    return;
  }
  timer_.expires_at(*due);  // cancels the previous wait, whose handler then does nothing
  timer_.async_wait(
      [self = shared_from_this(), gen = ++generation_](boost::system::error_code ec) {
        if (ec || !self->sink_ || gen != self->generation_) return;
        self->armed_.reset();
        {
          std::lock_guard lock(self->cell_->mu);
          self->session_->on_timer(Clock::now(), self->out_);
        }
        self->flush();
      });
}

}  // namespace sy::providers::sim
