#include "persistence/checkpoint/checkpoint_log.h"

#include <algorithm>

#include "core/base/log.h"
#include "persistence/journal/journal_reader.h"

namespace sy::persist::checkpoint {

namespace {

// Folds a scan into, per key, the records since its newest snapshot (or ended record).
class Collector final : public journal::ScanVisitor {
 public:
  struct Key {
    std::vector<std::pair<std::uint16_t, std::string>> tail;  // oldest first
    std::uint64_t snapshot_sequence = 0;
    std::uint64_t ended_sequence = 0;
    std::uint32_t deltas_since = 0;
    std::uint64_t bytes_since = 0;
    bool ended = false;
  };

  void on_record(const journal::RecordView& r) override {
    if (!is_checkpoint_type(r.type)) return;  // other record types are not ours
    Key& k = keys_[r.session_key];
    std::string_view payload(reinterpret_cast<const char*>(r.payload.data()), r.payload.size());
    if (r.type == kSnapshot || r.type == kEnded) {
      skipped_ += k.tail.size();
      k.tail.clear();
      k.deltas_since = 0;
      k.bytes_since = 0;
    }
    if (r.type == kEnded) {
      k.ended = true;
      k.ended_sequence = r.sequence;
      return;
    }
    if (r.type == kSnapshot) k.snapshot_sequence = r.sequence;
    else {
      ++k.deltas_since;
      k.bytes_since += payload.size();
    }
    // Records after an ended one begin a new session under the same key.
    k.ended = false;
    k.tail.emplace_back(r.type, std::string(payload));
  }

  std::unordered_map<std::uint64_t, Key>& keys() { return keys_; }
  [[nodiscard]] std::uint64_t skipped() const { return skipped_; }

