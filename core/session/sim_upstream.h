// The built-in simulator core, in process: a providers::sim::SimDriver behind the Upstream
// interface, with no socket. Frames from the session are queued and handed to the simulator on
// the upstream's own coroutine — never re-entrantly inside the send() that carried them — just as
// a socket would deliver them.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <string>

#include "core/session/upstream.h"
#include "providers/sim/sim_driver.h"
#include "providers/sim/sim_options.h"

namespace sy::core {

class SimUpstream final : public Upstream, private providers::sim::SimSink {
 public:
  // Input the simulator has not yet taken is bounded like a socket's send queue.
  static constexpr std::size_t kMaxInboxBytes = 8u << 20;

  SimUpstream(const boost::asio::any_io_executor& executor, providers::sim::SimOptions options);
  ~SimUpstream() override;

  net::awaitable<void> run(UpstreamSink& sink) override;
  net::ws::SendStatus send(net::ws::Opcode op, std::span<const std::uint8_t> payload) override;
  void close(std::uint16_t code, std::string_view reason) override;
  void pause_reading() override { paused_ = true; }
  void resume_reading() override;
  [[nodiscard]] bool is_open() const override { return open_; }

 private:
  void sim_send(net::ws::Opcode op, std::span<const std::uint8_t> payload,
                std::size_t readable) override;
  void sim_close(std::uint16_t code, std::string_view reason) override;

  boost::asio::any_io_executor executor_;
  providers::sim::SimOptions options_;
  std::shared_ptr<providers::sim::SimDriver> driver_;
  UpstreamSink* sink_ = nullptr;
  std::deque<std::pair<net::ws::Opcode, std::string>> inbox_;
  std::size_t inbox_bytes_ = 0;
  boost::asio::steady_timer wake_;
  bool open_ = false;
  bool closing_ = false;
  bool paused_ = false;
};

}  // namespace sy::core
