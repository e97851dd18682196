#include "codec/conversation/tap.h"

#include "codec/translate/thread_codecs.h"

#include <algorithm>

namespace sy::codec::conversation {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// The string value of `"key":"` in a flat event, as a view; nullopt when absent. Base64 and ids
// hold no quotes, so the first quote after the opening one ends the value.
std::optional<std::string_view> string_member(std::string_view f, std::string_view key_colon_quote) {
  auto k = f.find(key_colon_quote);
  if (k == std::string_view::npos) return std::nullopt;
  auto b = k + key_colon_quote.size();
  auto e = f.find('"', b);
  if (e == std::string_view::npos) return std::nullopt;
  return f.substr(b, e - b);
}

// Decoded bytes of a base64 text of this length (padding ignored: off by at most two bytes).
std::uint64_t base64_bytes(std::size_t len) { return len / 4 * 3; }

// The text of an item's content: text parts and the transcripts of audio parts, joined.
std::string_view item_text(const events::Item& item, std::string& joined, bool& spoken) {
  spoken = false;
  std::string_view only;
  std::size_t n = 0;
  for (const events::ContentPart& p : item.content) {
    if (p.kind == events::PartKind::audio) spoken = true;
    std::string_view t = p.kind == events::PartKind::audio ? p.transcript : p.text;
    if (t.empty()) continue;
    if (n++ == 0) only = t;
    else {
      if (n == 2) joined.assign(only);
      joined.append(t);
    }
  }
  return n <= 1 ? only : std::string_view(joined);
}

// A Gemini realtimeInput that carries audio and nothing else changes nothing the journal keeps.
// Whatever else a message could say (activity start or end, stream end, text, other media) has a
// key of its own, so it shows outside the base64.
bool gemini_audio_only(std::string_view f) {
  static constexpr std::string_view kHead = R"({"realtimeInput":{"audio":{)";
  if (!starts_with(f, kHead)) return false;
  auto k = f.find(R"("data":")");
  if (k == std::string_view::npos) return false;
  auto e = f.find('"', k + 8);
  if (e == std::string_view::npos || f.find(R"("data":")", e) != std::string_view::npos) return false;
  for (std::string_view part : {f.substr(0, k), f.substr(e)}) {
    for (std::string_view word : {"ctivity", "tream", "\"text\"", "edia", "ideo"})
      if (part.find(word) != std::string_view::npos) return false;
  }
  return true;
}

bool is_failure_type(std::string_view type) {
  return type != "invalid_request_error";
}

using Decoders = translate::ThreadCodecs;
Decoders& decoders() { return translate::thread_codecs(); }

}  // namespace

Tap::Tap(Dialect client, bool openai_beta, std::uint64_t id_seed)
    : dialect_(client), openai_beta_(openai_beta), ids_(id_seed) {}

std::string_view Tap::keep(std::string_view s) { return scratch_.emplace_back(s); }

std::string_view Tap::new_id() {
  std::string& s = scratch_.emplace_back();
  ids_.next("item_", s);
  return s;
}

void Tap::client_frame(std::string_view bytes, std::size_t capacity, const Conversation& c,
                       std::vector<Delta>& out, Signals& s) {
  scratch_.clear();
  if (dialect_ == Dialect::openai) openai_client(bytes, capacity, c, out, s);
  else gemini_client(bytes, capacity, out, s);
}

void Tap::client_bound_frame(std::string_view bytes, std::size_t capacity, const Conversation& c,
                             std::vector<Delta>& out, Signals& s) {
  scratch_.clear();
  if (dialect_ == Dialect::openai) openai_bound(bytes, capacity, c, out, s);
  else gemini_bound(bytes, capacity, c, out, s);
}

void Tap::audio_out(std::string_view item_id, std::size_t base64_len, Signals& s) {
  if (!first_audio_seen_) {
    first_audio_seen_ = true;
    s.first_audio = true;
  }
  auto it = std::find_if(audio_bytes_.begin(), audio_bytes_.end(),
                         [&](const auto& p) { return p.first == item_id; });
  if (it == audio_bytes_.end()) {
    // Bounded: only items of the current answer are open.
    if (audio_bytes_.size() >= 16) audio_bytes_.erase(audio_bytes_.begin());
    audio_bytes_.emplace_back(std::string(item_id), 0);
    it = audio_bytes_.end() - 1;
  }
  it->second += base64_bytes(base64_len);
}

// ---------------------------------------------------------------- OpenAI dialect

void Tap::openai_client(std::string_view bytes, std::size_t capacity, const Conversation&,
                        std::vector<Delta>& out, Signals& s) {
  // The bulk of the traffic: audio appends change nothing the journal keeps.
  if (starts_with(bytes, R"({"type":"input_audio_buffer.append")")) return;
  Decoders& d = decoders();
  auto intent = (openai_beta_ ? d.openai_beta : d.openai_ga).decode(bytes, capacity);
  if (!intent) return;  // the translator answers bad input; nothing changed
  std::visit(
      [&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, events::AddItem>) {
          // Journaled before it is forwarded. Without an id of its own it gets a provisional one,
          // replaced by the id the server announces (conversation.item.added).
          std::string joined;
          bool spoken = false;
          ItemView v;
          v.type = b.item.type;
          v.role = b.item.role;
          v.status = events::ItemStatus::completed;
          v.call_id = keep(b.item.call_id);
          v.name = keep(b.item.name);
          if (b.item.type == events::ItemType::message) v.text = keep(item_text(b.item, joined, spoken));
          else if (b.item.type == events::ItemType::function_call) v.text = keep(b.item.arguments);
          else v.text = keep(b.item.output);
          v.spoken = spoken;
          if (!b.item.id.empty()) {
            v.id = keep(b.item.id);
          } else {
            v.id = new_id();
            if (pending_.size() >= 64) pending_.erase(pending_.begin());
            pending_.emplace_back(std::string(v.id), b.item.type);
          }
          std::optional<std::string_view> after;
          if (b.previous_item_id) after = keep(*b.previous_item_id);
          out.push_back(PutItem{v, after});
        } else if constexpr (std::is_same_v<T, events::TruncateItem>) {
          out.push_back(SetHeard{keep(b.item_id), b.audio_end_ms});
        } else if constexpr (std::is_same_v<T, events::CommitAudio>) {
          s.user_turn_ended = true;
        } else if constexpr (std::is_same_v<T, events::CreateResponse>) {
          s.response_requested = true;
        }
      },
      intent->body);
}

