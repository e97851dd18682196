// Session internals shared by session.cpp and session_upstream.cpp: one upstream connection and
// the session's view of it.
#pragma once

#include <memory>

#include "core/session/session.h"
#include "core/session/upstream.h"

namespace sy::core {

struct Session::Leg final : UpstreamSink {
  Session& session;
  std::unique_ptr<Upstream> upstream;
  bool retired = false;   // replaced, failed or let go: its frames no longer reach anyone
  bool probe = false;     // only asks whether the core can be reached
  bool opened = false;
  bool answered = false;  // the core said something on it
  bool resumed_with_handle = false;

  Leg(Session& s, std::unique_ptr<Upstream> u) : session(s), upstream(std::move(u)) {}
  void on_upstream_open() override { session.leg_open(*this); }
  void on_upstream_message(net::ws::Opcode op, std::span<std::uint8_t> payload,
                           std::size_t readable) override {
    session.leg_message(*this, op, payload, readable);
  }
  void on_upstream_drain() override { session.leg_drain(*this); }
  void on_upstream_closed(std::uint16_t code, std::string_view reason) override {
    session.leg_closed(*this, code, reason);
  }
};

struct Session::Probe {
  Leg* leg = nullptr;
};

}  // namespace sy::core
