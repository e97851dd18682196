// Gemini Live messages in the canonical event model (codec/events), without session state: what a
// client message asks for as intents, and what a server message reports as happenings. The
// journal and metrics read these; the translators apply session state on top (turn mode,
// resampling, synthesised ids), so they work from the wire structs directly.
//
// Client message -> intents
//   setup                      ConfigureSession (see to_config in canonical.h)
//   realtimeInput.audio        AppendAudio (base64 at the rate its mimeType declares)
//   mediaChunks (audio/*)      AppendAudio each; other media have no counterpart and are skipped
//   activityStart              ClearAudio (audio outside an activity is not heard)
//   activityEnd                CommitAudio, CreateResponse
//   audioStreamEnd             CommitAudio
//   text                       AddItem (user input_text), CreateResponse
//   clientContent              AddItem per text part (user -> user, model -> assistant),
//                              CreateResponse when turnComplete
//   toolResponse               AddItem (function_call_output: call id, the response object as
//                              JSON text) per response, then one CreateResponse
// Server message -> happenings (Gemini has no ids: every ResponseRef is empty)
//   setupComplete              SessionReady
//   modelTurn parts            AudioDelta (inlineData) / TextDelta (text; thoughts and code skipped)
//   inputTranscription         InputTranscriptDelta
//   outputTranscription        OutputTranscriptDelta
//   generationComplete         Unhandled{"generationComplete"} (no canonical counterpart)
//   interrupted                ResponseDone{cancelled, "turn_detected"}
//   turnComplete               ResponseDone{completed, usage when it rides along}
//   toolCall                   FunctionCall per call (arguments: the args object as JSON text)
//   toolCallCancellation       FunctionCallsCancelled
//   goAway                     GoAway
//   sessionResumptionUpdate    ResumptionHandle
//   usageMetadata alone        Unhandled{"usageMetadata"} (its counts belong to a later turn end)
#pragma once

#include <string_view>
#include <vector>

#include "codec/events/happenings.h"
#include "codec/events/intents.h"
#include "codec/gemini/canonical.h"
#include "codec/gemini/wire.h"

namespace sy::codec::gemini {

// What the produced events point at beyond the message (reused: clear() keeps capacity). Views
// into it, and into the decoded message, stay valid until the next conversion with it.
struct EventStorage {
  std::vector<events::ContentPart> parts;
  std::vector<events::Item> items;
  std::vector<std::string_view> ids;
  ConfigStorage config;
  void clear() {
    parts.clear();
    items.clear();
    ids.clear();
    config.clear();
  }
};

// Appends to `out` (which is not cleared).
void to_intents(const wire::ClientMessage& message, EventStorage& storage,
                std::vector<events::Intent>& out);
void to_happenings(const wire::ServerMessage& message, EventStorage& storage,
                   std::vector<events::Happening>& out);

}  // namespace sy::codec::gemini
