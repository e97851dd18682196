// What the gateway keeps of one conversation so that it can be carried on elsewhere — on a new
// client connection, a new upstream connection, another core, or after a restart: who it belongs
// to, the client's effective configuration (canonical, in the client's naming), the items (user
// text and transcripts, assistant text and transcripts with where the user cut them off, function
// calls and outputs), the core's resumption handle and the usage so far. Audio is not kept.
//
// It changes only through Deltas, so that the very changes the session applies are the ones it
// writes to the journal, and recovery rebuilds the same state by applying them again
// (persistence/checkpoint). A Delta holds views; apply() copies what it keeps.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "codec/events/items.h"
#include "codec/events/session_config.h"
#include "codec/translate/owned_config.h"
#include "codec/translate/translator.h"

namespace sy::codec::conversation {

using translate::Dialect;

struct Identity {
  std::string account;
  std::string session_id;
  Dialect dialect = Dialect::openai;
  bool openai_beta = false;
  std::string core;   // openai | gemini | azure | sim
  std::string model;  // as the client named it ("" when it named none)
  friend bool operator==(const Identity&, const Identity&) = default;
};

// A conversation item. For a message `text` is its text, or its transcript when it was spoken;
// for a function call its arguments; for a function call output the output.
struct Item {
  std::string id;
  events::ItemType type = events::ItemType::message;
  events::Role role = events::Role::user;
  events::ItemStatus status = events::ItemStatus::completed;
  bool spoken = false;
  std::string text;
  std::string call_id;
  std::string name;
  std::uint32_t audio_ms = 0;             // assistant audio sent to the client
  std::optional<std::uint32_t> heard_ms;  // the user cut the answer off here
  friend bool operator==(const Item&, const Item&) = default;
};

// The same, as views (what a Delta carries).
struct ItemView {
  std::string_view id;
  events::ItemType type = events::ItemType::message;
  events::Role role = events::Role::user;
  events::ItemStatus status = events::ItemStatus::completed;
  bool spoken = false;
  std::string_view text;
  std::string_view call_id;
  std::string_view name;
  std::uint32_t audio_ms = 0;
  std::optional<std::uint32_t> heard_ms;
};
[[nodiscard]] ItemView view(const Item& item);

// ---- Deltas ----
struct SetIdentity {
  const Identity* identity = nullptr;
};
// A configuration (partial or whole) the client's session now has; absent members are unchanged.
struct SetConfig {
  events::SessionConfig config;
};
// The session id the client was told (OpenAI session.created), for telling it again on resume.
struct SetClientSessionId {
  std::string_view id;
};
// Adds the item, or replaces the one with the same id (which keeps its place). A new item goes
// after the item `after` names ("" = first), or last when `after` is absent or unknown.
struct PutItem {
  ItemView item;
  std::optional<std::string_view> after;
};
struct AppendText {
  std::string_view id;
  std::string_view text;
};
struct SetItemState {
  std::string_view id;
  events::ItemStatus status = events::ItemStatus::completed;
  std::uint32_t audio_ms = 0;
};
struct SetHeard {
  std::string_view id;
  std::uint32_t heard_ms = 0;
};
struct RemoveItem {
  std::string_view id;
};
// The core's latest handle for resuming its session on a new connection ("" = none usable).
struct SetUpstreamHandle {
  std::string_view handle;
  std::int64_t unix_ms = 0;
};
struct AddUsage {
  events::Usage usage;
};
// The conversation moved to another core.
struct SetCore {
  std::string_view core;
  std::string_view model;
};

using Delta = std::variant<SetIdentity, SetConfig, SetClientSessionId, PutItem, AppendText,
                           SetItemState, SetHeard, RemoveItem, SetUpstreamHandle, AddUsage,
                           SetCore>;

// Stable name of a delta kind ("put_item"), for the journal inspector and logs.
[[nodiscard]] std::string_view delta_name(const Delta& d) noexcept;

class Conversation {
 public:
  // Bounds: past them the oldest items are forgotten (their words no longer replay).
  static constexpr std::size_t kMaxItems = 512;
  static constexpr std::size_t kMaxTextBytes = 1u << 20;

  Conversation();
  Conversation(Conversation&&) noexcept;
  Conversation& operator=(Conversation&&) noexcept;
  ~Conversation();

  void apply(const Delta& delta);

  [[nodiscard]] const Identity& identity() const { return identity_; }
  [[nodiscard]] bool has_config() const { return has_config_; }
  [[nodiscard]] const events::SessionConfig& config() const { return config_->get(); }
  [[nodiscard]] std::string_view client_session_id() const { return client_session_id_; }
  [[nodiscard]] const std::vector<Item>& items() const { return items_; }
  [[nodiscard]] const Item* find(std::string_view id) const;
  [[nodiscard]] std::string_view upstream_handle() const { return handle_; }
  [[nodiscard]] std::int64_t upstream_handle_unix_ms() const { return handle_unix_ms_; }
  [[nodiscard]] const events::Usage& usage() const { return usage_; }
  [[nodiscard]] std::size_t text_bytes() const { return text_bytes_; }

  // The history to give a new core, as canonical items in order: messages with their text (an
  // answer the user cut off only up to what was heard), completed function calls and outputs.
  // Items still in progress and empty messages are left out. Views point into this object and
  // into `parts` (cleared first).
  std::span<const events::Item> history(std::vector<events::Item>& items,
                                        std::vector<events::ContentPart>& parts) const;

 private:
  Item* find_mut(std::string_view id);
  void trim();
  void put(const ItemView& v, std::optional<std::string_view> after);

  Identity identity_;
  bool has_config_ = false;
  std::unique_ptr<translate::OwnedConfig> config_;
  std::string client_session_id_;
  std::vector<Item> items_;  // a vector: an empty deque would allocate a block per session
  std::size_t text_bytes_ = 0;
  std::string handle_;
  std::int64_t handle_unix_ms_ = 0;
  events::Usage usage_;
};

// What an answer the user cut off at `heard_ms` of `audio_ms` amounts to: the share of the
// transcript that was spoken by then, ending at a word boundary.
[[nodiscard]] std::string_view heard_prefix(std::string_view transcript, std::uint32_t heard_ms,
                                            std::uint32_t audio_ms);

}  // namespace sy::codec::conversation
