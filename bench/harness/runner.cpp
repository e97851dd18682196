// The load generator: sessions on Switchyard's own engine (one shard per --threads), driven by
// the main thread through three moments: every session ready, the measured window, the stop.
#include <signal.h>
#include <sys/resource.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <atomic>
#include <cmath>
#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "bench/harness/bench_options.h"
#include "bench/harness/proc_stats.h"
#include "core/engine/engine.h"
#include "net/conn/ws_connector.h"
#include "net/http/base_url.h"
#include "net/tls/tls_context.h"

namespace sy::bench {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::microseconds;

namespace {

constexpr auto kNever = Clock::time_point::max();

std::int64_t ticks(Clock::time_point t) { return t.time_since_epoch().count(); }
Clock::time_point from_ticks(std::int64_t n) { return Clock::time_point(Clock::duration(n)); }

struct Shared {
  const BenchOptions* opt = nullptr;
  std::string opening;  // first message (Gemini setup), may be empty
  std::string audio;    // the audio message every session sends
  net::ws::Opcode audio_opcode = net::ws::Opcode::text;
  net::ws::ConnectRequest request;
  // The window, published by the main thread once every session is ready.
  std::atomic<std::int64_t> window_start{ticks(kNever)}, window_end{ticks(kNever)};
  std::atomic<int> ready{0}, failed{0}, primed{0}, finished{0};

  [[nodiscard]] Clock::time_point start() const { return from_ticks(window_start.load(std::memory_order_relaxed)); }
  [[nodiscard]] Clock::time_point end() const { return from_ticks(window_end.load(std::memory_order_relaxed)); }
  [[nodiscard]] bool in_window(Clock::time_point t) const { return t >= start() && t < end(); }
};

class Client;

// Everything one load-generator thread owns; read by the main thread only after the engine ends.
struct PerShard {
  std::uint64_t sent = 0, answers = 0, unanswered = 0, churned = 0;
  int connect_failed = 0, not_ready = 0, closed_early = 0;
  LatencyHistogram rtt, setup;
  std::vector<Client*> live;
  bool go = false;        // every session is ready: streaming may start
  bool stopping = false;
  int connecting = 0;
  asio::steady_timer* launch_wake = nullptr;
};

// One benchmark session: waits for its set-up exchange, then times every answer against the
// oldest unanswered send (answers come back in order on one session).
class Client final : public net::ws::Handler {
 public:
  Client(Shared& s, PerShard& p, net::ws::Connection& c)
      : s_(s), p_(p), conn_(c), timer_(c.transport().socket().get_executor()) {}

  void on_message(net::ws::Connection&, net::ws::Opcode, std::span<std::uint8_t> m) override {
    if (!ready_) {
      if (is_ready(s_.opt->protocol, m)) {
        ready_ = true;
        wake();
      }
      return;
    }
    if (!is_answer(s_.opt->protocol, m) || sent_at_.empty()) return;
    const auto now = Clock::now();
    const auto sent = sent_at_.front();
    sent_at_.pop_front();
    if (s_.in_window(now)) ++p_.answers;
    if (s_.in_window(sent)) {
      p_.rtt.record(static_cast<std::uint64_t>(duration_cast<microseconds>(now - sent).count()));
      --in_window_unanswered_;
    }
    ++answered_;
    if (closed_loop_ && now < s_.end() && !p_.stopping) send_audio();
    if (answered_ == 1 && s_.opt->mode == Mode::idle) wake();
  }

  void send_audio() {
    const auto now = Clock::now();
    sent_at_.push_back(now);
    if (s_.in_window(now)) {
      ++p_.sent;
      ++in_window_unanswered_;
    }
    (void)conn_.send(s_.audio_opcode,
                     {reinterpret_cast<const std::uint8_t*>(s_.audio.data()), s_.audio.size()});
  }

