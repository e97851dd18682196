// Fuzz target for everything a session does with a frame before it reaches a socket: the tap that
// reads the conversation off it, the translator, and the restore/resume paths fed from what the
// tap built. The first byte picks the dialects; then each line is one event, its first character
// saying what it is: 'c' client frame, 'u' upstream frame, 'R' restore a new upstream from the
// conversation, 'S' a client resumes, 'E' end the answer in flight, 'A' ask for an answer,
// 'k' read the line as a switch request and as a Gemini hello.
// Nothing may crash; the conversation stays within its bounds and its text accounting exact;
// every close reason fits a close frame.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "codec/conversation/tap.h"
#include "codec/json/read_context.h"
#include "codec/translate/control.h"
#include "codec/translate/translator.h"

namespace {

using namespace sy::codec;
using namespace sy::codec::translate;
namespace conv = sy::codec::conversation;

#define FUZZ_CHECK(c) \
  do {                \
    if (!(c)) std::abort(); \
  } while (0)

void check(const conv::Conversation& c) {
  FUZZ_CHECK(c.items().size() <= conv::Conversation::kMaxItems);
  std::size_t bytes = 0;
  for (const conv::Item& i : c.items()) bytes += i.id.size() + i.text.size() + i.call_id.size() + i.name.size();
  FUZZ_CHECK(bytes == c.text_bytes());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Dialect client = (in[0] & 1) ? Dialect::gemini : Dialect::openai;
  Dialect core = (in[0] & 2) ? Dialect::gemini : Dialect::openai;
  in.remove_prefix(1);
  TranslatorOptions options;
  options.client_handle = "rh_fuzz";
  auto t = make_translator(client, core, options);
  conv::Conversation c;
  conv::Tap tap(client, false, 1);
  std::vector<conv::Delta> deltas;
  conv::Signals signals;
  Outputs out;
  Clock::time_point now{};
  std::string frame;

  auto feed_bound = [&](std::string_view bytes, std::size_t capacity) {
    deltas.clear();
    tap.client_bound_frame(bytes, capacity, c, deltas, signals);
    for (const auto& d : deltas) c.apply(d);
  };
  auto drain = [&]() {
    for (std::size_t i = 0; i < out.client.size(); ++i) feed_bound(out.client.data(i), out.client.data(i).size());
    if (out.close_client) FUZZ_CHECK(out.close_client->reason.size() <= 123);
  };

  out.clear();
  t->on_client_open(now, out);
  drain();
  while (!in.empty()) {
    std::size_t nl = in.find('\n');
    std::string_view line = in.substr(0, nl);
    in.remove_prefix(nl == std::string_view::npos ? in.size() : nl + 1);
    if (line.empty()) continue;
    char kind = line[0];
    line.remove_prefix(1);
    frame.assign(line);
    std::size_t n = frame.size();
    frame.resize(n + json::kPadding, '\0');
    std::string_view bytes(frame.data(), n);
    out.clear();
    now += std::chrono::milliseconds(20);
    switch (kind) {
      case 'c':
        deltas.clear();
        tap.client_frame(bytes, frame.size(), c, deltas, signals);
        for (const auto& d : deltas) c.apply(d);
        t->on_client_frame(bytes, frame.size(), Opcode::text, now, out);
        break;
      case 'u':
        t->on_upstream_frame(bytes, frame.size(), core == Dialect::gemini ? Opcode::binary : Opcode::text,
                             now, out);
        if (out.forward_client) feed_bound(bytes, frame.size());
        break;
      case 'R': {
        std::vector<events::Item> items;
        std::vector<events::ContentPart> parts;
        Restore r;
        r.config = c.has_config() ? &c.config() : nullptr;
        r.history = c.history(items, parts);
        r.upstream_handle = line.empty() ? std::string_view{} : line;
        t->on_upstream_restore(r, now, out);
        break;
      }
      case 'S': {
        Resume r;
        r.config = c.has_config() ? &c.config() : nullptr;
        r.session_id = c.client_session_id();
        t->on_client_resume(r, now, out);
        break;
      }
      case 'E':
        t->end_answer(InFlightAnswer{tap.in_flight().active, tap.in_flight().response_id},
                      "core_switched", out);
        break;
      case 'A':
        t->request_answer(out);
        break;
      case 'k':
        (void)read_switch_request(client, bytes);
        (void)read_gemini_hello(bytes);
        break;
      default:
        continue;
    }
    drain();
    check(c);
  }
  return 0;
}
