// One conversation, on one shard, with no locks: the translator pair for its dialect and core,
// the upstream connection(s), the conversation as the journal keeps it, and — while one is
// attached — the client connection. A session outlives its client: when the client drops, the
// upstream is kept for SESSION_TTL and what it says is held (bounded) for the client's return;
// when the client closes normally, the upstream is let go and the conversation waits, dormant,
// in the shard's SessionHost. Client input that arrives while an upstream is being opened is
// kept (bounded) and delivered in order; backpressure on either side pauses reading the other.
//
// Every change to the conversation is read off the client's side (codec/conversation/tap.h),
// journaled before the frame that caused it goes anywhere, and applied. A new upstream for an
// existing conversation — after a restart, a lost upstream, a switch of core — is restored from
// it (Translator::on_upstream_restore). The failover policy (providers/failover) watches each
// turn's time to first audio and the upstream's failures.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codec/conversation/conversation.h"
#include "codec/conversation/tap.h"
#include "codec/translate/translator.h"
#include "core/config/config.h"
#include "core/metrics/gateway_metrics.h"
#include "core/session/session_services.h"
#include "core/session/upstream.h"
#include "net/conn/ws_connection.h"
#include "providers/failover/policy.h"
#include "providers/registry/provider.h"

namespace sy::core {

class SessionHost;

struct SessionSpec {
  codec::translate::Dialect dialect = codec::translate::Dialect::openai;
  std::optional<config::Core> core;  // unknown until a Gemini client's setup names a model
  std::string model;
  bool openai_beta = false;
  std::string account;
  std::string session_id;
  std::string client_handle;  // the gateway's resumption handle for Gemini clients
};

class Session final : private net::ws::Handler {
 public:
  // Past this much input held while an upstream opens, the client is refused (1008).
  static constexpr std::size_t kMaxPendingBytes = 4u << 20;
  // Past this much output held for a dropped client, the upstream is no longer read.
  static constexpr std::size_t kMaxHeldBytes = 8u << 20;

  Session(SessionHost& host, SessionSpec spec, std::uint64_t key);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // A new conversation (journals who it belongs to).
  void begin_new();
  // A conversation carried over from the journal or another shard: it goes on on a new upstream.
  void begin_restored(codec::conversation::Conversation conversation);

  // Serves one client connection until it leaves or a newer one takes its place. `resumed`: the
  // client comes back to this conversation. `first` is a message already read from the client (a
  // Gemini client's setup), handled before anything else; empty when there is none.
  net::awaitable<void> serve(net::ws::Connection& client, bool resumed, std::string first,
                             net::ws::Opcode first_op);

  // Ends the session: closes the client (if any) and the upstreams. `resumable`: the journal
  // keeps the conversation for a later resume (gateway shutdown); else it is ended for good.
  void end(std::string_view reason, bool resumable);

  [[nodiscard]] std::uint64_t key() const noexcept { return key_; }
  [[nodiscard]] const SessionSpec& spec() const noexcept { return spec_; }
  [[nodiscard]] bool attached() const noexcept { return client_ != nullptr; }
  [[nodiscard]] bool ended() const noexcept { return ended_; }
  // Ended, with every coroutine that refers to it done: the host may delete it.
  [[nodiscard]] bool finished() const noexcept { return ended_ && legs_.empty() && serving_ == 0; }
  [[nodiscard]] const codec::conversation::Conversation& conversation() const { return conv_; }
  // About once a second, from the host: lets go of state a quiet session does not need.
  void trim(std::chrono::steady_clock::time_point now) {
    if (translator_ && !ended_) translator_->trim(now);
    // The frame lists grow to the largest event translated (a few KiB for audio); a session
    // quiet for 2 s gives that back. trim() never runs inside a dispatch of out_.
    if (now - last_activity_ > std::chrono::seconds(2)) out_.release();
  }

 private:
  struct Leg;
  struct Probe;
  enum class Closing : std::uint8_t { none, idle, lifetime, refused, replaced };

  // net::ws::Handler (the client)
  void on_message(net::ws::Connection&, net::ws::Opcode op,
                  std::span<std::uint8_t> payload) override;
  void on_drain(net::ws::Connection&) override;
  void client_frame(net::ws::Opcode op, std::span<std::uint8_t> payload, std::size_t readable);
  void detach(net::ws::Connection& client, const net::ws::CloseInfo& info);

