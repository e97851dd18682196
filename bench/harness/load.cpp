#include "bench/harness/load.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <atomic>
#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "bench/harness/proc_stats.h"
#include "codec/audio/base64.h"
#include "core/engine/engine.h"
#include "net/conn/ws_connector.h"
#include "net/http/base_url.h"
#include "net/tls/tls_context.h"

namespace sy::bench {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

std::string base64(const std::string& in) {
  std::string out;
  codec::audio::base64_encode_append(
      {reinterpret_cast<const std::uint8_t*>(in.data()), in.size()}, out);
  return out;
}

// The message every session sends, built once.
std::string make_message(const LoadOptions& o) {
  std::string pcm(o.audio_bytes, '\0');
  for (std::size_t i = 0; i + 1 < pcm.size(); i += 2) {
    auto s = static_cast<std::int16_t>(8000.0 * ((i / 2) % 48 < 24 ? 1 : -1));
    pcm[i] = static_cast<char>(s & 0xff);
    pcm[i + 1] = static_cast<char>((s >> 8) & 0xff);
  }
  switch (o.protocol) {
    case Protocol::openai:
      return R"({"type":"input_audio_buffer.append","audio":")" + base64(pcm) + "\"}";
    case Protocol::gemini:
      return R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":")" +
             base64(pcm) + "\"}}}";
    default:
      return pcm;
  }
}

bool is_answer(Protocol p, std::span<const std::uint8_t> m) {
  std::string_view s(reinterpret_cast<const char*>(m.data()), m.size());
  switch (p) {
    case Protocol::openai:
      return s.find("output_audio.delta") != s.npos || s.find("response.audio.delta") != s.npos;
    case Protocol::gemini: return s.find("inlineData") != s.npos;
    default: return true;
  }
}

struct Shared {
  const LoadOptions* opt = nullptr;
  std::string message;
  net::ws::ConnectRequest request;
  Clock::time_point measure_from, stop_at;
  std::atomic<int> open{0}, errors{0}, finished{0};
};

struct PerShard {
  std::uint64_t sent = 0, received = 0;
  LatencyHistogram rtt;
};

class Session final : public net::ws::Handler {
 public:
  Session(Shared& s, PerShard& p) : s_(s), p_(p) {}

  void on_message(net::ws::Connection& c, net::ws::Opcode, std::span<std::uint8_t> m) override {
    if (!is_answer(s_.opt->protocol, m) || sent_at_.empty()) return;
    auto now = Clock::now();
    if (sent_at_.front() >= s_.measure_from && now < s_.stop_at) {
      p_.rtt.record(static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(now - sent_at_.front()).count()));
      ++p_.received;
    }
    sent_at_.pop_front();
    if (s_.opt->interval.count() == 0) send(c);
  }

  void send(net::ws::Connection& c) {
    auto now = Clock::now();
    if (now >= s_.stop_at) return;
    sent_at_.push_back(now);
    if (now >= s_.measure_from) ++p_.sent;
    auto op = s_.opt->protocol == Protocol::raw ? net::ws::Opcode::binary : net::ws::Opcode::text;
    (void)c.send(op, {reinterpret_cast<const std::uint8_t*>(s_.message.data()), s_.message.size()});
  }

 private:
  Shared& s_;
  PerShard& p_;
  std::deque<Clock::time_point> sent_at_;
};

asio::awaitable<void> run_session(Shared& s, PerShard& p, core::Shard& shard) {
  auto o = co_await net::ws::connect_websocket(s.request, shard.receive_buffer());
  if (!o.connection) {
    s.errors.fetch_add(1);
    s.finished.fetch_add(1);
    co_return;
  }
  s.open.fetch_add(1);
  auto& conn = *o.connection;
  Session session(s, p);
  auto ex = conn.transport().socket().get_executor();
  bool done = false;
  asio::steady_timer wake(ex);
  asio::co_spawn(
      ex,
      [&]() -> asio::awaitable<void> {
        co_await conn.run(session);
        done = true;
        wake.cancel();
      },
      asio::detached);
  // Paced sending, or one message to start a closed loop; then close at the end time.
  asio::steady_timer t(ex);
  if (s.opt->interval.count() == 0) {
    session.send(conn);
  } else {
    auto next = Clock::now();
    while (Clock::now() < s.stop_at && !done) {
      session.send(conn);
      next += s.opt->interval;
      t.expires_at(next);
      co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }
  if (!done) {
    t.expires_at(s.stop_at);
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    conn.close(1000, "done");
  }
  while (!done) {
    wake.expires_at(Clock::time_point::max());
    co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  s.finished.fetch_add(1);
}

}  // namespace

LoadResult run_load(const LoadOptions& opt) {
  LoadResult result;
  Shared s;
  s.opt = &opt;
  s.message = make_message(opt);
  // The URL: scheme, host, port from parse_base_url; the rest is the target.
  std::string url = opt.url;
  auto scheme_end = url.find("://");
  auto path_start = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  std::string base = path_start == std::string::npos ? url : url.substr(0, path_start);
  std::string target = path_start == std::string::npos ? "/" : url.substr(path_start);
  auto parsed = net::http::parse_base_url(base);
  if (!parsed) {
    result.connect_errors = opt.sessions;
    return result;
  }
  s.request.url = *parsed;
  s.request.target = target;
  if (!opt.bearer.empty()) s.request.headers.emplace_back("Authorization", "Bearer " + opt.bearer);
  std::unique_ptr<net::tls::TlsContext> tls;
  if (parsed->tls) {
    auto ctx = net::tls::TlsContext::client(opt.ca_file, true);
    if (ctx) tls = std::make_unique<net::tls::TlsContext>(std::move(*ctx));
    s.request.tls = tls.get();
  }

  auto engine = core::Engine::create(opt.threads, /*pin=*/false);
  if (!engine) {
    result.connect_errors = opt.sessions;
    return result;
  }
  std::vector<PerShard> per(static_cast<std::size_t>(opt.threads));
  auto t0 = Clock::now();
  // Sessions start over the first second or so; measurement begins after the warm-up.
  s.measure_from = t0 + opt.warmup;
  s.stop_at = s.measure_from + opt.duration;
  double cpu0 = self_cpu_seconds();
  (*engine)->start([&](core::Shard& shard) {
    for (int i = shard.index(); i < opt.sessions; i += opt.threads)
      asio::co_spawn(shard.context(), run_session(s, per[static_cast<std::size_t>(shard.index())], shard),
                     asio::detached);
  });
  while (s.open.load() + s.errors.load() < opt.sessions && Clock::now() < s.stop_at)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  result.setup_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  while (s.finished.load() < opt.sessions &&
         Clock::now() < s.stop_at + std::chrono::seconds(10))
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  (*engine)->finish(std::chrono::seconds(2));
  result.generator_cpu_seconds = self_cpu_seconds() - cpu0;
  result.sessions_open = s.open.load();
  result.connect_errors = s.errors.load();
  result.seconds = std::chrono::duration<double>(s.stop_at - s.measure_from).count();
  for (auto& p : per) {
    result.sent += p.sent;
    result.received += p.received;
    result.rtt.merge(p.rtt);
  }
  return result;
}

}  // namespace sy::bench