void Tap::openai_item(const events::Item& item, std::optional<std::string_view> previous,
                      const Conversation& c, std::vector<Delta>& out) {
  if (item.id.empty()) return;
  const Item* known = c.find(item.id);
  std::string joined;
  bool spoken = false;
  ItemView v;
  v.id = keep(item.id);
  v.type = item.type;
  v.role = item.role;
  v.status = item.status == events::ItemStatus::unset ? events::ItemStatus::completed : item.status;
  v.call_id = keep(item.call_id);
  v.name = keep(item.name);
  if (item.type == events::ItemType::message) v.text = keep(item_text(item, joined, spoken));
  else if (item.type == events::ItemType::function_call) v.text = keep(item.arguments);
  else v.text = keep(item.output);
  v.spoken = spoken;
  if (known) {
    // Item events of an answer carry little content; what the deltas built up stays.
    if (v.text.empty()) v.text = keep(known->text);
    v.spoken = v.spoken || known->spoken;
    v.audio_ms = known->audio_ms;
    v.heard_ms = known->heard_ms;
    if (known->status == events::ItemStatus::incomplete) v.status = known->status;
    out.push_back(PutItem{v, std::nullopt});
    return;
  }
  // An item the client created without an id: the announced one replaces the provisional.
  if (item.role != events::Role::assistant || item.type != events::ItemType::message) {
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
      if (it->second != item.type) continue;
      std::string_view provisional = keep(it->first);
      pending_.erase(it);
      const Item* p = c.find(provisional);
      if (p && v.text.empty()) v.text = keep(p->text);
      out.push_back(RemoveItem{provisional});
      break;
    }
  }
  std::optional<std::string_view> after;
  if (previous) after = keep(*previous);
  out.push_back(PutItem{v, after});
}

