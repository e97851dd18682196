// One shard's sessions: the running ones by key; the dormant ones (a conversation waiting for its
// client after a normal close, or read back from the journal at start-up); the shard's
// checkpoint log; and a one-second tick that expires dormant sessions past SESSION_TTL, syncs
// the journal under JOURNAL_SYNC=interval and lets retention drop what nothing needs. Everything
// here runs on the shard's own thread; other shards reach it by posting to it.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "codec/conversation/conversation.h"
#include "core/session/session.h"
#include "core/session/session_services.h"
#include "persistence/checkpoint/checkpoint_log.h"
#include "persistence/journal/mmap_store.h"

namespace sy::core {

class SessionHost {
 public:
  struct Dormant {
    codec::conversation::Conversation conversation;
    std::int64_t last_unix_ms = 0;
  };

  SessionHost(const SessionServices& services, const ShardServices& shard,
              boost::asio::any_io_executor executor);
  ~SessionHost();
  SessionHost(const SessionHost&) = delete;
  SessionHost& operator=(const SessionHost&) = delete;

  // Before the shard runs: opens (creating) the journal in `dir` and puts every session it holds
  // among the dormant ones. Returns how many were recovered.
  [[nodiscard]] Result<std::size_t> open_journal(const std::string& dir,
                                                 const persist::journal::JournalOptions& options,
                                                 bool prefault);
  // Sessions read from a journal no shard owns any more (a previous run had more shards): they
  // become this shard's, snapshotted into its own journal.
  void adopt_recovered(std::vector<persist::checkpoint::RecoveredSession> sessions);
  // On the shard's thread: starts the tick.
  void start();
  // On the shard's thread: ends every session, each resumable from the journal after a restart.
  void shutdown();

  [[nodiscard]] Session* find(std::uint64_t key);
  Session& create(SessionSpec spec, std::uint64_t key);
  [[nodiscard]] bool has_dormant(std::uint64_t key) const { return dormant_.count(key) != 0; }
  // Takes a dormant conversation out; `moved_away`: it leaves this shard (its journal records
  // here are no longer needed).
  std::optional<Dormant> take_dormant(std::uint64_t key, bool moved_away);
  void put_dormant(std::uint64_t key, Dormant dormant);
  // A session's last coroutine is done; it is deleted from the loop, off its own stack.
  void session_finished(std::uint64_t key);

  [[nodiscard]] persist::checkpoint::CheckpointLog* log() noexcept { return log_.get(); }
  [[nodiscard]] const SessionServices& services() const noexcept { return services_; }
  [[nodiscard]] const ShardServices& shard() const noexcept { return shard_; }
  [[nodiscard]] const boost::asio::any_io_executor& executor() const noexcept { return executor_; }
  [[nodiscard]] std::size_t live_count() const noexcept { return live_.size(); }
  [[nodiscard]] std::size_t dormant_count() const noexcept { return dormant_.size(); }
  [[nodiscard]] std::int64_t ttl_ms() const noexcept;

  // The journal failed an append: counted and logged once in a while; the session goes on.
  void journal_error(const Error& e);

 private:
  void tick();

  const SessionServices& services_;
  const ShardServices& shard_;
  boost::asio::any_io_executor executor_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Session>> live_;
  std::vector<std::unique_ptr<Session>> retiring_;  // replaced, still winding down
  std::unordered_map<std::uint64_t, Dormant> dormant_;
  std::unique_ptr<persist::journal::MmapSegmentStore> store_;
  std::unique_ptr<persist::checkpoint::CheckpointLog> log_;
  boost::asio::steady_timer tick_;
  unsigned ticks_ = 0;
  bool stopping_ = false;
  std::uint64_t journal_errors_logged_ = 0;
};

}  // namespace sy::core
