// The conversation items of one session, kept by the gateway for cores that have no item model
// (Gemini): conversation.item.retrieve, .delete and .truncate are answered from here. Items own
// their text; audio is not kept (a retrieved audio part carries its transcript only). The store is
// bounded: past kMaxItems the oldest items are forgotten.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "codec/events/items.h"

namespace sy::codec::translate {

struct StoredItem {
  struct Part {
    events::PartKind kind = events::PartKind::text;
    std::string text;        // text parts
    std::string transcript;  // audio parts
  };
  std::string id;
  events::ItemType type = events::ItemType::message;
  events::Role role = events::Role::user;
  events::ItemStatus status = events::ItemStatus::completed;
  std::vector<Part> parts;
  std::string call_id;
  std::string name;
  std::string arguments;
  std::string output;
  std::uint32_t audio_ms = 0;  // assistant audio played out so far (for truncation checks)
};

class ItemStore {
 public:
  static constexpr std::size_t kMaxItems = 1024;

  // Copies `item` under `id` (the item's own id is ignored) and returns the stored copy.
  StoredItem& add(const events::Item& item, std::string_view id);
  [[nodiscard]] StoredItem* find(std::string_view id);
  bool erase(std::string_view id);
  // The newest function_call item with this call id.
  [[nodiscard]] const StoredItem* find_call(std::string_view call_id) const;
  // The id of the newest item ("" when empty), for previous_item_id.
  [[nodiscard]] std::string_view last_id() const;
  [[nodiscard]] std::size_t size() const { return items_.size(); }

  // A canonical view of a stored item; its parts live in `parts` (cleared first).
  static events::Item view(const StoredItem& item, std::vector<events::ContentPart>& parts);

 private:
  std::deque<StoredItem> items_;
};

}  // namespace sy::codec::translate
