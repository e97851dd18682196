// Untrusted client frames into both faces of the simulator: the input is cut into messages at
// 0xff bytes and fed in order, with timer steps in between, to an OpenAI and a Gemini session
// (each past its opening, the Gemini one past a setup). Nothing may crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "providers/sim/sim_session.h"

using namespace sy::providers::sim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  for (Face face : {Face::openai, Face::gemini}) {
    SimOptions o;
    o.face = face;
    o.chunk_interval_ms = 10;
    SimRecord record;
    auto s = SimSession::create(o, record);
    Outbox out;
    TimePoint now{};
    s->on_open(now, out);
    if (face == Face::gemini) {
      s->on_client_message(now, sy::net::ws::Opcode::binary,
                           R"({"setup":{"model":"m","tools":[{"functionDeclarations":[{"name":"f"}]}],"inputAudioTranscription":{}}})",
                           out);
    }
    std::size_t start = 0;
    for (std::size_t i = 0; i <= size; ++i) {
      if (i < size && data[i] != 0xff) continue;
      out.clear();
      s->on_client_message(now, sy::net::ws::Opcode::text, {data + start, i - start}, 0, out);
      now += std::chrono::milliseconds(7);
      if (auto due = s->next_deadline(); due && *due <= now) s->on_timer(now, out);
      start = i + 1;
    }
    for (int k = 0; k < 200 && s->next_deadline(); ++k) {
      out.clear();
      now = *s->next_deadline();
      s->on_timer(now, out);
    }
  }
  return 0;
}
