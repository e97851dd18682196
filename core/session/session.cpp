#include "core/session/session.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>

#include "core/base/log.h"
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

Session::Session(const SessionServices& services, const ShardServices& shard, SessionSpec spec,
                 const asio::any_io_executor& executor)
    : services_(services),
      shard_(shard),
      spec_(std::move(spec)),
      timer_(executor),
      upstream_done_(executor) {}

Session::~Session() { *alive_ = false; }

net::awaitable<void> Session::run(net::ws::Connection& client) {
  client_ = &client;
  // A refusal (unknown core) queues an error and a close; run() still completes the handshake.
  if (spec_.core) (void)begin_upstream(spec_.model);
  co_await client.run(*this);
  ended_ = true;
  timer_.cancel();
  if (upstream_) upstream_->close(1000, "client left");
  while (upstream_running_) {
    boost::system::error_code ec;
    upstream_done_.expires_at(asio::steady_timer::time_point::max());
    co_await upstream_done_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  if (metrics_core_ && services_.gm)
    services_.gm->sessions[metrics::idx(spec_.dialect == Dialect::openai ? metrics::Dialect::openai
                                                                          : metrics::Dialect::gemini)]
                          [metrics::idx(*metrics_core_)].dec(shard_.shard);
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
  tr::TranslatorOptions opts;
  opts.openai_beta = spec_.openai_beta;
  opts.gemini_model = "models/" + plan->model;
  opts.reported_model = plan->model;
  opts.id_seed = std::random_device{}();
  translator_ = tr::make_translator(spec_.dialect, plan->dialect, opts);

  if (plan->in_process) {
    refuse_client(1011, "the built-in simulator core is not available yet");  // TEMPORARY
    return false;
  } else {
    net::ws::ConnectRequest req;
    req.url = plan->url;
    req.target = plan->target;
    req.headers = plan->headers;
    req.tls = services_.upstream_tls;
    req.limits.max_message_bytes = services_.cfg->max_message_bytes;
    upstream_ = std::make_unique<WsUpstream>(std::move(req), shard_.receive_buffer,
                                             &shard_.upstream_metrics);
  }
  metrics_core_ = metrics_core(core);
  if (services_.gm)
    services_.gm->sessions[metrics::idx(spec_.dialect == Dialect::openai ? metrics::Dialect::openai
                                                                          : metrics::Dialect::gemini)]
                          [metrics::idx(*metrics_core_)].inc(shard_.shard);

  upstream_running_ = true;
  auto alive = alive_;
  asio::co_spawn(
      client_->transport().socket().get_executor(),
      [this, alive]() -> net::awaitable<void> {
        co_await upstream_->run(*this);
        if (!*alive) co_return;
        upstream_running_ = false;
        upstream_done_.cancel();
      },
      asio::detached);

  out_.clear();
  translator_->on_client_open(Clock::now(), out_);
  dispatch(net::ws::Opcode::text, {}, {});
  return true;
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
  if (!translator_) {
    // A Gemini client's core follows from the model its setup names.
    if (!begin_upstream(setup_model(view_of(payload)))) return;
  }
  out_.clear();
  std::size_t readable = c.readable_from(payload.data());
  translator_->on_client_frame(view_of(payload), readable, to_tr(op), Clock::now(), out_);
  dispatch(op, payload, {});
}

void Session::on_drain(net::ws::Connection&) {
  if (upstream_) upstream_->resume_reading();
}

void Session::on_upstream_open() {
  if (ended_) return;
  upstream_open_ = true;
  for (auto& [op, bytes] : pending_) (void)upstream_->send(op, bytes_of(bytes));
  pending_.clear();
  pending_.shrink_to_fit();
  pending_bytes_ = 0;
}

void Session::on_upstream_message(net::ws::Opcode op, std::span<std::uint8_t> payload,
                                  std::size_t readable) {
  if (ended_ || !translator_) return;
  out_.clear();
  translator_->on_upstream_frame(view_of(payload), readable, to_tr(op), Clock::now(), out_);
  dispatch(op, {}, payload);
}

void Session::on_upstream_drain() { client_->resume_reading(); }

void Session::on_upstream_closed(std::uint16_t code, std::string_view reason) {
  upstream_open_ = false;
  if (ended_ || !translator_) return;
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
  arm_timer();
}

void Session::send_upstream(net::ws::Opcode op, std::span<const std::uint8_t> bytes) {
  if (upstream_open_ && upstream_) {
    if (upstream_->send(op, bytes) == net::ws::SendStatus::backpressure) client_->pause_reading();
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
  if (client_->send(op, bytes) == net::ws::SendStatus::backpressure && upstream_)
    upstream_->pause_reading();
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

}  // namespace sy::core
