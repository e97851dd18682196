// Runs a translator over a golden script and renders what it produced, one line per output, so
// a test can compare the rendering with the script's expected lines.
//
// Script lines ('#' starts a comment, blank lines are ignored):
//   dialects <client> <core>           first line: openai|gemini each; `option beta` and
//                                       `option client_handle <h>` may follow
//   > open                              on_client_open at t=0
//   > client <frame>                    a client frame (text opcode)
//   > upstream <frame>                  an upstream frame (binary for a Gemini core, else text)
//   > timer <ms>                        on_timer at t=<ms>
//   > closed <code> <reason>            on_upstream_closed
//   > reopened                          on_upstream_reopened
//   > restore <json>                    on_upstream_restore (see ScriptRestore for the JSON)
//   > resume <session id>               on_client_resume with the restore's configuration
//   > end_answer <response id>          end_answer for an active answer, reason core_switched
//   < upstream <frame>                  expected output, in order, after the input above it
//   < client <frame> / < client.bin <frame> / < close <code> <reason> / < going_away <ms>
//   < forward_upstream / < forward_client
// Input frames may use $PCM24(<ms>) and $PCM16(<ms>): base64 of a 440 Hz tone at that rate.
// In the rendering, base64 strings of 100+ characters are shown as "<b64:N>" (N decoded bytes).
#pragma once

#include <string>
#include <vector>

namespace sy::codec::translate::testing {

struct GoldenResult {
  std::vector<std::string> expected;
  std::vector<std::string> actual;
  std::string error;  // a malformed script
};

GoldenResult run_golden(const std::string& script);

// Replaces $PCM24(ms)/$PCM16(ms) with tone audio.
std::string expand_audio(const std::string& text);
std::string tone_base64(int rate, int ms);

// The script with its expected lines replaced by what the translator produced (used to write
// new scripts, which are then checked by hand before they are committed).
std::string regenerate(const std::string& script, const GoldenResult& result);

}  // namespace sy::codec::translate::testing
