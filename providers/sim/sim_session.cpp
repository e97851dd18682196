#include "providers/sim/sim_session.h"

#include <string>

#include "codec/json/read_context.h"
#include "providers/sim/gemini_sim.h"
#include "providers/sim/openai_sim.h"

namespace sy::providers::sim {

std::unique_ptr<SimSession> SimSession::create(const SimOptions& options, SimRecord& record) {
  record.face = options.face == Face::openai ? "openai" : "gemini";
  if (options.face == Face::gemini) return std::make_unique<GeminiSim>(options, record);
  return std::make_unique<OpenAiSim>(options, record);
}

bool SimSession::emit(Outbox& out, net::ws::Opcode op, std::string_view message) {
  if (closed_) return false;
  std::string& s = out.push(op);
  s.reserve(message.size() + codec::json::kPadding);
  s.assign(message);
  ++record_.sent;
  if (options_.close_after_events != 0 && record_.sent >= options_.close_after_events) {
    close(out, 1011, "simulated failure: closing after " +
                         std::to_string(options_.close_after_events) + " events");
  }
  return true;
}

void SimSession::close(Outbox& out, std::uint16_t code, std::string_view reason) {
  if (closed_) return;
  closed_ = true;
  out.close(code, reason);
}

}  // namespace sy::providers::sim