void Tap::openai_bound(std::string_view bytes, std::size_t capacity, const Conversation& c,
                       std::vector<Delta>& out, Signals& s) {
  if (starts_with(bytes, R"({"type":"response.output_audio.delta")") ||
      starts_with(bytes, R"({"type":"response.audio.delta")")) {
    auto item = string_member(bytes, R"("item_id":")");
    auto delta = string_member(bytes, R"("delta":")");
    if (item && delta) {
      audio_out(*item, delta->size(), s);
      return;
    }
  }
  auto h = decoders().openai_server.decode(bytes, capacity);
  if (!h) return;
  auto audio_ms_of = [&](std::string_view id) -> std::uint32_t {
    for (auto& [k, v] : audio_bytes_)
      if (k == id) return static_cast<std::uint32_t>(v / out_bytes_per_ms_);
    const Item* known = c.find(id);
    return known ? known->audio_ms : 0;
  };
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, events::SessionReady>) {
          out.push_back(SetClientSessionId{keep(e.session_id)});
          out.push_back(SetConfig{e.config});
        } else if constexpr (std::is_same_v<T, events::SessionUpdated>) {
          out.push_back(SetConfig{e.config});
        } else if constexpr (std::is_same_v<T, events::ItemAdded> || std::is_same_v<T, events::ItemDone>) {
          openai_item(e.item, e.previous_item_id, c, out);
        } else if constexpr (std::is_same_v<T, events::OutputItemAdded>) {
          if (e.item.id.empty()) return;
          if (in_flight_.open_items.size() < 16) in_flight_.open_items.emplace_back(e.item.id);
          events::Item it = e.item;
          it.status = events::ItemStatus::in_progress;
          openai_item(it, std::nullopt, c, out);
        } else if constexpr (std::is_same_v<T, events::ContentPartAdded>) {
          const Item* known = c.find(e.ref.item_id);
          if (known && e.part.kind == events::PartKind::audio && !known->spoken) {
            ItemView v = view(*known);
            v.spoken = true;
            out.push_back(PutItem{v, std::nullopt});
          }
        } else if constexpr (std::is_same_v<T, events::TextDelta> ||
                             std::is_same_v<T, events::OutputTranscriptDelta>) {
          if (!e.delta.empty() && c.find(e.ref.item_id))
            out.push_back(AppendText{keep(e.ref.item_id), keep(e.delta)});
        } else if constexpr (std::is_same_v<T, events::TextDone> ||
                             std::is_same_v<T, events::OutputTranscriptDone>) {
          std::string_view full;
          if constexpr (std::is_same_v<T, events::TextDone>) full = e.text;
          else full = e.transcript;
          const Item* known = c.find(e.ref.item_id);
          if (known && !full.empty() && known->text != full) {
            ItemView v = view(*known);
            v.text = keep(full);
            out.push_back(PutItem{v, std::nullopt});
          }
        } else if constexpr (std::is_same_v<T, events::FunctionCall>) {
          ItemView v;
          v.id = e.ref.item_id.empty() ? keep(e.call_id) : keep(e.ref.item_id);
          v.type = events::ItemType::function_call;
          v.role = events::Role::assistant;
          v.status = events::ItemStatus::completed;
          v.call_id = keep(e.call_id);
          v.name = keep(e.name);
          v.text = keep(e.arguments);
          out.push_back(PutItem{v, std::nullopt});
        } else if constexpr (std::is_same_v<T, events::OutputItemDone>) {
          openai_item(e.item, std::nullopt, c, out);
          std::string_view id = keep(e.item.id);
          auto status = e.item.status == events::ItemStatus::unset ? events::ItemStatus::completed
                                                                   : e.item.status;
          out.push_back(SetItemState{id, status, audio_ms_of(id)});
          std::erase(in_flight_.open_items, std::string(id));
        } else if constexpr (std::is_same_v<T, events::InputTranscriptDelta>) {
          if (e.delta.empty()) return;
          if (!c.find(e.item_id)) {
            ItemView v;
            v.id = keep(e.item_id);
            v.spoken = true;
            out.push_back(PutItem{v, std::nullopt});
          }
          out.push_back(AppendText{keep(e.item_id), keep(e.delta)});
        } else if constexpr (std::is_same_v<T, events::InputTranscriptDone>) {
          const Item* known = c.find(e.item_id);
          ItemView v = known ? view(*known) : ItemView{};
          v.id = keep(e.item_id);
          v.spoken = true;
          v.text = keep(e.transcript);
          out.push_back(PutItem{v, std::nullopt});
        } else if constexpr (std::is_same_v<T, events::SpeechStopped> ||
                             std::is_same_v<T, events::AudioCommitted>) {
          s.user_turn_ended = true;
        } else if constexpr (std::is_same_v<T, events::ResponseStarted>) {
          in_flight_.active = true;
          in_flight_.response_id.assign(e.response_id);
          in_flight_.open_items.clear();
          first_audio_seen_ = false;
          s.response_started = true;
        } else if constexpr (std::is_same_v<T, events::ResponseDone>) {
          if (e.usage) out.push_back(AddUsage{*e.usage});
          bool cut = e.status == events::ResponseStatus::cancelled ||
                     e.status == events::ResponseStatus::incomplete ||
                     e.status == events::ResponseStatus::failed;
          for (const std::string& id : in_flight_.open_items) {
            std::string_view kid = keep(id);
            std::uint32_t ms = audio_ms_of(kid);
            out.push_back(SetItemState{kid, cut ? events::ItemStatus::incomplete
                                                : events::ItemStatus::completed, ms});
            // Without a truncate from the client, what it was sent is what it heard.
            const Item* known = c.find(kid);
            if (cut && ms > 0 && (!known || !known->heard_ms)) out.push_back(SetHeard{kid, ms});
          }
          in_flight_ = InFlight{};
          audio_bytes_.clear();
          s.response_done = true;
          if (e.status == events::ResponseStatus::failed) s.core_error = true;
        } else if constexpr (std::is_same_v<T, events::ItemDeleted>) {
          out.push_back(RemoveItem{keep(e.item_id)});
        } else if constexpr (std::is_same_v<T, events::ItemTruncated>) {
          out.push_back(SetHeard{keep(e.item_id), e.audio_end_ms});
        } else if constexpr (std::is_same_v<T, events::AudioDelta>) {
          audio_out(e.ref.item_id, e.audio_base64.size(), s);
        } else if constexpr (std::is_same_v<T, events::ProviderError>) {
          if (is_failure_type(e.error.type)) s.core_error = true;
        }
      },
      h->body);
}

