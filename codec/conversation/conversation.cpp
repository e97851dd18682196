#include "codec/conversation/conversation.h"

#include <algorithm>

namespace sy::codec::conversation {

namespace {

void add(events::Usage& total, const events::Usage& u) {
  total.total_tokens += u.total_tokens;
  total.input_tokens += u.input_tokens;
  total.output_tokens += u.output_tokens;
  total.input_text_tokens += u.input_text_tokens;
  total.input_audio_tokens += u.input_audio_tokens;
  total.input_cached_tokens += u.input_cached_tokens;
  total.output_text_tokens += u.output_text_tokens;
  total.output_audio_tokens += u.output_audio_tokens;
}

std::size_t item_bytes(const Item& i) {
  return i.id.size() + i.text.size() + i.call_id.size() + i.name.size();
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

}  // namespace

ItemView view(const Item& i) {
  return ItemView{i.id,     i.type,    i.role, i.status,   i.spoken,
                  i.text,   i.call_id, i.name, i.audio_ms, i.heard_ms};
}

std::string_view delta_name(const Delta& d) noexcept {
  static constexpr std::string_view kNames[] = {
      "set_identity", "set_config",    "set_client_session_id", "put_item",
      "append_text",  "set_item_state", "set_heard",            "remove_item",
      "set_upstream_handle", "add_usage", "set_core"};
  static_assert(std::size(kNames) == std::variant_size_v<Delta>);
  return kNames[d.index()];
}

std::string_view heard_prefix(std::string_view transcript, std::uint32_t heard_ms,
                              std::uint32_t audio_ms) {
  if (audio_ms == 0 || heard_ms >= audio_ms) return transcript;
  // Speech runs at a roughly even rate: the heard share of the audio is that share of the words.
  std::size_t cut = static_cast<std::size_t>(static_cast<double>(transcript.size()) * heard_ms /
                                             audio_ms);
  if (cut >= transcript.size()) return transcript;
  // Back to the end of the last whole word (a word being spoken is not counted as heard).
  while (cut > 0 && !is_space(transcript[cut])) --cut;
  while (cut > 0 && is_space(transcript[cut - 1])) --cut;
  // Never split a UTF-8 sequence (a space is ASCII, so cut is on a boundary already).
  return transcript.substr(0, cut);
}

Conversation::Conversation() : config_(std::make_unique<translate::OwnedConfig>()) {}
Conversation::Conversation(Conversation&&) noexcept = default;
Conversation& Conversation::operator=(Conversation&&) noexcept = default;
Conversation::~Conversation() = default;

const Item* Conversation::find(std::string_view id) const {
  if (id.empty()) return nullptr;
  // Recent items are the ones deltas name: search from the back.
  for (auto it = items_.rbegin(); it != items_.rend(); ++it)
    if (it->id == id) return &*it;
  return nullptr;
}

Item* Conversation::find_mut(std::string_view id) {
  return const_cast<Item*>(static_cast<const Conversation*>(this)->find(id));
}

void Conversation::trim() {
  std::size_t drop = 0;
  while (drop < items_.size() && (items_.size() - drop > kMaxItems || text_bytes_ > kMaxTextBytes)) {
    text_bytes_ -= item_bytes(items_[drop]);
    ++drop;
  }
  if (drop) items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(drop));
}

void Conversation::put(const ItemView& v, std::optional<std::string_view> after) {
  Item* it = find_mut(v.id);
  if (it) {
    text_bytes_ -= item_bytes(*it);
  } else if (after && after->empty()) {
    it = &*items_.emplace(items_.begin());
  } else if (after) {
    auto pos = std::find_if(items_.begin(), items_.end(), [&](const Item& i) { return i.id == *after; });
    it = pos == items_.end() ? &items_.emplace_back() : &*items_.emplace(pos + 1);
  } else {
    it = &items_.emplace_back();
  }
  it->id.assign(v.id);
  it->type = v.type;
  it->role = v.role;
  it->status = v.status;
  it->spoken = v.spoken;
  it->text.assign(v.text);
  it->call_id.assign(v.call_id);
  it->name.assign(v.name);
  it->audio_ms = v.audio_ms;
  it->heard_ms = v.heard_ms;
  text_bytes_ += item_bytes(*it);
  trim();
}

void Conversation::apply(const Delta& delta) {
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, SetIdentity>) {
          if (d.identity) identity_ = *d.identity;
        } else if constexpr (std::is_same_v<T, SetConfig>) {
          config_->apply(d.config);
          has_config_ = true;
        } else if constexpr (std::is_same_v<T, SetClientSessionId>) {
          client_session_id_.assign(d.id);
        } else if constexpr (std::is_same_v<T, PutItem>) {
          put(d.item, d.after);
        } else if constexpr (std::is_same_v<T, AppendText>) {
          if (Item* it = find_mut(d.id)) {
            it->text.append(d.text);
            text_bytes_ += d.text.size();
            trim();
          }
        } else if constexpr (std::is_same_v<T, SetItemState>) {
          if (Item* it = find_mut(d.id)) {
            it->status = d.status;
            it->audio_ms = std::max(it->audio_ms, d.audio_ms);
          }
        } else if constexpr (std::is_same_v<T, SetHeard>) {
          if (Item* it = find_mut(d.id)) it->heard_ms = d.heard_ms;
        } else if constexpr (std::is_same_v<T, RemoveItem>) {
          for (auto it = items_.begin(); it != items_.end(); ++it) {
            if (it->id == d.id) {
              text_bytes_ -= item_bytes(*it);
              items_.erase(it);
              break;
            }
          }
        } else if constexpr (std::is_same_v<T, SetUpstreamHandle>) {
          handle_.assign(d.handle);
          handle_unix_ms_ = d.unix_ms;
        } else if constexpr (std::is_same_v<T, AddUsage>) {
          add(usage_, d.usage);
        } else if constexpr (std::is_same_v<T, SetCore>) {
          identity_.core.assign(d.core);
          identity_.model.assign(d.model);
          // A handle belongs to the core that issued it.
          handle_.clear();
          handle_unix_ms_ = 0;
        }
      },
      delta);
}

