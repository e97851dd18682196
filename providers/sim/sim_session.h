// One simulated provider conversation, as the hosted provider would hold it, behind a protocol
// face (OpenAI Realtime or Gemini Live). Pure and deterministic: no I/O and no clock of its own.
// The owner feeds it the client's messages and the time, and sends what it puts in the Outbox:
//
//   auto s = SimSession::create(options, record);
//   s->on_open(now, out);                         // OpenAI: session.created
//   s->on_client_message(now, op, bytes, readable, out);
//   if (auto t = s->next_deadline()) ... at *t: s->on_timer(*t, out);
//   send out[0..n) in order; if out.close_request(): close with it. out.clear() before reuse.
//
// Everything the client sent is counted in the SimRecord given at construction (it must outlive
// the session). Outputs depend only on the inputs and the times passed in.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "net/ws/opcode.h"
#include "providers/sim/outbox.h"
#include "providers/sim/sim_options.h"
#include "providers/sim/sim_record.h"

namespace sy::providers::sim {

class SimSession {
 public:
  static std::unique_ptr<SimSession> create(const SimOptions& options, SimRecord& record);
  virtual ~SimSession() = default;
  SimSession(const SimSession&) = delete;
  SimSession& operator=(const SimSession&) = delete;

  // The connection is open (OpenAI speaks first; Gemini waits for setup).
  virtual void on_open(TimePoint now, Outbox& out) = 0;
  // One complete client message. `readable`: bytes readable from bytes.data() (>= size +
  // json::kPadding lets it be parsed in place; anything less is copied once).
  virtual void on_client_message(TimePoint now, net::ws::Opcode op,
                                 std::span<const std::uint8_t> bytes, std::size_t readable,
                                 Outbox& out) = 0;
  void on_client_message(TimePoint now, net::ws::Opcode op, std::string_view text, Outbox& out) {
    on_client_message(now, op, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()},
                      0, out);
  }
  // Time has reached (at least) next_deadline().
  virtual void on_timer(TimePoint now, Outbox& out) = 0;
  [[nodiscard]] virtual std::optional<TimePoint> next_deadline() const = 0;

  // The session asked for the connection to be closed; it ignores further input.
  [[nodiscard]] bool closed() const noexcept { return closed_; }

 protected:
  SimSession(const SimOptions& options, SimRecord& record) : options_(options), record_(record) {}

  // Queues one message (copied, with parsing padding), counts it, and applies
  // close_after_events. False when the session is closed and nothing was queued.
  bool emit(Outbox& out, net::ws::Opcode op, std::string_view message);
  void close(Outbox& out, std::uint16_t code, std::string_view reason);
  // The readable bytes of a client message, parsed in place or copied once.
  static std::string_view as_text(std::span<const std::uint8_t> bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }

  SimOptions options_;
  SimRecord& record_;
  bool closed_ = false;
};

}  // namespace sy::providers::sim