// ---------------------------------------------------------------- Gemini dialect

void Tap::gemini_client(std::string_view bytes, std::size_t capacity, std::vector<Delta>& out,
                        Signals& s) {
  if (gemini_audio_only(bytes)) return;  // the bulk of the traffic
  Decoders& d = decoders();
  auto kind = d.gemini.decode_client(bytes, capacity);
  if (!kind) return;
  d.intents.clear();
  gemini::to_intents(d.gemini.client(), d.gemini_storage, d.intents);
  for (const events::Intent& in : d.intents) {
    std::visit(
        [&](const auto& b) {
          using T = std::decay_t<decltype(b)>;
          if constexpr (std::is_same_v<T, events::ConfigureSession>) {
            out.push_back(SetConfig{b.config});
          } else if constexpr (std::is_same_v<T, events::AddItem>) {
            std::string joined;
            bool spoken = false;
            ItemView v;
            v.id = new_id();
            v.type = b.item.type;
            v.role = b.item.role;
            v.call_id = keep(b.item.call_id);
            if (b.item.type == events::ItemType::message) v.text = keep(item_text(b.item, joined, spoken));
            else v.text = keep(b.item.output);
            out.push_back(PutItem{v, std::nullopt});
          } else if constexpr (std::is_same_v<T, events::CommitAudio>) {
            s.user_turn_ended = true;
          } else if constexpr (std::is_same_v<T, events::CreateResponse>) {
            s.response_requested = true;
          }
        },
        in.body);
  }
}

void Tap::gemini_model_output(std::string_view text, std::size_t audio_b64, std::vector<Delta>& out,
                              Signals& s) {
  if (model_item_.empty()) {
    ids_.next("item_", model_item_);
    ItemView v;
    v.id = keep(model_item_);
    v.role = events::Role::assistant;
    v.status = events::ItemStatus::in_progress;
    v.spoken = audio_b64 > 0;
    out.push_back(PutItem{v, std::nullopt});
    in_flight_.active = true;
    in_flight_.open_items.assign(1, model_item_);
    first_audio_seen_ = false;
    s.response_started = true;
  }
  if (!text.empty()) out.push_back(AppendText{keep(model_item_), keep(text)});
  if (audio_b64 > 0) audio_out(model_item_, audio_b64, s);
}

