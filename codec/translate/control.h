// The gateway's own messages on a client connection, beside the protocol's:
//   switch request (client -> gateway)
//     OpenAI  {"type":"switchyard.switch","core":"gemini"}            (event_id optional)
//     Gemini  {"switchyardSwitch":{"core":"openai"}}
//   switch notice (gateway -> client), after the answer in flight was ended cleanly
//     OpenAI  {"type":"switchyard.core_switched","event_id":…,"from":"openai","to":"gemini","reason":"latency"}
//     Gemini  {"switchyardCoreSwitched":{"from":"openai","to":"gemini","reason":"latency"}}
//   refusal of a switch request
//     OpenAI  an `error` event (invalid_request_error, code unknown_core, param core)
//     Gemini  {"switchyardSwitchRefused":{"core":"…","reason":"…"}}
// Reasons: client_request, latency, failure, timeout, primary_recovered.
// And what the session reads from a Gemini client's first message before it has a translator:
// the model it names and the resumption handle it presents.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "codec/translate/translator.h"

namespace sy::codec::translate {

// A switch request is a small message; bigger frames (audio above all) are not looked into.
inline constexpr std::size_t kMaxControlBytes = 512;

// A switch request, when `bytes` is one (nullopt otherwise; `core` may be "" if absent). Runs on
// every client frame: frames over kMaxControlBytes, and any without "switchyard" in them, cost
// no more than a length check or one scan of a small frame.
[[nodiscard]] std::optional<std::string> read_switch_request(Dialect dialect, std::string_view bytes);

void encode_switch_notice(Dialect dialect, std::string_view from, std::string_view to,
                          std::string_view reason, FrameList& out);
void encode_switch_refused(Dialect dialect, std::string_view core, std::string_view reason,
                           FrameList& out);

// The gateway could not carry the session on (no core, the provider refused): an OpenAI client
// hears it as an `error` event before the close; a Gemini client only from the close reason.
void encode_session_error(Dialect dialect, std::string_view code, std::string_view message,
                          FrameList& out);

struct GeminiHello {
  bool is_setup = false;
  std::string model;   // without the "models/" prefix
  std::string handle;  // setup.sessionResumption.handle, "" if none
  bool wants_resumption = false;
};
[[nodiscard]] GeminiHello read_gemini_hello(std::string_view first_message);

}  // namespace sy::codec::translate
