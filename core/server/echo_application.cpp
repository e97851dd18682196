#include "core/server/echo_application.h"

namespace sy::core {

namespace {

class EchoHandler final : public net::ws::Handler {
 public:
  void on_message(net::ws::Connection& c, net::ws::Opcode op,
                  std::span<std::uint8_t> payload) override {
    // Backpressure: our own send queue is full, so stop reading the client until it drains.
    if (c.send(op, payload) == net::ws::SendStatus::backpressure) c.pause_reading();
  }
  void on_drain(net::ws::Connection& c) override { c.resume_reading(); }
};

}  // namespace

UpgradeDecision EchoApplication::on_upgrade(const net::http::Request&,
                                            const net::http::UpgradeRequest&, const PeerInfo&) {
  UpgradeAccept accept;
  accept.run = [](net::ws::Connection& c) -> net::awaitable<void> {
    EchoHandler handler;
    co_await c.run(handler);
  };
  return accept;
}

}  // namespace sy::core
