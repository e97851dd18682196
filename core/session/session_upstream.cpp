// Session: the core side — making the translator, opening upstream legs (a replacement after a
// goAway, a restore after a loss, a probe of the primary), and the failover policy's decisions.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "codec/translate/control.h"
#include "core/base/log.h"
#include "core/base/random.h"
#include "core/session/session.h"
#include "core/session/session_leg.h"
#include "core/session/session_host.h"
#include "core/session/sim_upstream.h"
#include "core/session/ws_upstream.h"

namespace sy::core {

namespace asio = boost::asio;
namespace conv = codec::conversation;
namespace tr = codec::translate;
using providers::SwitchReason;
using tr::Clock;

namespace {

// A Gemini core keeps a session it issued a handle for about two hours after the connection ends.
constexpr std::int64_t kHandleValidMs = 2 * 3600 * 1000;
// Same-core restores in a row, without an answer completing in between, before giving up.
constexpr int kMaxReconnects = 2;

metrics::Core metrics_core(config::Core c) {
  switch (c) {
    case config::Core::openai: return metrics::Core::openai;
    case config::Core::gemini: return metrics::Core::gemini;
    case config::Core::azure: return metrics::Core::azure;
    default: return metrics::Core::sim;
  }
}

metrics::SwitchCause switch_metric(SwitchReason r) {
  return static_cast<metrics::SwitchCause>(static_cast<int>(r));
}

std::string_view view_of(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace

bool Session::make_translator(config::Core core, const std::string& model) {
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
  opts.id_seed = base::random_u64();
  opts.client_handle = spec_.client_handle;
  translator_ = tr::make_translator(spec_.dialect, plan_.dialect, opts);
  if (metrics_core_) sessions_gauge().dec(host_.shard().shard);
  metrics_core_ = metrics_core(core);
  sessions_gauge().inc(host_.shard().shard);
  core_ = core;
  if (conv_.identity().core != config::core_name(core))
    record(conv::SetCore{config::core_name(core), model});
  if (!policy_) {
    const config::Config& cfg = *services_.cfg;
    providers::FailoverOptions o;
    o.latency_threshold = std::chrono::milliseconds(cfg.switch_latency_threshold_ms);
    o.slow_turns = cfg.switch_failure_count;
    o.response_timeout = std::chrono::milliseconds(cfg.switch_response_timeout_ms);
    o.cooldown = std::chrono::milliseconds(cfg.switch_cooldown_ms);
    auto fallback = cfg.fallback_for(core);
    auto back = fallback ? cfg.fallback_for(*fallback) : std::nullopt;
    // A fallback nobody can reach is no fallback.
    if (fallback && !services_.providers->find(*fallback)) fallback.reset();
    policy_.emplace(o, core, fallback, back, Clock::now());
  }
  return true;
}

bool Session::begin_upstream(const std::string& model, bool restore) {
  config::Core core = core_ ? *core_ : spec_.core ? *spec_.core : services_.cfg->core_for_model(model);
  if (!make_translator(core, model)) return false;
  start_leg(current_);
  out_.clear();
  if (restore) {
    restore_upstream();
  } else {
    translator_->on_client_open(Clock::now(), out_);
  }
  dispatch(net::ws::Opcode::text, {}, {}, 0);
  return true;
}

void Session::restore_upstream() {
  std::vector<codec::events::Item> items;
  std::vector<codec::events::ContentPart> parts;
  tr::Restore r;
  r.config = conv_.has_config() ? &conv_.config() : nullptr;
  r.history = conv_.history(items, parts);
  if (!conv_.upstream_handle().empty() &&
      unix_ms() - conv_.upstream_handle_unix_ms() < kHandleValidMs) {
    r.upstream_handle = conv_.upstream_handle();
    if (current_) current_->resumed_with_handle = true;
  }
  translator_->on_upstream_restore(r, Clock::now(), out_);
}

void Session::start_leg(Leg*& slot) { start_leg_with(slot, plan_, false); }

void Session::start_leg_with(Leg*& slot, const providers::UpstreamPlan& plan, bool probe) {
  std::unique_ptr<Upstream> up;
  const auto& ex = host_.executor();
  if (plan.in_process) {
    providers::sim::SimOptions sim;
    sim.face = providers::sim::Face::openai;
    sim.model = plan.model;
    sim.session_id = spec_.session_id;
    up = std::make_unique<SimUpstream>(ex, sim);
  } else {
    net::ws::ConnectRequest req;
    req.url = plan.url;
    req.target = plan.target;
    req.headers = plan.headers;
    req.tls = services_.upstream_tls;
    req.limits.max_message_bytes = services_.cfg->max_message_bytes;
    up = std::make_unique<WsUpstream>(std::move(req), host_.shard().receive_buffer,
                                      &host_.shard().upstream_metrics);
  }
  legs_.push_back(std::make_unique<Leg>(*this, std::move(up)));
  Leg* leg = legs_.back().get();
  // A probe carries nothing of the conversation; it only asks whether the core can be reached.
  leg->probe = probe;
  leg->retired = probe;
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
  if (probe_ && probe_->leg == &leg) probe_.reset();
  std::erase_if(legs_, [&](const auto& l) { return l.get() == &leg; });
  if (finished()) host_.session_finished(key_);
}

void Session::close_legs(std::uint16_t code, std::string_view reason) {
  for (auto& leg : legs_) {
    leg->retired = true;
    leg->upstream->close(code, reason);
  }
  current_ = next_ = nullptr;
  upstream_open_ = false;
}

void Session::leg_open(Leg& leg) {
  leg.opened = true;
  if (leg.probe) {
    leg.retired = true;
    leg.upstream->close(1000, "probe");
    probe_done(true);
    return;
  }
  if (ended_ || leg.retired) return;
  if (auto* ws = dynamic_cast<WsUpstream*>(leg.upstream.get()); ws && services_.gm)
    services_.gm->upstream_connect_seconds[metrics::idx(*metrics_core_)].observe(
        host_.shard().shard, std::chrono::duration<double>(ws->connect_time()).count());
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
    dispatch(net::ws::Opcode::text, {}, {}, 0);
    SY_INFO("session %s: upstream replaced after goAway", spec_.session_id.c_str());
    return;
  }
  upstream_open_ = true;
  for (auto& [op, bytes] : pending_)
    (void)leg.upstream->send(op, {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
  pending_.clear();
  pending_.shrink_to_fit();
  pending_bytes_ = 0;
}

void Session::leg_message(Leg& leg, net::ws::Opcode op, std::span<std::uint8_t> payload,
                          std::size_t readable) {
  if (ended_ || !translator_ || &leg != current_) return;
  leg.answered = true;
  last_activity_ = Clock::now();
  signals_.clear();
  out_.clear();
  translator_->on_upstream_frame(view_of(payload), readable,
                                 op == net::ws::Opcode::binary ? tr::Opcode::binary : tr::Opcode::text,
                                 last_activity_, out_);
  dispatch(op, {}, payload, readable);
  // A new handle from the core (Gemini) is journaled: a restore after a crash resumes with it.
  std::string_view handle = translator_->resumption_handle();
  if (!handle.empty() && handle != conv_.upstream_handle()) {
    record(conv::SetUpstreamHandle{handle, unix_ms()});
  }
  conv::Signals s = signals_;
  on_signals(s);
}

void Session::leg_drain(Leg& leg) {
  if (&leg == current_ && client_) client_->resume_reading();
}

void Session::leg_closed(Leg& leg, std::uint16_t code, std::string_view reason) {
  if (leg.probe) {
    if (!leg.opened) probe_done(false);
    return;
  }
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
  leg.retired = true;
  upstream_open_ = false;
  if (leg.resumed_with_handle && !leg.answered) {
    // The core did not take its handle back: the next restore replays the history instead.
    record(conv::SetUpstreamHandle{"", 0});
  }
  // 1007: the core refused what the client sent (a Gemini service's invalid argument); another
  // connection would be refused alike. Anything else is the core failing.
  if (code == 1007) {
    out_.clear();
    translator_->on_upstream_closed(code, reason, out_);
    dispatch(net::ws::Opcode::text, {}, {}, 0);
    close_client(code, reason, Closing::refused);
    return;
  }
  upstream_failed(code, reason, SwitchReason::failure);
}

void Session::upstream_failed(std::uint16_t code, std::string_view reason, SwitchReason why) {
  SY_WARN("session %s: upstream %s failed (%u): %.*s", spec_.session_id.c_str(),
          core_ ? std::string(config::core_name(*core_)).c_str() : "?", code,
          static_cast<int>(reason.size()), reason.data());
  if (policy_) {
    if (auto d = policy_->on_failure(why, Clock::now())) {
      switch_core(d->to, d->reason);
      return;
    }
  }
  if (code != 1008 && reconnects_ < kMaxReconnects) {
    // Same core, new connection, the conversation carried over.
    ++reconnects_;
    if (services_.gm) services_.gm->upstream_reconnects.inc(host_.shard().shard);
    if (current_) {
      current_->retired = true;
      current_->upstream->close(1000, "reconnecting");
    }
    const bool answer_due = tap_.in_flight().active || answer_due_ || turn_end_;
    out_.clear();
    translator_->end_answer(tr::InFlightAnswer{tap_.in_flight().active, tap_.in_flight().response_id},
                            "upstream_lost", out_);
    dispatch(net::ws::Opcode::text, {}, {}, 0);
    upstream_open_ = false;
    start_leg(current_);
    out_.clear();
    restore_upstream();
    // The user was waiting for an answer: the new connection gives it.
    if (answer_due) translator_->request_answer(out_);
    dispatch(net::ws::Opcode::text, {}, {}, 0);
    return;
  }
  // Nothing left to try: the client hears of it in its dialect, and the conversation stays in the
  // journal for a later resume.
  out_.clear();
  translator_->on_upstream_closed(code, reason, out_);
  dispatch(net::ws::Opcode::text, {}, {}, 0);
  if (client_ && client_->is_open()) client_->close(code == 1000 ? 1011 : code, tr::close_reason(reason));
  ended_ = true;
  timer_.cancel();
  policy_timer_.cancel();
  expiry_.cancel();
  close_legs(1000, "upstream failed");
  host_.put_dormant(key_, SessionHost::Dormant{std::move(conv_), unix_ms()});
  if (finished()) host_.session_finished(key_);
}

void Session::switch_core(config::Core to, SwitchReason why) {
  if (ended_ || !core_ || to == *core_) return;
  const config::Core from = *core_;
  if (!services_.providers->find(to)) return;
  // The user was waiting for (or hearing) an answer: the new core gives it.
  const bool answer_due = tap_.in_flight().active || answer_due_ || turn_end_;
  // The answer in flight ends as an interrupted one would, and the client is told why.
  out_.clear();
  translator_->end_answer(tr::InFlightAnswer{tap_.in_flight().active, tap_.in_flight().response_id},
                          providers::reason_name(why), out_);
  tr::encode_switch_notice(spec_.dialect, config::core_name(from), config::core_name(to),
                           providers::reason_name(why), out_.client);
  dispatch(net::ws::Opcode::text, {}, {}, 0);
  for (auto& leg : legs_) {
    if (leg->probe) continue;
    leg->retired = true;
    leg->upstream->close(1000, "switching core");
  }
  current_ = next_ = nullptr;
  upstream_open_ = false;
  if (!make_translator(to, "")) return;
  if (policy_) {
    auto fallback = services_.cfg->fallback_for(to);
    policy_->switched(to, why, Clock::now(), fallback);
  }
  if (services_.gm) services_.gm->switches[metrics::idx(switch_metric(why))].inc(host_.shard().shard);
  SY_INFO("session %s: core %s -> %s (%s)", spec_.session_id.c_str(),
          std::string(config::core_name(from)).c_str(), std::string(config::core_name(to)).c_str(),
          std::string(providers::reason_name(why)).c_str());
  reconnects_ = 0;
  pending_switch_.reset();
  turn_end_.reset();
  answer_due_.reset();
  start_leg(current_);
  out_.clear();
  restore_upstream();
  if (answer_due) translator_->request_answer(out_);
  dispatch(net::ws::Opcode::text, {}, {}, 0);
  arm_policy_timer();
}

void Session::on_signals(const conv::Signals& s) {
  if (ended_ || !policy_) return;
  const auto now = Clock::now();
  if (s.response_done) reconnects_ = 0;
  const auto& td = conv_.has_config() ? conv_.config().turn_detection : std::nullopt;
  const bool core_answers_turns =
      !td || (td->mode != codec::events::TurnDetectionMode::manual && td->create_response.value_or(true));
  const auto timeout = policy_->options().response_timeout;
  if (s.user_turn_ended) {
    turn_end_ = now;
    if (core_answers_turns && timeout.count() > 0) answer_due_ = now + timeout;
  }
  if (s.response_requested) {
    if (!turn_end_) turn_end_ = now;
    if (timeout.count() > 0) answer_due_ = now + timeout;
  }
  if (s.response_started || s.first_audio || s.response_done) answer_due_.reset();
  if (s.first_audio && turn_end_) {
    auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(now - *turn_end_);
    turn_end_.reset();
    if (services_.gm && metrics_core_)
      services_.gm->time_to_first_audio_seconds[metrics::idx(*metrics_core_)].observe(
          host_.shard().shard, std::chrono::duration<double>(latency).count());
    // The slow answer has begun: the user hears it out, and the next turn goes to the other core.
    if (auto d = policy_->on_turn_latency(latency, now)) pending_switch_ = d;
  }
  if (s.response_done && !s.first_audio) turn_end_.reset();
  if (s.core_error) {
    if (auto d = policy_->on_failure(SwitchReason::failure, now)) {
      switch_core(d->to, d->reason);
      return;
    }
  }
  if (pending_switch_ && !tap_.in_flight().active && !turn_end_) {
    auto d = *pending_switch_;
    switch_core(d.to, d.reason);
    return;
  }
  arm_policy_timer();
}

void Session::arm_policy_timer() {
  if (ended_ || !policy_) return;
  std::optional<Clock::time_point> at = answer_due_;
  if (auto p = policy_->next_probe(); p && !probe_ && !pending_switch_) at = at ? std::min(*at, *p) : *p;
  if (!at) {
    policy_timer_.cancel();
    return;
  }
  policy_timer_.expires_at(*at);
  auto alive = alive_;
  policy_timer_.async_wait([this, alive](const boost::system::error_code& ec) {
    if (ec || !*alive || ended_) return;
    const auto now = Clock::now();
    if (answer_due_ && *answer_due_ <= now) {
      answer_due_.reset();
      turn_end_.reset();
      SY_WARN("session %s: no answer from the core in time", spec_.session_id.c_str());
      if (auto d = policy_->on_failure(SwitchReason::timeout, now)) {
        switch_core(d->to, d->reason);
        return;
      }
    }
    if (policy_->wants_probe(now) && !probe_) start_probe();
    arm_policy_timer();
  });
}

void Session::start_probe() {
  const providers::Provider* provider = services_.providers->find(policy_->primary());
  if (!provider) return;
  auto plan = provider->plan(providers::SessionRequest{""});
  if (!plan) return;
  policy_->probe_started();
  probe_ = std::make_unique<Probe>();
  Leg* leg = nullptr;
  start_leg_with(leg, *plan, true);
  // An in-process core may have answered (and the probe ended) inside start_leg_with.
  if (probe_) probe_->leg = leg;
}

void Session::probe_done(bool healthy) {
  probe_.reset();
  if (ended_ || !policy_) return;
  if (auto d = policy_->on_probe(healthy, Clock::now())) {
    SY_INFO("session %s: %s is reachable again", spec_.session_id.c_str(),
            std::string(config::core_name(d->to)).c_str());
    pending_switch_ = d;
    if (!tap_.in_flight().active && !turn_end_) {
      switch_core(d->to, d->reason);
      return;
    }
  }
  arm_policy_timer();
}

}  // namespace sy::core
