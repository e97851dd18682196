// The failover policy decides from what it is told, with time passed in: these tests walk it
// through slow turns, failures, cooldowns and the return to the primary.
#include <gtest/gtest.h>

#include "providers/failover/policy.h"

namespace sy::providers {
namespace {

using namespace std::chrono_literals;
using Clock = FailoverPolicy::Clock;

FailoverOptions options() {
  FailoverOptions o;
  o.latency_threshold = 500ms;
  o.slow_turns = 3;
  o.cooldown = 60s;
  return o;
}

TEST(FailoverPolicy, SwitchesAfterConsecutiveSlowTurnsOnly) {
  Clock::time_point t{};
  FailoverPolicy p(options(), Core::openai, Core::gemini, Core::openai, t);
  EXPECT_FALSE(p.on_turn_latency(900ms, t += 1s));
  EXPECT_FALSE(p.on_turn_latency(900ms, t += 1s));
  EXPECT_FALSE(p.on_turn_latency(100ms, t += 1s)) << "a fast turn resets the streak";
  EXPECT_EQ(p.slow_streak(), 0u);
  EXPECT_FALSE(p.on_turn_latency(600ms, t += 1s));
  EXPECT_FALSE(p.on_turn_latency(600ms, t += 1s));
  auto d = p.on_turn_latency(600ms, t += 1s);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->to, Core::gemini);
  EXPECT_EQ(d->reason, SwitchReason::latency);
  EXPECT_FALSE(p.on_turn_latency(500ms, t)) << "the threshold itself is not slow";
}

TEST(FailoverPolicy, CooldownStopsFlappingOnSlowness) {
  Clock::time_point t{};
  FailoverPolicy p(options(), Core::openai, Core::gemini, Core::openai, t);
  p.switched(Core::gemini, SwitchReason::latency, t);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(p.on_turn_latency(2s, t += 1s));
  t += 60s;
  auto d = p.on_turn_latency(2s, t);
  ASSERT_TRUE(d) << "after the cooldown a slow fallback moves back";
  EXPECT_EQ(d->to, Core::openai);
}

TEST(FailoverPolicy, FailureMovesAtOnceButNotToACoreThatJustFailed) {
  Clock::time_point t{};
  FailoverPolicy p(options(), Core::openai, Core::gemini, Core::openai, t);
  auto d = p.on_failure(SwitchReason::failure, t += 1s);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->to, Core::gemini);
  p.switched(Core::gemini, d->reason, t);
  // The fallback fails too, right away: the primary failed a second ago, so stay.
  EXPECT_FALSE(p.on_failure(SwitchReason::timeout, t += 1s));
  t += 61s;
  d = p.on_failure(SwitchReason::timeout, t);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->to, Core::openai);
  EXPECT_EQ(d->reason, SwitchReason::timeout);
}

TEST(FailoverPolicy, NoFallbackNoSwitch) {
  Clock::time_point t{};
  FailoverPolicy p(options(), Core::sim, std::nullopt, std::nullopt, t);
  EXPECT_FALSE(p.on_failure(SwitchReason::failure, t));
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(p.on_turn_latency(5s, t += 1s));
  EXPECT_FALSE(p.wants_probe(t + 1h));
}

TEST(FailoverPolicy, ProbesThePrimaryAfterTheCooldownAndReturns) {
  Clock::time_point t{};
  FailoverPolicy p(options(), Core::openai, Core::gemini, Core::openai, t);
  p.switched(Core::gemini, SwitchReason::failure, t);
  EXPECT_FALSE(p.wants_probe(t + 59s));
  ASSERT_TRUE(p.next_probe());
  EXPECT_EQ(*p.next_probe(), t + 60s);
  t += 60s;
  EXPECT_TRUE(p.wants_probe(t));
  p.probe_started();
  EXPECT_FALSE(p.wants_probe(t)) << "one probe at a time";
  EXPECT_FALSE(p.on_probe(false, t));
  EXPECT_FALSE(p.wants_probe(t + 119s)) << "a failed probe doubles the wait";
  EXPECT_TRUE(p.wants_probe(t + 120s));
  t += 120s;
  p.probe_started();
  auto d = p.on_probe(true, t);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->to, Core::openai);
  EXPECT_EQ(d->reason, SwitchReason::primary_recovered);
  p.switched(Core::openai, d->reason, t);
  EXPECT_FALSE(p.wants_probe(t + 1h)) << "on the primary nothing is probed";
}

TEST(FailoverPolicy, AClientsChoiceBecomesThePrimary) {
  Clock::time_point t{};
  FailoverPolicy p(options(), Core::openai, Core::gemini, Core::openai, t);
  p.switched(Core::gemini, SwitchReason::client_request, t, Core::openai);
  EXPECT_EQ(p.primary(), Core::gemini);
  EXPECT_FALSE(p.wants_probe(t + 1h));
  auto d = p.on_failure(SwitchReason::failure, t + 1s);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->to, Core::openai);
}

}  // namespace
}  // namespace sy::providers
