// Checkpoint records: how a conversation's Deltas (codec/conversation) and its snapshots are
// written into journal records, and read back. Payloads are small JSON documents written and
// read by the project's reflected JSON codec, so `journal-inspect` can print them as they are and
// a record from a damaged or hostile file is validated like any untrusted input.
//
//   record type  payload
//   kSnapshot    the whole conversation: identity, configuration, items, handle, usage
//   kDelta       one Delta
//   kEnded       the session ended (why); nothing of the key before it is needed any more
//
// Every payload carries "t", the wall-clock time in Unix milliseconds, from which recovery
// decides whether a session is still within SESSION_TTL. docs/journal-format.md has the schema.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "codec/conversation/conversation.h"
#include "codec/json/reader.h"
#include "core/base/result.h"

namespace sy::persist::checkpoint {

namespace conv = codec::conversation;

inline constexpr std::uint16_t kSnapshot = 0x10;
inline constexpr std::uint16_t kDelta = 0x11;
inline constexpr std::uint16_t kEnded = 0x12;

[[nodiscard]] bool is_checkpoint_type(std::uint16_t type) noexcept;
[[nodiscard]] std::string_view type_name(std::uint16_t type) noexcept;

// The journal key of a session: FNV-1a 64 of "<account>\0<session id>" (stable across runs).
[[nodiscard]] std::uint64_t session_key(std::string_view account, std::string_view session_id) noexcept;

enum class RecordErrc : std::uint16_t {
  bad_json = 1,      // not the schema (see the reader's error for where)
  unknown_kind,      // a delta kind this build does not know
  missing_member,    // the kind needs a member the record lacks
  unknown_type,      // not a checkpoint record type
};

// Appends a record's payload to `out` (cleared first).
void encode_delta(const conv::Delta& delta, std::int64_t unix_ms, std::string& out);
void encode_snapshot(const conv::Conversation& c, std::int64_t unix_ms, std::string& out);
void encode_ended(std::string_view reason, std::int64_t unix_ms, std::string& out);

// Reads checkpoint payloads. A snapshot is handed over as the sequence of Deltas that rebuilds
// it (identity, configuration, client session id, each item, handle, usage), a delta as itself,
// an ended record as nothing. Views passed to `sink` are valid during the call only.
class RecordReader {
 public:
  RecordReader();
  ~RecordReader();

  // `unix_ms` receives the record's time.
  [[nodiscard]] Status read(std::uint16_t type, std::string_view payload, std::int64_t& unix_ms,
                            const std::function<void(const conv::Delta&)>& sink);
  // After an ended record was read: why the session ended.
  [[nodiscard]] std::string_view ended_reason() const { return reason_; }

 private:
  struct Scratch;
  codec::json::Reader reader_;
  std::unique_ptr<Scratch> scratch_;
  std::string reason_;
};

}  // namespace sy::persist::checkpoint
