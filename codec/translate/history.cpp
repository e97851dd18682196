#include "codec/translate/history.h"

#include <deque>

#include "codec/gemini/encoder.h"
#include "codec/gemini/wire.h"

namespace sy::codec::translate {

void openai_history(std::span<const events::Item> items, openai::ClientEncoder& encoder,
                    FrameList& out) {
  for (const events::Item& item : items) {
    encoder.encode(events::Intent{"", events::AddItem{std::nullopt, item}},
                   out.begin(Opcode::text));
    out.end();
  }
}

void gemini_history(std::span<const events::Item> items, FrameList& out) {
  if (items.empty()) return;
  gemini::wire::ClientMessage m;
  auto& cc = m.client_content.emplace();
  auto& turns = cc.turns.emplace();
  std::deque<std::string> words;  // texts for calls and outputs; views into it stay valid
  for (const events::Item& item : items) {
    gemini::wire::Content turn;
    switch (item.type) {
      case events::ItemType::message:
        turn.role = item.role == events::Role::assistant ? "model" : "user";
        for (const events::ContentPart& p : item.content) {
          std::string_view text = p.kind == events::PartKind::text ? p.text : p.transcript;
          if (!text.empty()) turn.parts.emplace_back().text = text;
        }
        break;
      case events::ItemType::function_call: {
        turn.role = "model";
        std::string& w = words.emplace_back("[called ");
        w.append(item.name).append(" ").append(item.arguments).append("]");
        turn.parts.emplace_back().text = std::string_view(w);
        break;
      }
      case events::ItemType::function_call_output: {
        turn.role = "user";
        std::string& w = words.emplace_back("[");
        w.append(item.name.empty() ? std::string_view("the function") : item.name)
            .append(" returned ")
            .append(item.output)
            .append("]");
        turn.parts.emplace_back().text = std::string_view(w);
        break;
      }
    }
    if (!turn.parts.empty()) turns.push_back(std::move(turn));
  }
  if (turns.empty()) return;
  cc.turn_complete = false;
  gemini::encode_client(m, out.begin(Opcode::text).buffer());
  out.end();
}

}  // namespace sy::codec::translate
