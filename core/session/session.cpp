// Session: the client side (attach, detach, frames), the journal, and the plumbing between the
// translator's outputs and the two connections. The upstream side is in session_upstream.cpp.
#include "core/session/session.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "codec/translate/control.h"
#include "core/base/log.h"
#include "core/base/random.h"
#include "core/session/session_host.h"
#include "core/session/session_leg.h"

namespace sy::core {

namespace asio = boost::asio;
namespace conv = codec::conversation;
namespace tr = codec::translate;
using tr::Clock;

namespace {

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
std::string_view view_of(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
tr::Opcode to_tr(net::ws::Opcode op) {
  return op == net::ws::Opcode::binary ? tr::Opcode::binary : tr::Opcode::text;
}

metrics::TranslationError fault_metric(tr::TranslationFault f) {
  switch (f) {
    case tr::TranslationFault::malformed: return metrics::TranslationError::malformed_json;
    case tr::TranslationFault::unknown: return metrics::TranslationError::unknown_event;
    case tr::TranslationFault::unsupported: return metrics::TranslationError::unsupported;
    case tr::TranslationFault::audio: return metrics::TranslationError::audio;
  }
  return metrics::TranslationError::malformed_json;
}

std::uint32_t output_bytes_per_ms(const conv::Conversation& c) {
  if (!c.has_config() || !c.config().output_format) return 48;
  const auto& f = *c.config().output_format;
  if (f.encoding != codec::events::AudioEncoding::pcm16) return 8;  // G.711: 8 kHz, a byte each
  return f.sample_rate * 2 / 1000;
}

}  // namespace

Session::Session(SessionHost& host, SessionSpec spec, std::uint64_t key)
    : host_(host),
      services_(host.services()),
      spec_(std::move(spec)),
      key_(key),
      tap_(spec_.dialect, spec_.openai_beta, base::random_u64()),
      timer_(host.executor()),
      upstream_done_(host.executor()),
      watchdog_(host.executor()),
      expiry_(host.executor()),
      policy_timer_(host.executor()) {}

Session::~Session() {
  *alive_ = false;
  if (metrics_core_) sessions_gauge().dec(host_.shard().shard);
}

std::int64_t Session::unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

metrics::Gauge Session::sessions_gauge() const {
  if (!services_.gm || !metrics_core_) return {};  // a default handle discards
  auto dialect = spec_.dialect == tr::Dialect::openai ? metrics::Dialect::openai
                                                       : metrics::Dialect::gemini;
  return services_.gm->sessions[metrics::idx(dialect)][metrics::idx(*metrics_core_)];
}

// ---------------------------------------------------------------- the journal

void Session::record(const conv::Delta& d) {
  if (auto* log = host_.log()) {
    if (auto st = log->append(key_, d, unix_ms()); !st) host_.journal_error(st.error());
    else if (services_.gm) services_.gm->journal_records.inc(host_.shard().shard);
  }
  conv_.apply(d);
  if (std::holds_alternative<conv::SetConfig>(d)) tap_.set_output_bytes_per_ms(output_bytes_per_ms(conv_));
}

void Session::record_all() {
  if (deltas_.empty()) return;
  for (const conv::Delta& d : deltas_) record(d);
  deltas_.clear();
  if (auto* log = host_.log()) {
    if (auto st = log->maybe_snapshot(key_, conv_, unix_ms()); !st) host_.journal_error(st.error());
  }
}

void Session::begin_new() {
  conv::Identity id{spec_.account, spec_.session_id, spec_.dialect, spec_.openai_beta,
                    spec_.core ? std::string(config::core_name(*spec_.core)) : std::string(),
                    spec_.model};
  record(conv::SetIdentity{&id});
}

void Session::begin_restored(conv::Conversation conversation) {
  conv_ = std::move(conversation);
  restored_ = true;
  tap_.set_output_bytes_per_ms(output_bytes_per_ms(conv_));
  // This shard's journal now carries the conversation, whole.
  if (auto* log = host_.log()) {
    if (auto st = log->snapshot(key_, conv_, unix_ms()); !st) host_.journal_error(st.error());
  }
  if (auto core = config::parse_core(conv_.identity().core)) {
    core_ = *core;
    (void)begin_upstream(conv_.identity().model, true);
  }
}

// ---------------------------------------------------------------- the client

net::awaitable<void> Session::serve(net::ws::Connection& client, bool resumed, std::string first,
                                    net::ws::Opcode first_op) {
  ++serving_;
  if (client_) {
    // The client is back on a new connection while the old one still looks open.
    client_->close(1000, "replaced by a newer connection to this session");
  }
  client_ = &client;
  closing_ = Closing::none;
  expiry_.cancel();
  last_activity_ = Clock::now();
  if (!ended_) {
    if (resumed && translator_) {
      out_.clear();
      tr::Resume r;
      r.config = conv_.has_config() ? &conv_.config() : nullptr;
      r.session_id = conv_.client_session_id();
      translator_->on_client_resume(r, last_activity_, out_);
      dispatch(net::ws::Opcode::text, {}, {}, 0);
      flush_held();
    } else if (!translator_ && (spec_.core || core_)) {
      (void)begin_upstream(spec_.model, restored_);
    }
    if (!first.empty() && !ended_ && client_ == &client) {
      const std::size_t n = first.size();
      first.resize(n + 64, '\0');  // the padding simdjson parses in place with
      client_frame(first_op, {reinterpret_cast<std::uint8_t*>(first.data()), n}, first.size());
    }
    arm_watchdog();
  }
  net::ws::CloseInfo info = co_await client.run(*this);
  detach(client, info);
  --serving_;
  if (finished()) host_.session_finished(key_);
}

void Session::detach(net::ws::Connection& client, const net::ws::CloseInfo& info) {
  if (client_ != &client) return;  // replaced: the newer connection carries on
  client_ = nullptr;
  watchdog_.cancel();
  if (ended_) return;
  const bool ttl = host_.ttl_ms() > 0;
  // A close frame from the client means it is done for now; only a vanished connection (1006)
  // or one that is "going away" (1001: a browser tab, a reload) is a drop it may come back from.
  const bool closed_normally = !info.sent_by_us && info.code != 1006 && info.code != 1001;
  switch (closing_) {
    case Closing::lifetime:
    case Closing::refused:
      end(closing_ == Closing::lifetime ? "maximum session lifetime" : "refused", false);
      return;
    case Closing::idle:
    case Closing::none:
    case Closing::replaced:
      break;
  }
  if (!ttl) {
    end("client left", false);
  } else if (closed_normally || closing_ == Closing::idle) {
    // The client is done for now: the core is let go, the conversation waits in the journal.
    ended_ = true;
    timer_.cancel();
    policy_timer_.cancel();
    close_legs(1000, "client left");
    host_.put_dormant(key_, SessionHost::Dormant{std::move(conv_), unix_ms()});
    if (finished()) host_.session_finished(key_);
  } else {
    // A dropped connection: the core is kept and what it says is held for the client's return.
    SY_INFO("session %s: client dropped (%u); kept for %lld s", spec_.session_id.c_str(),
            info.code, static_cast<long long>(host_.ttl_ms() / 1000));
    arm_expiry();
  }
}

void Session::arm_expiry() {
  expiry_.expires_after(std::chrono::milliseconds(host_.ttl_ms()));
  auto alive = alive_;
  expiry_.async_wait([this, alive](const boost::system::error_code& ec) {
    if (ec || !*alive || ended_ || client_) return;
    end("expired", false);
  });
}

void Session::end(std::string_view reason, bool resumable) {
  if (ended_) return;
  ended_ = true;
  timer_.cancel();
  watchdog_.cancel();
  expiry_.cancel();
  policy_timer_.cancel();
  if (client_) client_->close(resumable ? 1001 : 1000, reason);
  close_legs(1000, reason);
  if (!resumable) {
    if (auto* log = host_.log()) {
      if (auto st = log->ended(key_, reason, unix_ms()); !st) host_.journal_error(st.error());
    }
  }
  if (finished()) host_.session_finished(key_);
}

void Session::on_message(net::ws::Connection& c, net::ws::Opcode op,
                         std::span<std::uint8_t> payload) {
  client_frame(op, payload, c.readable_from(payload.data()));
}

void Session::client_frame(net::ws::Opcode op, std::span<std::uint8_t> payload,
                           std::size_t readable) {
  if (ended_) return;
  last_activity_ = Clock::now();
  const std::string_view bytes = view_of(payload);
  if (auto to = tr::read_switch_request(spec_.dialect, bytes)) {
    auto core = config::parse_core(*to);
    if (core && services_.providers->find(*core)) {
      switch_core(*core, providers::SwitchReason::client_request);
    } else {
      out_.clear();
      tr::encode_switch_refused(spec_.dialect, *to,
                                "no such core on this gateway (configured: openai, gemini, azure "
                                "or sim, with their keys)",
                                out_.client);
      dispatch(net::ws::Opcode::text, {}, {}, 0);
    }
    return;
  }
  if (!translator_) {
    // A Gemini client's core follows from the model its setup names.
    std::string model = spec_.dialect == tr::Dialect::gemini ? tr::read_gemini_hello(bytes).model
                                                              : spec_.model;
    if (!begin_upstream(model, restored_)) return;
  }
  signals_.clear();
  deltas_.clear();
  tap_.client_frame(bytes, readable, conv_, deltas_, signals_);
  record_all();  // in the journal before the frame goes anywhere
  out_.clear();
  translator_->on_client_frame(bytes, readable, to_tr(op), last_activity_, out_);
  dispatch(op, payload, {}, 0);
  conv::Signals s = signals_;
  on_signals(s);
}

void Session::on_drain(net::ws::Connection&) {
  if (current_) current_->upstream->resume_reading();
}

void Session::refuse_client(std::uint16_t code, std::string_view reason) {
  SY_INFO("session %s refused: %.*s", spec_.session_id.c_str(), static_cast<int>(reason.size()),
          reason.data());
  // Its own frame list: this may run while out_ is being dispatched.
  tr::FrameList error;
  tr::encode_session_error(spec_.dialect, "upstream_unavailable", reason, error);
  for (std::size_t i = 0; i < error.size(); ++i)
    to_client(net::ws::Opcode::text, bytes_of(error.data(i)), error.data(i).size());
  close_client(code, reason, Closing::refused);
  if (!client_) end("refused", false);
}

void Session::close_client(std::uint16_t code, std::string_view reason, Closing why) {
  closing_ = why;
  if (client_) client_->close(code, tr::close_reason(reason));
}

// ---------------------------------------------------------------- plumbing

void Session::dispatch(net::ws::Opcode in_op, std::span<const std::uint8_t> in_client,
                       std::span<const std::uint8_t> in_upstream, std::size_t upstream_readable) {
  if (out_.fault && services_.gm)
    services_.gm->translation_errors[metrics::idx(fault_metric(*out_.fault))].inc(host_.shard().shard);
  if (out_.forward_upstream) send_upstream(in_op, in_client);
  for (std::size_t i = 0; i < out_.upstream.size(); ++i)
    send_upstream(out_.upstream.opcode(i) == tr::Opcode::binary ? net::ws::Opcode::binary
                                                                : net::ws::Opcode::text,
                  bytes_of(out_.upstream.data(i)));
  if (out_.forward_client) to_client(in_op, in_upstream, upstream_readable);
  for (std::size_t i = 0; i < out_.client.size(); ++i) {
    std::string_view f = out_.client.data(i);
    to_client(out_.client.opcode(i) == tr::Opcode::binary ? net::ws::Opcode::binary
                                                          : net::ws::Opcode::text,
              bytes_of(f), f.size());
  }
  if (out_.close_client) close_client(out_.close_client->code, out_.close_client->reason, Closing::refused);
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
    if (current_->upstream->send(op, bytes) == net::ws::SendStatus::backpressure && client_)
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

void Session::to_client(net::ws::Opcode op, std::span<const std::uint8_t> bytes,
                        std::size_t readable) {
  deltas_.clear();
  tap_.client_bound_frame(view_of(bytes), std::max(readable, bytes.size()), conv_, deltas_,
                          signals_);
  record_all();
  if (client_) {
    if (client_->send(op, bytes) == net::ws::SendStatus::backpressure && current_)
      current_->upstream->pause_reading();
    return;
  }
  // No client: held for its return, bounded by pausing the upstream.
  held_bytes_ += bytes.size();
  held_.emplace_back(op, std::string(view_of(bytes)));
  if (held_bytes_ > kMaxHeldBytes && current_) current_->upstream->pause_reading();
}

void Session::flush_held() {
  if (!client_) return;
  for (auto& [op, bytes] : held_) (void)client_->send(op, bytes_of(bytes));
  held_.clear();
  held_.shrink_to_fit();
  held_bytes_ = 0;
  if (current_) current_->upstream->resume_reading();
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
      dispatch(net::ws::Opcode::text, {}, {}, 0);
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
    if (ec || !*alive || ended_ || !client_) return;
    auto now = Clock::now();
    if (life.count() > 0 && now >= started_at_ + life) {
      close_client(1000, "maximum session lifetime reached", Closing::lifetime);
    } else if (idle.count() > 0 && now >= last_activity_ + idle) {
      close_client(1000, "idle timeout", Closing::idle);
    } else {
      arm_watchdog();
    }
  });
}

}  // namespace sy::core
