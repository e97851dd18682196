// When a session should move to another core, as a pure function of what it observed (time is
// passed in; the session owns timers and connections):
//  - latency: SWITCH_FAILURE_COUNT consecutive turns whose time from the end of the user's turn to
//    the first audio exceeded SWITCH_LATENCY_THRESHOLD_MS;
//  - failure: the current core failed (a connect error, an unexpected close, an error of its
//    own, no answer within SWITCH_RESPONSE_TIMEOUT_MS);
//  - a cooldown (SWITCH_COOLDOWN_MS) after every switch keeps a session from flapping, and a core
//    that failed within the cooldown is not switched to;
//  - back to the primary: once the cooldown after leaving it has passed, the session probes it
//    (a connection that opens and closes); a healthy probe returns the session to it at the next
//    quiet moment, a failed one doubles the wait (up to ten cooldowns).
// A switch the client asks for makes the chosen core the primary.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string_view>

#include "core/config/config.h"

namespace sy::providers {

using Core = config::Core;

struct FailoverOptions {
  std::chrono::milliseconds latency_threshold{500};
  std::uint32_t slow_turns = 3;
  std::chrono::milliseconds response_timeout{10000};  // 0 = no timeout
  std::chrono::milliseconds cooldown{60000};
};

enum class SwitchReason : std::uint8_t { client_request, latency, failure, timeout, primary_recovered };
[[nodiscard]] std::string_view reason_name(SwitchReason reason) noexcept;

class FailoverPolicy {
 public:
  using Clock = std::chrono::steady_clock;
  struct Decision {
    Core to;
    SwitchReason reason;
  };

  // `fallback_of(core)` is the core to move to when `core` fails (nullopt: none).
  FailoverPolicy(FailoverOptions options, Core primary, std::optional<Core> fallback_of_primary,
                 std::optional<Core> fallback_of_fallback, Clock::time_point now);

  [[nodiscard]] Core current() const noexcept { return current_; }
  [[nodiscard]] Core primary() const noexcept { return primary_; }
  [[nodiscard]] const FailoverOptions& options() const noexcept { return options_; }

  // A turn's time from the end of the user's speech to the first audio of the answer.
  [[nodiscard]] std::optional<Decision> on_turn_latency(std::chrono::milliseconds latency,
                                                        Clock::time_point now);
  // The current core failed.
  [[nodiscard]] std::optional<Decision> on_failure(SwitchReason why, Clock::time_point now);
  // The session now runs on `to` (chosen by this policy, or by the client).
  void switched(Core to, SwitchReason why, Clock::time_point now,
                std::optional<Core> new_fallback = std::nullopt);

  // True when the session should probe the primary now (on the fallback, waited long enough).
  [[nodiscard]] bool wants_probe(Clock::time_point now) const noexcept;
  // When wants_probe() will next become true (nullopt: never, e.g. on the primary).
  [[nodiscard]] std::optional<Clock::time_point> next_probe() const noexcept;
  void probe_started() noexcept { probing_ = true; }
  [[nodiscard]] std::optional<Decision> on_probe(bool healthy, Clock::time_point now);

  [[nodiscard]] std::uint32_t slow_streak() const noexcept { return slow_streak_; }

 private:
  [[nodiscard]] std::optional<Core> other(Core from) const noexcept;
  [[nodiscard]] bool recently_failed(Core c, Clock::time_point now) const noexcept;
  [[nodiscard]] bool cooling(Clock::time_point now) const noexcept {
    return now < last_switch_ + options_.cooldown;
  }

  FailoverOptions options_;
  Core primary_;
  Core current_;
  std::optional<Core> fallback_;  // of the primary
  std::optional<Core> back_;      // of the fallback (usually the primary)
  Clock::time_point last_switch_;
  std::array<std::optional<Clock::time_point>, 4> failed_at_{};
  std::uint32_t slow_streak_ = 0;
  std::chrono::milliseconds probe_wait_;
  bool probing_ = false;
};

}  // namespace sy::providers
