#include "providers/failover/policy.h"

#include <algorithm>

namespace sy::providers {

std::string_view reason_name(SwitchReason reason) noexcept {
  switch (reason) {
    case SwitchReason::client_request: return "client_request";
    case SwitchReason::latency: return "latency";
    case SwitchReason::failure: return "failure";
    case SwitchReason::timeout: return "timeout";
    case SwitchReason::primary_recovered: return "primary_recovered";
  }
  return "unknown";
}

FailoverPolicy::FailoverPolicy(FailoverOptions options, Core primary,
                               std::optional<Core> fallback_of_primary,
                               std::optional<Core> fallback_of_fallback, Clock::time_point now)
    : options_(options),
      primary_(primary),
      current_(primary),
      fallback_(fallback_of_primary),
      back_(fallback_of_fallback),
      // The session's start counts as a switch: no automatic move in its first moments.
      last_switch_(now - options.cooldown),
      probe_wait_(options.cooldown) {}

std::optional<Core> FailoverPolicy::other(Core from) const noexcept {
  if (from == primary_) return fallback_;
  if (fallback_ && from == *fallback_) return back_ ? back_ : std::optional<Core>(primary_);
  return primary_;
}

bool FailoverPolicy::recently_failed(Core c, Clock::time_point now) const noexcept {
  const auto& at = failed_at_[static_cast<std::size_t>(c)];
  return at && now < *at + options_.cooldown;
}

std::optional<FailoverPolicy::Decision> FailoverPolicy::on_turn_latency(
    std::chrono::milliseconds latency, Clock::time_point now) {
  if (latency <= options_.latency_threshold) {
    slow_streak_ = 0;
    return std::nullopt;
  }
  if (++slow_streak_ < options_.slow_turns || cooling(now)) return std::nullopt;
  auto to = other(current_);
  if (!to || *to == current_ || recently_failed(*to, now)) return std::nullopt;
  return Decision{*to, SwitchReason::latency};
}

std::optional<FailoverPolicy::Decision> FailoverPolicy::on_failure(SwitchReason why,
                                                                   Clock::time_point now) {
  failed_at_[static_cast<std::size_t>(current_)] = now;
  auto to = other(current_);
  // A failure moves at once (the cooldown only guards against flapping on slowness), but never
  // to a core that itself failed a moment ago.
  if (!to || *to == current_ || recently_failed(*to, now)) return std::nullopt;
  return Decision{*to, why};
}

void FailoverPolicy::switched(Core to, SwitchReason why, Clock::time_point now,
                              std::optional<Core> new_fallback) {
  if (why == SwitchReason::client_request) {
    primary_ = to;
    fallback_ = new_fallback;
    back_.reset();
  }
  if (why == SwitchReason::primary_recovered) probe_wait_ = options_.cooldown;
  current_ = to;
  last_switch_ = now;
  slow_streak_ = 0;
  probing_ = false;
}

bool FailoverPolicy::wants_probe(Clock::time_point now) const noexcept {
  if (current_ == primary_ || probing_) return false;
  return now >= last_switch_ + probe_wait_;
}

std::optional<FailoverPolicy::Clock::time_point> FailoverPolicy::next_probe() const noexcept {
  if (current_ == primary_ || probing_) return std::nullopt;
  return last_switch_ + probe_wait_;
}

std::optional<FailoverPolicy::Decision> FailoverPolicy::on_probe(bool healthy,
                                                                 Clock::time_point now) {
  probing_ = false;
  if (current_ == primary_) return std::nullopt;
  if (!healthy) {
    failed_at_[static_cast<std::size_t>(primary_)] = now;
    // Wait longer before the next try, measured from now.
    probe_wait_ = std::min(probe_wait_ * 2, options_.cooldown * 10);
    last_switch_ = now;
    return std::nullopt;
  }
  failed_at_[static_cast<std::size_t>(primary_)].reset();
  return Decision{primary_, SwitchReason::primary_recovered};
}

}  // namespace sy::providers
