#include "codec/translate/item_store.h"

#include <algorithm>

namespace sy::codec::translate {

StoredItem& ItemStore::add(const events::Item& item, std::string_view id) {
  if (items_.size() >= kMaxItems) items_.pop_front();
  StoredItem& s = items_.emplace_back();
  s.id.assign(id);
  s.type = item.type;
  s.role = item.role;
  s.status = item.status == events::ItemStatus::unset ? events::ItemStatus::completed : item.status;
  for (const events::ContentPart& p : item.content) {
    s.parts.push_back({p.kind, std::string(p.text), std::string(p.transcript)});
  }
  s.call_id.assign(item.call_id);
  s.name.assign(item.name);
  s.arguments.assign(item.arguments);
  s.output.assign(item.output);
  return s;
}

StoredItem* ItemStore::find(std::string_view id) {
  if (id.empty()) return nullptr;
  auto it = std::find_if(items_.rbegin(), items_.rend(),
                         [&](const StoredItem& s) { return s.id == id; });
  return it == items_.rend() ? nullptr : &*it;
}

const StoredItem* ItemStore::find_call(std::string_view call_id) const {
  if (call_id.empty()) return nullptr;
  auto it = std::find_if(items_.rbegin(), items_.rend(), [&](const StoredItem& s) {
    return s.type == events::ItemType::function_call && s.call_id == call_id;
  });
  return it == items_.rend() ? nullptr : &*it;
}

bool ItemStore::erase(std::string_view id) {
  auto it = std::find_if(items_.begin(), items_.end(),
                         [&](const StoredItem& s) { return s.id == id; });
  if (it == items_.end()) return false;
  items_.erase(it);
  return true;
}

std::string_view ItemStore::last_id() const {
  return items_.empty() ? std::string_view{} : std::string_view(items_.back().id);
}

events::Item ItemStore::view(const StoredItem& s, std::vector<events::ContentPart>& parts) {
  parts.clear();
  for (const StoredItem::Part& p : s.parts) {
    events::ContentPart cp;
    cp.kind = p.kind;
    cp.text = p.text;
    cp.transcript = p.transcript;
    parts.push_back(cp);
  }
  events::Item item;
  item.id = s.id;
  item.type = s.type;
  item.role = s.role;
  item.status = s.status;
  item.content = std::span<const events::ContentPart>(parts);
  item.call_id = s.call_id;
  item.name = s.name;
  item.arguments = s.arguments;
  item.output = s.output;
  return item;
}

}  // namespace sy::codec::translate