std::span<const events::Item> Conversation::history(std::vector<events::Item>& out,
                                                    std::vector<events::ContentPart>& parts) const {
  out.clear();
  parts.clear();
  // Parts first, so that spans into `parts` are taken after it stops growing.
  parts.reserve(items_.size());
  std::vector<std::size_t> part_of;
  part_of.reserve(items_.size());
  for (const Item& i : items_) {
    if (i.type == events::ItemType::function_call && i.status == events::ItemStatus::in_progress)
      continue;
    if (i.type != events::ItemType::message) {
      events::Item e;
      e.id = i.id;
      e.type = i.type;
      e.role = i.role;
      e.status = events::ItemStatus::completed;
      e.call_id = i.call_id;
      e.name = i.name;
      if (i.type == events::ItemType::function_call) {
        e.arguments = i.text;
      } else {
        e.output = i.text;
        // An output is told with its function's name where the protocol wants one (Gemini).
        for (const Item& call : items_)
          if (call.type == events::ItemType::function_call && call.call_id == i.call_id) e.name = call.name;
      }
      out.push_back(e);
      part_of.push_back(SIZE_MAX);
      continue;
    }
    std::string_view text = i.text;
    if (i.role == events::Role::assistant && i.heard_ms)
      text = heard_prefix(text, *i.heard_ms, i.audio_ms);
    if (text.empty()) continue;
    events::ContentPart p;
    p.kind = events::PartKind::text;
    p.text = text;
    parts.push_back(p);
    events::Item e;
    e.id = i.id;
    e.type = events::ItemType::message;
    e.role = i.role;
    e.status = i.status == events::ItemStatus::in_progress ? events::ItemStatus::incomplete
                                                           : i.status;
    out.push_back(e);
    part_of.push_back(parts.size() - 1);
  }
  for (std::size_t k = 0; k < out.size(); ++k)
    if (part_of[k] != SIZE_MAX) out[k].content = std::span<const events::ContentPart>(&parts[part_of[k]], 1);
  return out;
}

}  // namespace sy::codec::conversation
