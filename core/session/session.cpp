#include "core/session/session.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>

#include "core/base/log.h"
#include "core/session/sim_upstream.h"
#include "core/session/ws_upstream.h"

namespace sy::core {

namespace asio = boost::asio;
using codec::translate::Clock;
using codec::translate::Dialect;
namespace tr = codec::translate;

namespace {

tr::Opcode to_tr(net::ws::Opcode op) {
  return op == net::ws::Opcode::binary ? tr::Opcode::binary : tr::Opcode::text;
}
net::ws::Opcode to_ws(tr::Opcode op) {
  return op == tr::Opcode::binary ? net::ws::Opcode::binary : net::ws::Opcode::text;
}
std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
std::string_view view_of(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
metrics::Core metrics_core(config::Core c) {
  switch (c) {
    case config::Core::openai: return metrics::Core::openai;
    case config::Core::gemini: return metrics::Core::gemini;
    case config::Core::azure: return metrics::Core::azure;
    default: return metrics::Core::sim;
  }
}

// The model a Gemini client names in its setup ("models/x" or "x"), found without a full decode.
std::string setup_model(std::string_view frame) {
  auto key = frame.find("\"model\"");
  if (key == std::string_view::npos) return {};
  auto q1 = frame.find('"', frame.find(':', key) + 1);
  if (q1 == std::string_view::npos) return {};
  auto q2 = frame.find('"', q1 + 1);
  if (q2 == std::string_view::npos) return {};
  std::string m(frame.substr(q1 + 1, q2 - q1 - 1));
  if (m.rfind("models/", 0) == 0) m.erase(0, 7);
  return m;
}

}  // namespace

metrics::Gauge Session::sessions_gauge() const {
  if (!services_.gm || !metrics_core_) return {};  // a default handle discards
  auto dialect = spec_.dialect == Dialect::openai ? metrics::Dialect::openai : metrics::Dialect::gemini;
  return services_.gm->sessions[metrics::idx(dialect)][metrics::idx(*metrics_core_)];
}

struct Session::Leg final : UpstreamSink {
  Session& session;
  std::unique_ptr<Upstream> upstream;
  bool retired = false;  // replaced or failed: its frames no longer reach the conversation