 private:
  std::unordered_map<std::uint64_t, Key> keys_;
  std::uint64_t skipped_ = 0;
};

// Decodes each key's tail into a conversation.
void rebuild(Collector& c, std::vector<RecoveredSession>& sessions, RecoveryStats& stats) {
  RecordReader reader;
  stats.records_skipped += c.skipped();
  for (auto& [key, k] : c.keys()) {
    if (k.ended) {
      ++stats.ended;
      continue;
    }
    RecoveredSession s;
    s.key = key;
    bool any = false;
    for (const auto& [type, payload] : k.tail) {
      std::int64_t t = 0;
      auto st = reader.read(type, payload, t, [&](const conv::Delta& d) { s.conversation.apply(d); });
      if (!st) {
        ++stats.bad_records;
        SY_WARN("journal: checkpoint record of session key %016llx skipped: %s",
                static_cast<unsigned long long>(key), st.error().message);
        continue;
      }
      ++stats.records_decoded;
      any = true;
      s.last_unix_ms = std::max(s.last_unix_ms, t);
    }
    // A session is only resumable if the journal says whose it is.
    if (!any || s.conversation.identity().session_id.empty()) continue;
    ++stats.sessions;
    sessions.push_back(std::move(s));
  }
  // Deterministic order (tests, logs): oldest activity first.
  std::sort(sessions.begin(), sessions.end(),
            [](const RecoveredSession& a, const RecoveredSession& b) {
              return a.last_unix_ms != b.last_unix_ms ? a.last_unix_ms < b.last_unix_ms
                                                      : a.key < b.key;
            });
}

}  // namespace

Result<std::unique_ptr<CheckpointLog>> CheckpointLog::open(
    journal::SegmentStore& store, const journal::JournalOptions& journal_options,
    const LogOptions& options, std::vector<RecoveredSession>& sessions, RecoveryStats& stats) {
  Collector collector;
  auto j = journal::Journal::open(store, journal_options, &collector);
  if (!j) return j.error();
  auto log = std::unique_ptr<CheckpointLog>(new CheckpointLog(std::move(*j), options));
  for (auto& [key, k] : collector.keys()) {
    KeyState& ks = log->keys_[key];
    ks.snapshot_sequence = k.snapshot_sequence;
    ks.ended_sequence = k.ended ? k.ended_sequence : 0;
    ks.deltas_since = k.deltas_since;
    ks.bytes_since = k.bytes_since;
  }
  std::size_t first = sessions.size();
  rebuild(collector, sessions, stats);
  for (std::size_t i = first; i < sessions.size(); ++i)
    log->keys_[sessions[i].key].last_unix_ms = sessions[i].last_unix_ms;
  stats.journal = log->journal_->counters();
  return log;
}

Result<RecoveryStats> CheckpointLog::recover(journal::SegmentStore& store,
                                             std::vector<RecoveredSession>& sessions) {
  Collector collector;
  auto read = journal::read_journal(store, collector);
  if (!read) return read.error();
  RecoveryStats stats;
  stats.journal.segments_scanned = read->stats.segments;
  stats.journal.records_recovered = read->stats.records;
  stats.journal.bytes_recovered = read->stats.record_bytes;
  stats.journal.bytes_dropped = read->stats.dropped_bytes;
  stats.journal.drop_events = read->stats.drop_events;
  stats.journal.torn_tail_bytes = read->stats.torn_bytes;
  rebuild(collector, sessions, stats);
  return stats;
}

Status CheckpointLog::write(std::uint64_t key, std::uint16_t type, std::int64_t unix_ms) {
  auto pos = journal_->append(type, key,
                              std::as_bytes(std::span<const char>(payload_.data(), payload_.size())));
  if (!pos) return pos.error();
  KeyState& ks = keys_[key];
  ks.last_unix_ms = std::max(ks.last_unix_ms, unix_ms);
  if (type == kSnapshot) {
    ks.snapshot_sequence = pos->sequence;
    ks.deltas_since = 0;
    ks.bytes_since = 0;
    ks.ended_sequence = 0;
  } else if (type == kEnded) {
    ks.ended_sequence = pos->sequence;
  } else {
    ++ks.deltas_since;
    ks.bytes_since += payload_.size();
    ks.ended_sequence = 0;
  }
  return {};
}

Status CheckpointLog::append(std::uint64_t key, const conv::Delta& delta, std::int64_t unix_ms) {
  encode_delta(delta, unix_ms, payload_);
  return write(key, kDelta, unix_ms);
}

Status CheckpointLog::maybe_snapshot(std::uint64_t key, const conv::Conversation& c,
                                     std::int64_t unix_ms) {
  auto it = keys_.find(key);
  if (it == keys_.end()) return {};
  if (it->second.deltas_since < options_.snapshot_every &&
      it->second.bytes_since < options_.snapshot_bytes)
    return {};
  return snapshot(key, c, unix_ms);
}

Status CheckpointLog::snapshot(std::uint64_t key, const conv::Conversation& c,
                               std::int64_t unix_ms) {
  encode_snapshot(c, unix_ms, payload_);
  return write(key, kSnapshot, unix_ms);
}

Status CheckpointLog::ended(std::uint64_t key, std::string_view reason, std::int64_t unix_ms) {
  encode_ended(reason, unix_ms, payload_);
  return write(key, kEnded, unix_ms);
}

Result<journal::RetentionReport> CheckpointLog::collect(
    std::int64_t now_ms, std::int64_t ttl_ms, const std::function<bool(std::uint64_t)>& live) {
  auto expired = [&](std::uint64_t key, const KeyState& k) {
    return ttl_ms > 0 && k.last_unix_ms + ttl_ms < now_ms && !(live && live(key));
  };
  auto report = journal_->remove_superseded([&](const journal::KeySummary& s) {
    auto it = keys_.find(s.session_key);
    if (it == keys_.end()) return true;
    const KeyState& k = it->second;
    if (k.ended_sequence >= s.last_sequence && k.ended_sequence != 0) return true;
    if (k.snapshot_sequence > s.last_sequence) return true;
    return expired(s.session_key, k);
  });
  // Keys nothing refers to any more need no state.
  std::erase_if(keys_, [&](const auto& kv) {
    const KeyState& k = kv.second;
    return k.ended_sequence != 0 || expired(kv.first, k);
  });
  return report;
}

}  // namespace sy::persist::checkpoint
