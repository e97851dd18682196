// Runs one SimSession on a shard: feeds it client messages and the shard's clock, keeps one
// steady_timer armed at the session's next deadline, and hands what the session sends to a sink.
// SimApplication's connections use it with a WebSocket as the sink; the gateway can use it with
// an in-process upstream as the sink (no socket at all):
//
//   struct Up : SimSink { void sim_send(op, bytes, readable) override {...}
//                         void sim_close(code, reason) override {...} };
//   auto driver = SimDriver::create(executor, options, std::make_shared<SimRecordCell>(), up);
//   driver->open();                              // OpenAI: session.created reaches the sink
//   driver->on_client_message(op, bytes, readable);
//   driver->stop(code);                          // before the sink goes away
//
// Everything happens on the executor's thread. The record cell's mutex is held while the session
// runs, so another thread may read the record (GET /_sim/sessions) at any time.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>

#include "net/ws/opcode.h"
#include "providers/sim/outbox.h"
#include "providers/sim/sim_options.h"
#include "providers/sim/sim_record.h"

namespace sy::providers::sim {

class SimSession;

struct SimRecordCell {
  std::mutex mu;
  SimRecord record;
  // Ends the live connection with a close code, from its own shard (POST /_sim/drop); empty once
  // the connection is gone. Guarded by mu.
  std::function<void(std::uint16_t)> drop;
};

class SimSink {
 public:
  // One message for the client; `readable` bytes may be read from payload.data() (>= size +
  // json::kPadding, so it can be parsed in place). Valid only during the call.
  virtual void sim_send(net::ws::Opcode op, std::span<const std::uint8_t> payload,
                        std::size_t readable) = 0;
  // The simulated provider ends the connection.
  virtual void sim_close(std::uint16_t code, std::string_view reason) = 0;

 protected:
  ~SimSink() = default;
};

class SimDriver final : public std::enable_shared_from_this<SimDriver> {
  struct Private {};

 public:
  static std::shared_ptr<SimDriver> create(const boost::asio::any_io_executor& executor,
                                           const SimOptions& options,
                                           std::shared_ptr<SimRecordCell> cell, SimSink& sink);
  SimDriver(Private, const boost::asio::any_io_executor& executor, const SimOptions& options,
            std::shared_ptr<SimRecordCell> cell, SimSink& sink);
  ~SimDriver();

  void open();
  void on_client_message(net::ws::Opcode op, std::span<const std::uint8_t> bytes,
                         std::size_t readable);
  // The connection ended (with `close_code`): nothing more reaches the sink, the timer stops,
  // and the record is marked closed. Idempotent.
  void stop(std::uint16_t close_code);
  [[nodiscard]] const std::shared_ptr<SimRecordCell>& cell() const { return cell_; }

 private:
  void flush();
  void rearm();

  boost::asio::steady_timer timer_;
  std::shared_ptr<SimRecordCell> cell_;
  SimSink* sink_;
  std::unique_ptr<SimSession> session_;
  Outbox out_;
  std::optional<TimePoint> armed_;
  std::uint64_t generation_ = 0;
};

}  // namespace sy::providers::sim