  Leg(Session& s, std::unique_ptr<Upstream> u) : session(s), upstream(std::move(u)) {}
  void on_upstream_open() override { session.leg_open(*this); }
  void on_upstream_message(net::ws::Opcode op, std::span<std::uint8_t> payload,
                           std::size_t readable) override {
    session.leg_message(*this, op, payload, readable);
  }
  void on_upstream_drain() override { session.leg_drain(*this); }
  void on_upstream_closed(std::uint16_t code, std::string_view reason) override {
    session.leg_closed(*this, code, reason);
  }
};

Session::Session(const SessionServices& services, const ShardServices& shard, SessionSpec spec,
                 const asio::any_io_executor& executor)
    : services_(services),
      shard_(shard),
      spec_(std::move(spec)),
      timer_(executor),
      upstream_done_(executor),
      watchdog_(executor) {}

Session::~Session() { *alive_ = false; }

net::awaitable<void> Session::run(net::ws::Connection& client) {
  client_ = &client;
  // A refusal (unknown core) queues an error and a close; run() still completes the handshake.
  if (spec_.core) (void)begin_upstream(spec_.model);
  arm_watchdog();
  co_await client.run(*this);
  ended_ = true;
  timer_.cancel();
  watchdog_.cancel();
  for (auto& leg : legs_) leg->upstream->close(1000, "client left");
  while (!legs_.empty()) {
    boost::system::error_code ec;
    upstream_done_.expires_at(asio::steady_timer::time_point::max());
    co_await upstream_done_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  if (metrics_core_) sessions_gauge().dec(shard_.shard);
}

bool Session::begin_upstream(const std::string& model) {
  config::Core core = spec_.core ? *spec_.core : services_.cfg->core_for_model(model);
  spec_.core = core;
  const providers::Provider* provider = services_.providers->find(core);
  if (!provider) {
    refuse_client(1008, std::string("core ") + std::string(config::core_name(core)) +
                            " is not configured on this gateway");
    return false;
  }
  auto plan = provider->plan(providers::SessionRequest{model});
  if (!plan) {
    refuse_client(1011, plan.error().message);
    return false;
  }
  plan_ = std::move(*plan);
  tr::TranslatorOptions opts;
  opts.openai_beta = spec_.openai_beta;
  opts.gemini_model = "models/" + plan_.model;
  opts.reported_model = plan_.model;
  opts.id_seed = std::random_device{}();
  translator_ = tr::make_translator(spec_.dialect, plan_.dialect, opts);
  metrics_core_ = metrics_core(core);
  sessions_gauge().inc(shard_.shard);
  start_leg(current_);
  out_.clear();
  translator_->on_client_open(Clock::now(), out_);
  dispatch(net::ws::Opcode::text, {}, {});
  return true;
}

void Session::start_leg(Leg*& slot) {
  std::unique_ptr<Upstream> up;
  auto ex = client_->transport().socket().get_executor();
  if (plan_.in_process) {
    providers::sim::SimOptions sim;
    sim.face = providers::sim::Face::openai;
    sim.model = plan_.model;
    sim.session_id = spec_.session_id;
    up = std::make_unique<SimUpstream>(ex, sim);
  } else {
    net::ws::ConnectRequest req;
    req.url = plan_.url;
    req.target = plan_.target;
    req.headers = plan_.headers;
    req.tls = services_.upstream_tls;
    req.limits.max_message_bytes = services_.cfg->max_message_bytes;
    up = std::make_unique<WsUpstream>(std::move(req), shard_.receive_buffer,
                                      &shard_.upstream_metrics);
  }
  legs_.push_back(std::make_unique<Leg>(*this, std::move(up)));
  Leg* leg = legs_.back().get();
  // Assigned before the spawn: co_spawn dispatches, so the upstream may open (and the in-process
  // simulator speak) before co_spawn returns.
  slot = leg;
  auto alive = alive_;
  asio::co_spawn(
      ex,
      [this, leg, alive]() -> net::awaitable<void> {
        co_await leg->upstream->run(*leg);
        if (*alive) leg_done(*leg);
      },
      asio::detached);
}

void Session::leg_done(Leg& leg) {
  if (current_ == &leg) current_ = nullptr;
  if (next_ == &leg) next_ = nullptr;
  std::erase_if(legs_, [&](const auto& l) { return l.get() == &leg; });
  if (legs_.empty()) upstream_done_.cancel();
}

void Session::refuse_client(std::uint16_t code, std::string_view reason) {
  SY_INFO("session %s refused: %.*s", spec_.session_id.c_str(), static_cast<int>(reason.size()),
          reason.data());
  if (spec_.dialect == Dialect::openai) {
    // OpenAI clients expect an error event before the close.
    std::string ev = R"({"type":"error","event_id":"evt_gateway","error":{"type":"invalid_request_error","code":"upstream_unavailable","message":")";
    for (char c : reason) {
      if (c == '"' || c == '\\') ev += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) ev += c;
    }
    ev += "\"}}";
    (void)client_->send_text(ev);
  }
  client_->close(code, tr::close_reason(reason));
}

void Session::on_message(net::ws::Connection& c, net::ws::Opcode op,
                         std::span<std::uint8_t> payload) {
  last_activity_ = Clock::now();
  if (!translator_) {
    // A Gemini client's core follows from the model its setup names.
    if (!begin_upstream(setup_model(view_of(payload)))) return;
  }
  out_.clear();
  std::size_t readable = c.readable_from(payload.data());
  translator_->on_client_frame(view_of(payload), readable, to_tr(op), last_activity_, out_);
  dispatch(op, payload, {});
}

void Session::on_drain(net::ws::Connection&) {
  if (current_) current_->upstream->resume_reading();
}

void Session::leg_open(Leg& leg) {
  if (ended_ || leg.retired) return;
  if (auto* ws = dynamic_cast<WsUpstream*>(leg.upstream.get()); ws && services_.gm)
    services_.gm->upstream_connect_seconds[metrics::idx(*metrics_core_)].observe(
        shard_.shard, std::chrono::duration<double>(ws->connect_time()).count());
  if (&leg == next_) {
    // The replacement after a goAway is up: it takes over, resuming the provider session (the
    // translator sends setup with the latest handle), and the old connection is let go.
    Leg* old = current_;
    current_ = next_;
    next_ = nullptr;
    if (old) {
      old->retired = true;
      old->upstream->close(1000, "replaced after goAway");
    }
    upstream_open_ = true;
    out_.clear();
    translator_->on_upstream_reopened(Clock::now(), out_);
    dispatch(net::ws::Opcode::text, {}, {});
    SY_INFO("session %s: upstream replaced after goAway", spec_.session_id.c_str());
    return;
  }
  upstream_open_ = true;
  for (auto& [op, bytes] : pending_) (void)leg.upstream->send(op, bytes_of(bytes));
  pending_.clear();
  pending_.shrink_to_fit();
  pending_bytes_ = 0;
}

void Session::leg_message(Leg& leg, net::ws::Opcode op, std::span<std::uint8_t> payload,
                          std::size_t readable) {
  if (ended_ || !translator_ || &leg != current_) return;
  last_activity_ = Clock::now();
  out_.clear();
  translator_->on_upstream_frame(view_of(payload), readable, to_tr(op), last_activity_, out_);
  dispatch(op, {}, payload);
}

void Session::leg_drain(Leg& leg) {
  if (&leg == current_) client_->resume_reading();
}

void Session::leg_closed(Leg& leg, std::uint16_t code, std::string_view reason) {
  if (ended_ || !translator_ || leg.retired) return;
  if (&leg == next_) {
    // The replacement failed; the current connection carries on until the provider closes it.
    SY_WARN("session %s: reconnect after goAway failed: %.*s", spec_.session_id.c_str(),
            static_cast<int>(reason.size()), reason.data());
    leg.retired = true;
    next_ = nullptr;
    return;
  }
  if (&leg != current_) return;
  upstream_open_ = false;
  out_.clear();
  translator_->on_upstream_closed(code, reason, out_);
  dispatch(net::ws::Opcode::text, {}, {});
  // Without an upstream the conversation cannot go on; a translator that did not already close
  // the client (an OpenAI client gets an error event) is followed by a close.
  if (client_->is_open()) client_->close(code == 1000 ? 1011 : code, tr::close_reason(reason));
}

void Session::dispatch(net::ws::Opcode in_op, std::span<const std::uint8_t> in_client,
                       std::span<const std::uint8_t> in_upstream) {
  if (out_.forward_upstream) send_upstream(in_op, in_client);
  for (std::size_t i = 0; i < out_.upstream.size(); ++i)
    send_upstream(to_ws(out_.upstream.opcode(i)), bytes_of(out_.upstream.data(i)));
  if (out_.forward_client) send_client(in_op, in_upstream);
  for (std::size_t i = 0; i < out_.client.size(); ++i)
    send_client(to_ws(out_.client.opcode(i)), bytes_of(out_.client.data(i)));
  if (out_.close_client) client_->close(out_.close_client->code, out_.close_client->reason);
  if (out_.upstream_going_away_ms && !next_ && current_ && !ended_) {
    // The provider will close this connection soon: open the next one now, so the switch is
    // done before the old one goes.
    SY_INFO("session %s: provider goAway in %llu ms; reconnecting", spec_.session_id.c_str(),
            static_cast<unsigned long long>(*out_.upstream_going_away_ms));
    start_leg(next_);
  }
  arm_timer();
}

void Session::send_upstream(net::ws::Opcode op, std::span<const std::uint8_t> bytes) {
  if (upstream_open_ && current_) {
    if (current_->upstream->send(op, bytes) == net::ws::SendStatus::backpressure)
      client_->pause_reading();
    return;
  }
  if (pending_bytes_ + bytes.size() > kMaxPendingBytes) {
    refuse_client(1008, "too much input while the provider connection is being opened");
    return;
  }
  pending_bytes_ += bytes.size();
  pending_.emplace_back(op, std::string(view_of(bytes)));
}

void Session::send_client(net::ws::Opcode op, std::span<const std::uint8_t> bytes) {
  if (client_->send(op, bytes) == net::ws::SendStatus::backpressure && current_)
    current_->upstream->pause_reading();
}

void Session::arm_timer() {
  if (!translator_ || ended_) return;
  auto deadline = translator_->deadline();
  if (!deadline) return;
  timer_.expires_at(*deadline);
  auto alive = alive_;
  timer_.async_wait([this, alive](const boost::system::error_code& ec) {
    if (ec || !*alive || ended_) return;
    auto now = Clock::now();
    auto d = translator_->deadline();
    if (d && *d <= now) {
      out_.clear();
      translator_->on_timer(now, out_);
      dispatch(net::ws::Opcode::text, {}, {});
    } else {
      arm_timer();
    }
  });
}

void Session::arm_watchdog() {
  const auto idle = std::chrono::milliseconds(services_.cfg->idle_timeout_ms);
  const auto life = std::chrono::seconds(services_.cfg->max_session_seconds);
  auto at = std::chrono::steady_clock::time_point::max();
  if (idle.count() > 0) at = std::min(at, last_activity_ + idle);
  if (life.count() > 0) at = std::min(at, started_at_ + life);
  if (at == std::chrono::steady_clock::time_point::max()) return;
  watchdog_.expires_at(at);
  auto alive = alive_;
  watchdog_.async_wait([this, alive, idle, life](const boost::system::error_code& ec) {
    if (ec || !*alive || ended_) return;
    auto now = Clock::now();
    if (life.count() > 0 && now >= started_at_ + life) {
      client_->close(1000, "maximum session lifetime reached");
    } else if (idle.count() > 0 && now >= last_activity_ + idle) {
      client_->close(1000, "idle timeout");
    } else {
      arm_watchdog();
    }
  });
}

}  // namespace sy::core