void Tap::gemini_end_turn(bool completed, std::vector<Delta>& out) {
  if (!model_item_.empty()) {
    std::string_view id = keep(model_item_);
    std::uint64_t bytes = 0;
    for (auto& [k, v] : audio_bytes_)
      if (k == model_item_) bytes = v;
    auto ms = static_cast<std::uint32_t>(bytes / out_bytes_per_ms_);
    out.push_back(SetItemState{id, completed ? events::ItemStatus::completed
                                             : events::ItemStatus::incomplete, ms});
    // A Gemini client never says how much it played: what it was sent is what it heard.
    if (!completed && ms > 0) out.push_back(SetHeard{id, ms});
  }
  model_item_.clear();
  user_item_.clear();
  audio_bytes_.clear();
  in_flight_ = InFlight{};
}

void Tap::gemini_bound(std::string_view bytes, std::size_t capacity, const Conversation& c,
                       std::vector<Delta>& out, Signals& s) {
  static constexpr std::string_view kAudioHead = R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{)";
  static constexpr std::string_view kAudioTail = R"("}}]}}})";
  if (starts_with(bytes, kAudioHead) && bytes.size() > kAudioTail.size() &&
      bytes.substr(bytes.size() - kAudioTail.size()) == kAudioTail) {
    auto data = string_member(bytes, R"("data":")");
    if (data && bytes.find(R"("data":")", static_cast<std::size_t>(data->data() - bytes.data())) ==
                    std::string_view::npos) {
      gemini_model_output({}, data->size(), out, s);
      return;
    }
  }
  Decoders& d = decoders();
  auto kind = d.gemini.decode_server(bytes, capacity);
  if (!kind) return;
  d.happenings.clear();
  gemini::to_happenings(d.gemini.server(), d.gemini_storage, d.happenings);
  for (const events::Happening& h : d.happenings) {
    std::visit(
        [&](const auto& e) {
          using T = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<T, events::InputTranscriptDelta>) {
            if (e.delta.empty()) return;
            s.user_turn_ended = true;
            if (user_item_.empty() || !c.find(user_item_)) {
              ids_.next("item_", user_item_);
              ItemView v;
              v.id = keep(user_item_);
              v.spoken = true;
              // Transcripts may trail the answer they prompted: the user's words go before it.
              std::optional<std::string_view> after;
              if (!model_item_.empty()) {
                const auto& items = c.items();
                auto pos = std::find_if(items.begin(), items.end(),
                                        [&](const Item& i) { return i.id == model_item_; });
                if (pos != items.end())
                  after = pos == items.begin() ? std::string_view{} : keep(std::prev(pos)->id);
              }
              out.push_back(PutItem{v, after});
            }
            out.push_back(AppendText{keep(user_item_), keep(e.delta)});
          } else if constexpr (std::is_same_v<T, events::OutputTranscriptDelta> ||
                               std::is_same_v<T, events::TextDelta>) {
            gemini_model_output(e.delta, 0, out, s);
          } else if constexpr (std::is_same_v<T, events::AudioDelta>) {
            gemini_model_output({}, e.audio_base64.size(), out, s);
          } else if constexpr (std::is_same_v<T, events::FunctionCall>) {
            ItemView v;
            v.id = e.call_id.empty() ? new_id() : keep(e.call_id);
            v.type = events::ItemType::function_call;
            v.role = events::Role::assistant;
            v.call_id = keep(e.call_id);
            v.name = keep(e.name);
            v.text = keep(e.arguments);
            out.push_back(PutItem{v, std::nullopt});
          } else if constexpr (std::is_same_v<T, events::ResponseDone>) {
            if (e.usage) out.push_back(AddUsage{*e.usage});
            gemini_end_turn(e.status == events::ResponseStatus::completed, out);
            s.response_done = true;
          }
        },
        h.body);
  }
}

}  // namespace sy::codec::conversation
