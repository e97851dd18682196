#include "core/session/session_host.h"

#include <boost/asio/post.hpp>
#include <chrono>

#include "core/base/log.h"

namespace sy::core {

namespace asio = boost::asio;
namespace cp = persist::checkpoint;

namespace {

std::int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr unsigned kRetentionEveryTicks = 10;  // seconds between retention passes

}  // namespace

SessionHost::SessionHost(const SessionServices& services, const ShardServices& shard,
                         asio::any_io_executor executor)
    : services_(services), shard_(shard), executor_(std::move(executor)), tick_(executor_) {}

SessionHost::~SessionHost() = default;

std::int64_t SessionHost::ttl_ms() const noexcept {
  return static_cast<std::int64_t>(services_.cfg->session_ttl_seconds) * 1000;
}

Result<std::size_t> SessionHost::open_journal(const std::string& dir,
                                              const persist::journal::JournalOptions& options,
                                              bool prefault) {
  persist::journal::MmapStoreOptions so;
  so.populate_on_create = prefault;
  auto store = persist::journal::MmapSegmentStore::open(dir, so);
  if (!store) return store.error();
  store_ = std::move(*store);
  std::vector<cp::RecoveredSession> sessions;
  cp::RecoveryStats stats;
  auto log = cp::CheckpointLog::open(*store_, options, cp::LogOptions{}, sessions, stats);
  if (!log) return log.error();
  log_ = std::move(*log);
  if (services_.gm && stats.journal.bytes_dropped)
    services_.gm->journal_dropped_bytes.inc(shard_.shard, stats.journal.bytes_dropped);
  if (stats.bad_records)
    SY_WARN("journal %s: %llu checkpoint record(s) could not be read and were skipped",
            dir.c_str(), static_cast<unsigned long long>(stats.bad_records));
  std::size_t n = 0;
  const std::int64_t now = now_unix_ms();
  for (auto& s : sessions) {
    if (ttl_ms() > 0 && s.last_unix_ms + ttl_ms() < now) continue;  // too old to resume
    dormant_[s.key] = Dormant{std::move(s.conversation), s.last_unix_ms};
    ++n;
  }
  if (services_.gm && n) services_.gm->sessions_recovered.inc(shard_.shard, n);
  return n;
}

void SessionHost::adopt_recovered(std::vector<cp::RecoveredSession> sessions) {
  const std::int64_t now = now_unix_ms();
  for (auto& s : sessions) {
    if (ttl_ms() > 0 && s.last_unix_ms + ttl_ms() < now) continue;
    if (log_) {
      if (auto st = log_->snapshot(s.key, s.conversation, s.last_unix_ms); !st) journal_error(st.error());
    }
    if (services_.gm) services_.gm->sessions_recovered.inc(shard_.shard);
    dormant_[s.key] = Dormant{std::move(s.conversation), s.last_unix_ms};
  }
}

void SessionHost::start() {
  tick_.expires_after(std::chrono::seconds(1));
  tick_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    tick();
    start();
  });
}

void SessionHost::tick() {
  const std::int64_t now = now_unix_ms();
  const auto steady = std::chrono::steady_clock::now();
  for (auto& [key, s] : live_) s->trim(steady);
  // Dormant conversations nobody came back for are over.
  if (ttl_ms() > 0) {
    for (auto it = dormant_.begin(); it != dormant_.end();) {
      if (it->second.last_unix_ms + ttl_ms() < now) {
        if (log_) {
          if (auto st = log_->ended(it->first, "expired", now); !st) journal_error(st.error());
        }
        it = dormant_.erase(it);
      } else {
        ++it;
      }
    }
  }
  if (!log_) return;
  if (auto st = log_->journal().sync_if_due(); !st) journal_error(st.error());
  if (++ticks_ % kRetentionEveryTicks == 0) {
    auto live = [this](std::uint64_t key) { return live_.count(key) != 0 || dormant_.count(key) != 0; };
    if (auto r = log_->collect(now, ttl_ms(), live); !r) journal_error(r.error());
  }
}

void SessionHost::shutdown() {
  stopping_ = true;
  tick_.cancel();
  // Ended in memory only: the journal keeps every conversation for a resume after the restart.
  std::vector<Session*> all;
  for (auto& [key, s] : live_) all.push_back(s.get());
  for (Session* s : all) s->end("server shutting down", true);
  if (log_) {
    if (auto st = log_->journal().sync(); !st) journal_error(st.error());
  }
}

Session* SessionHost::find(std::uint64_t key) {
  auto it = live_.find(key);
  return it == live_.end() ? nullptr : it->second.get();
}

Session& SessionHost::create(SessionSpec spec, std::uint64_t key) {
  auto session = std::make_unique<Session>(*this, std::move(spec), key);
  Session& s = *session;
  auto [it, inserted] = live_.try_emplace(key, nullptr);
  if (!inserted && it->second) {
    // A session with this key is still winding down (ended, an upstream closing): it is kept
    // alive apart until its coroutines are done.
    it->second->end("replaced", true);
    retiring_.push_back(std::move(it->second));
  }
  it->second = std::move(session);
  return s;
}

std::optional<SessionHost::Dormant> SessionHost::take_dormant(std::uint64_t key, bool moved_away) {
  auto it = dormant_.find(key);
  if (it == dormant_.end()) return std::nullopt;
  Dormant d = std::move(it->second);
  dormant_.erase(it);
  if (moved_away && log_) {
    if (auto st = log_->ended(key, "moved to another shard", now_unix_ms()); !st) journal_error(st.error());
  }
  return d;
}

void SessionHost::put_dormant(std::uint64_t key, Dormant dormant) {
  if (stopping_ || ttl_ms() <= 0) return;
  dormant_[key] = std::move(dormant);
}

void SessionHost::session_finished(std::uint64_t key) {
  // Deleted from the loop, never on the session's own stack.
  asio::post(executor_, [this, key] {
    auto it = live_.find(key);
    if (it != live_.end() && it->second && it->second->finished()) live_.erase(it);
    std::erase_if(retiring_, [](const std::unique_ptr<Session>& s) { return s->finished(); });
  });
}

void SessionHost::journal_error(const Error& e) {
  if (services_.gm) services_.gm->journal_errors.inc(shard_.shard);
  // Logged for the first errors and then every thousandth, so a full disk does not flood the log.
  if (journal_errors_logged_++ % 1000 == 0)
    SY_WARN("journal on shard %u: %s (the session goes on without it)", shard_.shard, e.message);
}

}  // namespace sy::core