  // Sleeps until `deadline`, or until woken (a message, the end of the connection, the stop).
  asio::awaitable<void> sleep_until(Clock::time_point deadline) {
    timer_.expires_at(deadline);
    co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  void wake() { timer_.cancel(); }

  net::ws::Connection& conn() { return conn_; }
  bool ready_ = false;
  bool done_ = false;          // the connection's run() returned
  bool closing_ = false;       // we started the close
  bool closed_loop_ = false;
  std::uint64_t answered_ = 0;
  std::int64_t in_window_unanswered_ = 0;

 private:
  Shared& s_;
  PerShard& p_;
  net::ws::Connection& conn_;
  asio::steady_timer timer_;
  std::deque<Clock::time_point> sent_at_;
};

void release_slot(PerShard& p) {
  --p.connecting;
  if (p.launch_wake) p.launch_wake->cancel();
}

// Streaming: closed loop (the answer sends the next message), or paced from a phase spread over
// the interval (golden-ratio steps), as independent callers would, instead of every session
// sending in the same instant.
asio::awaitable<void> stream(Shared& s, PerShard& p, Client& c, int id) {
  const BenchOptions& o = *s.opt;
  if (o.interval.count() == 0) {
    c.closed_loop_ = true;
    c.send_audio();
    co_return;
  }
  const double phase = std::fmod(id * 0.6180339887, 1.0);
  auto next = Clock::now() + duration_cast<Clock::duration>(o.interval * phase);
  co_await c.sleep_until(next);
  while (!c.done_ && !p.stopping && Clock::now() < s.end()) {
    c.send_audio();
    next += o.interval;
    co_await c.sleep_until(next);
  }
}

// One session (stream, idle) or one churn loop (a session after another until the stop).
asio::awaitable<void> run_client(Shared& s, PerShard& p, core::Shard& shard, int id) {
  const BenchOptions& o = *s.opt;
  bool holds_slot = o.mode != Mode::churn;
  do {
    const auto t0 = Clock::now();
    auto outcome = co_await net::ws::connect_websocket(s.request, shard.receive_buffer());
    if (!outcome.connection) {
      ++p.connect_failed;
      if (holds_slot) {
        release_slot(p);
        s.failed.fetch_add(1);
        break;
      }
      // A churn loop backs off briefly so a refusing target is not hammered in a tight loop.
      asio::steady_timer t(shard.context(), std::chrono::milliseconds(10));
      co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    net::ws::Connection& conn = *outcome.connection;
    Client c(s, p, conn);
    p.live.push_back(&c);
    asio::co_spawn(
        shard.context(),
        [&]() -> asio::awaitable<void> {
          co_await conn.run(c);
          c.done_ = true;
          c.wake();
        },
        asio::detached);
    if (!s.opening.empty()) (void)conn.send_text(s.opening);
    if (o.protocol == Protocol::raw) c.ready_ = true;
    const auto give_up = t0 + o.connect_timeout;
    while (!c.ready_ && !c.done_ && Clock::now() < give_up && !p.stopping)
      co_await c.sleep_until(give_up);
    if (holds_slot) release_slot(p);
    holds_slot = false;

    if (c.ready_ && !c.done_) {
      const auto now = Clock::now();
      if (o.mode != Mode::churn || s.in_window(now))
        p.setup.record(static_cast<std::uint64_t>(duration_cast<microseconds>(now - t0).count()));
      if (o.mode == Mode::churn) {
        if (s.in_window(now)) ++p.churned;
      } else {
        s.ready.fetch_add(1);
        if (o.mode == Mode::idle) {
          c.send_audio();
          while (c.answered_ == 0 && !c.done_ && !p.stopping) co_await c.sleep_until(kNever);
          if (c.answered_ > 0) s.primed.fetch_add(1);
        } else {
          // Streams start together once every session is ready, so set-up happens without load.
          while (!p.go && !c.done_ && !p.stopping) co_await c.sleep_until(kNever);
          if (!c.done_ && !p.stopping) co_await stream(s, p, c, id);
        }
        while (!c.done_ && !p.stopping) co_await c.sleep_until(kNever);
      }
    } else if (!p.stopping) {
      ++p.not_ready;  // refused or dropped during its set-up exchange, or too slow
      if (o.mode != Mode::churn) s.failed.fetch_add(1);
    }
    if (!c.done_) {
      c.closing_ = true;
      conn.close(1000, "done");
    } else if (c.ready_ && !p.stopping) {
      ++p.closed_early;  // the other side ended a ready session before the run did
    }
    while (!c.done_) co_await c.sleep_until(kNever);
    p.unanswered += static_cast<std::uint64_t>(std::max<std::int64_t>(0, c.in_window_unanswered_));
    std::erase(p.live, &c);
  } while (o.mode == Mode::churn && !p.stopping);
  s.finished.fetch_add(1);
}

// Starts this shard's sessions, at most --max-connecting in their handshake at once.
asio::awaitable<void> launch(Shared& s, PerShard& p, core::Shard& shard, int threads) {
  const BenchOptions& o = *s.opt;
  asio::steady_timer wake(shard.context());
  p.launch_wake = &wake;
  const int limit = std::max(1, o.max_connecting / threads);
  for (int i = shard.index(); i < o.sessions && !p.stopping; i += threads) {
    while (o.mode != Mode::churn && p.connecting >= limit) {
      wake.expires_at(kNever);
      co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (o.mode != Mode::churn) ++p.connecting;
    asio::co_spawn(shard.context(), run_client(s, p, shard, i), asio::detached);
  }
  p.launch_wake = nullptr;
}

void raise_fd_limit(int sessions, std::vector<std::string>& warnings) {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) != 0) return;
  r.rlim_cur = r.rlim_max;
  setrlimit(RLIMIT_NOFILE, &r);
  if (r.rlim_cur < static_cast<rlim_t>(sessions) + 64)
    warnings.push_back("RLIMIT_NOFILE " + std::to_string(r.rlim_cur) + " is below the " +
                       std::to_string(sessions) + " sessions asked for (raise it with ulimit -n)");
}

void signal_and_wait(const BenchOptions& o) {
  if (o.gc_signal == 0) return;
  for (int pid : o.target_pids) ::kill(pid, o.gc_signal);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
}

void sleep_until(Clock::time_point t) {
  while (Clock::now() < t) std::this_thread::sleep_until(t);
}

template <class Pred>
bool wait_for(Pred done, Clock::time_point deadline) {
  while (!done()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace

BenchResult run_bench(const BenchOptions& opt) {
  BenchResult r;
  r.requested = opt.sessions;
  r.generator_cpus = allowed_cpus();
  raise_fd_limit(opt.sessions, r.warnings);

  Shared s;
  s.opt = &opt;
  s.opening = opening_message(opt.protocol);
  const unsigned rate = opt.rate ? opt.rate : default_rate(opt.protocol);
  const std::size_t bytes = opt.audio_bytes ? opt.audio_bytes : std::size_t{rate} * 2 * opt.chunk_ms / 1000;
  s.audio = audio_message(opt.protocol, bytes, rate);
  r.rate = rate;
  r.pcm_bytes = bytes;
  r.message_bytes = s.audio.size();
  s.audio_opcode = opt.protocol == Protocol::raw ? net::ws::Opcode::binary : net::ws::Opcode::text;

  // The URL: scheme, host and port through parse_base_url; the rest is the request target.
  const auto scheme_end = opt.url.find("://");
  const auto path_start = opt.url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  auto parsed = net::http::parse_base_url(opt.url.substr(0, path_start));
  if (!parsed) {
    r.warnings.push_back("cannot parse --url " + opt.url);
    r.connect_failed = opt.sessions;
    return r;
  }
  s.request.url = *parsed;
  s.request.target = path_start == std::string::npos ? "/" : opt.url.substr(path_start);
  s.request.timeout = opt.connect_timeout;
  if (!opt.bearer.empty()) s.request.headers.emplace_back("Authorization", "Bearer " + opt.bearer);
  std::unique_ptr<net::tls::TlsContext> tls;
  if (parsed->tls) {
    auto ctx = net::tls::TlsContext::client(opt.ca_file, true);
    if (!ctx) {
      r.warnings.push_back(std::string("TLS client context: ") + ctx.error().message);
      r.connect_failed = opt.sessions;
      return r;
    }
    tls = std::make_unique<net::tls::TlsContext>(std::move(*ctx));
    s.request.tls = tls.get();
  }

  auto engine = core::Engine::create(opt.threads, /*pin=*/false);
  if (!engine) {
    r.warnings.push_back(std::string("engine: ") + engine.error().message);
    r.connect_failed = opt.sessions;
    return r;
  }
  std::vector<PerShard> per(static_cast<std::size_t>(opt.threads));

  signal_and_wait(opt);
  r.rss_before = opt.target_pids.empty() ? -1 : total_rss_bytes(opt.target_pids);
  const auto t0 = Clock::now();
  if (opt.mode == Mode::churn) {
    s.window_start = ticks(t0 + opt.warmup);
    s.window_end = ticks(t0 + opt.warmup + opt.duration);
  }
  (*engine)->start([&](core::Shard& shard) {
    asio::co_spawn(shard.context(),
                   launch(s, per[static_cast<std::size_t>(shard.index())], shard, opt.threads),
                   asio::detached);
  });

  // Every session ready (or failed); idle sessions also had their one round trip.
  const auto open_deadline = t0 + opt.connect_timeout + std::chrono::seconds(10) +
                             std::chrono::milliseconds(2 * static_cast<long>(opt.sessions));
  if (opt.mode != Mode::churn) {
    if (!wait_for([&] { return s.ready.load() + s.failed.load() >= opt.sessions; }, open_deadline))
      r.warnings.push_back("not every session finished its set-up in time");
    r.open_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (opt.mode == Mode::idle)
      wait_for([&] { return s.primed.load() + s.failed.load() >= opt.sessions; },
               Clock::now() + opt.connect_timeout);
  }

  // Streaming starts on every shard.
  auto post_all = [&](auto fn) {
    for (auto& shard : **engine) {
      PerShard* p = &per[static_cast<std::size_t>(shard->index())];
      shard->post([p, fn] {
        fn(*p);
        if (p->launch_wake) p->launch_wake->cancel();
        for (Client* c : p->live) c->wake();
      });
    }
  };
  if (opt.mode == Mode::stream) post_all([](PerShard& p) { p.go = true; });

  // The measured window.
  Clock::time_point w0, w1;
  double tcpu0 = -1, ucpu0 = -1, gcpu0 = 0;
  CpuSplit split0;
  MachineCpu m0;
  auto sample_start = [&] {
    w0 = Clock::now();
    m0 = machine_cpu();
    tcpu0 = opt.target_pids.empty() ? -1 : total_cpu_seconds(opt.target_pids);
    split0 = opt.target_pids.empty() ? CpuSplit{} : total_cpu_split(opt.target_pids);
    ucpu0 = opt.upstream_pids.empty() ? -1 : total_cpu_seconds(opt.upstream_pids);
    gcpu0 = self_cpu_seconds();
  };
  auto sample_end = [&] {
    w1 = Clock::now();
    const double t = opt.target_pids.empty() ? -1 : total_cpu_seconds(opt.target_pids);
    const CpuSplit split1 = opt.target_pids.empty() ? CpuSplit{} : total_cpu_split(opt.target_pids);
    if (split0.user >= 0 && split1.user >= 0) {
      r.target_user = split1.user - split0.user;
      r.target_system = split1.system - split0.system;
    }
    const double u = opt.upstream_pids.empty() ? -1 : total_cpu_seconds(opt.upstream_pids);
    r.generator_cpu = self_cpu_seconds() - gcpu0;
    const MachineCpu m1 = machine_cpu();
    r.machine_busy = m1.process - m0.process;
    r.machine_interrupt = m1.interrupt - m0.interrupt;
    r.machine_steal = m1.steal - m0.steal;
    if (t >= 0 && tcpu0 >= 0) r.target_cpu = t - tcpu0;
    if (u >= 0 && ucpu0 >= 0) r.upstream_cpu = u - ucpu0;
    r.window_seconds = std::chrono::duration<double>(w1 - w0).count();
  };
  if (opt.mode == Mode::idle) {
    std::this_thread::sleep_for(opt.settle);
    signal_and_wait(opt);
    if (!opt.target_pids.empty()) r.rss_after = total_rss_bytes(opt.target_pids);
    sample_start();
    std::this_thread::sleep_for(opt.duration);
    sample_end();
  } else {
    if (opt.mode == Mode::stream) {
      const auto start = Clock::now() + opt.warmup;
      s.window_start = ticks(start);
      s.window_end = ticks(start + opt.duration);
    }
    sleep_until(s.start());
    sample_start();
    sleep_until(s.end());
    sample_end();
    if (opt.mode == Mode::stream && !opt.target_pids.empty())
      r.rss_after = total_rss_bytes(opt.target_pids);
    // Answers to the window's last messages are still on their way.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }

  // The stop: every shard closes its sessions; churn loops end after their current session.
  post_all([](PerShard& p) { p.stopping = true; });
  if (!wait_for([&] { return s.finished.load() >= opt.sessions; },
                Clock::now() + std::chrono::seconds(5)))
    r.warnings.push_back("some sessions had not closed 5 s after the stop (the target is behind)");
  (*engine)->finish(std::chrono::seconds(2));

  r.ready = s.ready.load();
  for (auto& p : per) {
    r.sent += p.sent;
    r.answers += p.answers;
    r.unanswered += p.unanswered;
    r.churned += p.churned;
    r.connect_failed += p.connect_failed;
    r.not_ready += p.not_ready;
    r.closed_early += p.closed_early;
    r.rtt.merge(p.rtt);
    r.setup.merge(p.setup);
  }
  return r;
}

}  // namespace sy::bench
