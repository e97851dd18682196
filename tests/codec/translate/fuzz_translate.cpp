// The translators' state machines under arbitrary sequences of frames: the first byte picks the
// pair of dialects, then each line is one event, its first character saying what it is
// ('c' client frame, 'u' upstream frame, 't' timer, 'x' upstream closed, 'r' upstream reopened).
// Nothing may crash, and every close reason must fit a close frame.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "codec/json/read_context.h"
#include "codec/translate/translator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sy::codec;
  using namespace sy::codec::translate;
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Dialect client = (in[0] & 1) ? Dialect::gemini : Dialect::openai;
  Dialect core = (in[0] & 2) ? Dialect::gemini : Dialect::openai;
  in.remove_prefix(1);
  auto t = make_translator(client, core, TranslatorOptions{});
  Outputs out;
  Clock::time_point now{};
  t->on_client_open(now, out);
  std::string frame;
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
    out.clear();
    switch (kind) {
      case 'c':
        t->on_client_frame({frame.data(), n}, frame.size(), Opcode::text, now, out);
        break;
      case 'u':
        t->on_upstream_frame({frame.data(), n}, frame.size(), Opcode::binary, now, out);
        break;
      case 't':
        now += std::chrono::milliseconds(600);
        t->on_timer(now, out);
        break;
      case 'x':
        t->on_upstream_closed(1011, line, out);
        break;
      case 'r':
        t->on_upstream_reopened(now, out);
        break;
      default:
        break;
    }
    if (out.close_client && out.close_client->reason.size() > 123) std::abort();
  }
  return 0;
}
