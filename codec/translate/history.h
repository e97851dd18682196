// The conversation so far, told to a new core in its own protocol (after a restart, a lost
// upstream or a switch of core), as conversation items rather than as instructions:
//   OpenAI core: one conversation.item.create per item, with the item's id, so the answers to
//     them can be told apart from new items (a resumed client has seen them all);
//   Gemini core: one clientContent whose turns are the items, turnComplete false (the service's
//     way of seeding context). Gemini turns hold text only, so a function call and its output are
//     told in words ("[called get_weather {"city":"Oslo"}]" / "[get_weather returned {...}]").
#pragma once

#include <span>
#include <string>

#include "codec/events/items.h"
#include "codec/openai/client_encoder.h"
#include "codec/translate/translator.h"

namespace sy::codec::translate {

void openai_history(std::span<const events::Item> items, openai::ClientEncoder& encoder,
                    FrameList& out);
// Nothing is written for an empty history.
void gemini_history(std::span<const events::Item> items, FrameList& out);

}  // namespace sy::codec::translate