  // ---- upstream (session_upstream.cpp) ----
  bool begin_upstream(const std::string& model, bool restore);
  bool make_translator(config::Core core, const std::string& model);
  void restore_upstream();
  void start_leg(Leg*& slot);
  void start_leg_with(Leg*& slot, const providers::UpstreamPlan& plan, bool probe);
  void leg_open(Leg& leg);
  void leg_message(Leg& leg, net::ws::Opcode op, std::span<std::uint8_t> payload,
                   std::size_t readable);
  void leg_drain(Leg& leg);
  void leg_closed(Leg& leg, std::uint16_t code, std::string_view reason);
  void leg_done(Leg& leg);
  void close_legs(std::uint16_t code, std::string_view reason);
  // The current upstream failed: switch cores, reconnect, or give up and tell the client.
  void upstream_failed(std::uint16_t code, std::string_view reason,
                       providers::SwitchReason why);
  void switch_core(config::Core to, providers::SwitchReason why);
  void on_signals(const codec::conversation::Signals& s);
  void arm_policy_timer();
  void start_probe();
  void probe_done(bool healthy);

  // ---- plumbing (session.cpp) ----
  void dispatch(net::ws::Opcode in_op, std::span<const std::uint8_t> in_client,
                std::span<const std::uint8_t> in_upstream, std::size_t upstream_readable);
  void send_upstream(net::ws::Opcode op, std::span<const std::uint8_t> bytes);
  void to_client(net::ws::Opcode op, std::span<const std::uint8_t> bytes, std::size_t readable);
  void flush_held();
  void refuse_client(std::uint16_t code, std::string_view reason);
  void close_client(std::uint16_t code, std::string_view reason, Closing why);
  void record(const codec::conversation::Delta& d);
  void record_all();
  void arm_timer();
  void arm_watchdog();
  void arm_expiry();
  [[nodiscard]] metrics::Gauge sessions_gauge() const;
  [[nodiscard]] static std::int64_t unix_ms();

  SessionHost& host_;
  const SessionServices& services_;
  SessionSpec spec_;
  std::uint64_t key_;
  net::ws::Connection* client_ = nullptr;
  int serving_ = 0;  // serve() coroutines running
  Closing closing_ = Closing::none;

  // The conversation and what reads it.
  codec::conversation::Conversation conv_;
  codec::conversation::Tap tap_;
  std::vector<codec::conversation::Delta> deltas_;
  codec::conversation::Signals signals_;
  bool restored_ = false;  // the next upstream carries on an existing conversation

  // The core side.
  std::unique_ptr<codec::translate::Translator> translator_;
  std::optional<config::Core> core_;
  std::optional<metrics::Core> metrics_core_;
  providers::UpstreamPlan plan_;
  std::vector<std::unique_ptr<Leg>> legs_;  // every upstream whose coroutine still runs
  Leg* current_ = nullptr;                  // carries the conversation
  Leg* next_ = nullptr;                     // opening to replace current_ (after goAway)
  codec::translate::Outputs out_;
  std::vector<std::pair<net::ws::Opcode, std::string>> pending_;  // input while opening
  std::size_t pending_bytes_ = 0;
  bool upstream_open_ = false;
  int reconnects_ = 0;  // same-core reconnects since the last completed answer

  // Failover.
  std::optional<providers::FailoverPolicy> policy_;
  std::optional<std::chrono::steady_clock::time_point> turn_end_;
  std::optional<std::chrono::steady_clock::time_point> answer_due_;
  std::unique_ptr<Probe> probe_;
  // A switch that waits for a quiet moment (no answer playing, no turn waiting): back to the
  // primary, or away from a slow core whose answer has finally begun.
  std::optional<providers::FailoverPolicy::Decision> pending_switch_;

  // Output held for a dropped client.
  std::vector<std::pair<net::ws::Opcode, std::string>> held_;
  std::size_t held_bytes_ = 0;

  boost::asio::steady_timer timer_;         // the translator's deadline
  boost::asio::steady_timer upstream_done_;
  boost::asio::steady_timer watchdog_;      // idle timeout and maximum session lifetime
  boost::asio::steady_timer expiry_;        // SESSION_TTL while no client is attached
  boost::asio::steady_timer policy_timer_;  // answer deadline, primary probe
  std::chrono::steady_clock::time_point started_at_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_activity_ = started_at_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool ended_ = false;
};

}  // namespace sy::core
