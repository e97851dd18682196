#include "core/metrics/gateway_metrics.h"

#include <gtest/gtest.h>

#include <string>

namespace sy::metrics {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

TEST(CoreMetricsGateway, RegistersEveryStandardSeries) {
  Registry r(2);
  auto m = GatewayMetrics::create(r);
  ASSERT_TRUE(m.ok());
  std::string out;
  r.render(out);
  EXPECT_TRUE(has_line(out, "# TYPE sy_connections_accepted_total counter"));
  EXPECT_TRUE(has_line(out, "sy_connections_accepted_total{listener=\"wss\"} 0"));
  EXPECT_TRUE(has_line(out, "sy_connections_open{listener=\"ws\"} 0"));
  EXPECT_TRUE(has_line(out, "sy_ws_messages_total{leg=\"upstream\",direction=\"out\"} 0"));
  EXPECT_TRUE(has_line(out, "sy_ws_bytes_total{leg=\"client\",direction=\"in\"} 0"));
  EXPECT_TRUE(has_line(out, "sy_handshake_failures_total{reason=\"bad_version\"} 0"));
  EXPECT_TRUE(has_line(out, "sy_protocol_errors_total{code=\"1007\",reason=\"invalid_payload\"} 0"));
  EXPECT_TRUE(has_line(out, "sy_sessions{dialect=\"gemini\",core=\"azure\",shard=\"1\"} 0"));
  EXPECT_TRUE(has_line(out, "# TYPE sy_upstream_connect_seconds histogram"));
  EXPECT_TRUE(has_line(out, "sy_upstream_connect_seconds_bucket{core=\"sim\",le=\"0.001\"} 0"));
  EXPECT_TRUE(has_line(out, "sy_time_to_first_audio_seconds_bucket{core=\"openai\",le=\"+Inf\"} 0"));
  EXPECT_TRUE(has_line(out, "sy_translation_errors_total{kind=\"audio\"} 0"));
}

TEST(CoreMetricsGateway, HandlesCountIntoTheirSeries) {
  Registry r(2);
  auto m = GatewayMetrics::create(r);
  ASSERT_TRUE(m.ok());
  m->connections_accepted[idx(Listener::wss)].inc(0);
  m->connections_open[idx(Listener::wss)].inc(1);
  m->message(0, Leg::client, Direction::in, 100);
  m->message(1, Leg::client, Direction::in, 50);
  m->handshake_failures[idx(HandshakeFailure::origin)].inc(1);
  m->protocol_errors[idx(ProtocolError::too_large)].inc(0);
  m->sessions[idx(Dialect::openai)][idx(Core::gemini)].inc(1);
  m->upstream_connect_seconds[idx(Core::gemini)].observe(0, 0.003);
  m->translation_errors[idx(TranslationError::unknown_event)].inc(0, 2);
  std::string out;
  r.render(out);
  EXPECT_TRUE(has_line(out, "sy_connections_accepted_total{listener=\"wss\"} 1"));
  EXPECT_TRUE(has_line(out, "sy_connections_open{listener=\"wss\"} 1"));
  EXPECT_TRUE(has_line(out, "sy_ws_messages_total{leg=\"client\",direction=\"in\"} 2"));
  EXPECT_TRUE(has_line(out, "sy_ws_bytes_total{leg=\"client\",direction=\"in\"} 150"));
  EXPECT_TRUE(has_line(out, "sy_ws_bytes_total{leg=\"client\",direction=\"out\"} 0"));
  EXPECT_TRUE(has_line(out, "sy_handshake_failures_total{reason=\"origin\"} 1"));
  EXPECT_TRUE(has_line(out, "sy_protocol_errors_total{code=\"1009\",reason=\"too_large\"} 1"));
  EXPECT_TRUE(has_line(out, "sy_sessions{dialect=\"openai\",core=\"gemini\",shard=\"1\"} 1"));
  EXPECT_TRUE(has_line(out, "sy_sessions{dialect=\"openai\",core=\"gemini\",shard=\"0\"} 0"));
  EXPECT_TRUE(has_line(out, "sy_upstream_connect_seconds_bucket{core=\"gemini\",le=\"0.002\"} 0"));
  EXPECT_TRUE(has_line(out, "sy_upstream_connect_seconds_bucket{core=\"gemini\",le=\"0.004\"} 1"));
  EXPECT_TRUE(has_line(out, "sy_upstream_connect_seconds_count{core=\"gemini\"} 1"));
  EXPECT_TRUE(has_line(out, "sy_translation_errors_total{kind=\"unknown_event\"} 2"));
}

TEST(CoreMetricsGateway, SecondCreateOnTheSameRegistryFails) {
  Registry r(1);
  ASSERT_TRUE(GatewayMetrics::create(r).ok());
  auto again = GatewayMetrics::create(r);
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(again.error().is(Errc::duplicate_family));
}

TEST(CoreMetricsGateway, FitsTheDefaultCapacityWithRoomToSpare) {
  Registry r(64);
  ASSERT_TRUE(GatewayMetrics::create(r).ok());
  // Other rooms register after the gateway's set; make sure a good share is left.
  const double bounds[] = {1, 2, 3};
  for (int i = 0; i < 400; ++i)
    ASSERT_TRUE(r.histogram("sy_extra_" + std::to_string(i), "x", bounds).ok()) << i;
}

TEST(CoreMetricsGateway, LabelsAndCloseCodes) {
  EXPECT_EQ(label(Listener::wss), "wss");
  EXPECT_EQ(label(Core::azure), "azure");
  EXPECT_EQ(label(HandshakeFailure::rate_limited), "rate_limited");
  EXPECT_EQ(close_code(ProtocolError::invalid_payload), 1007);
  EXPECT_EQ(close_code(ProtocolError::slow_consumer), 1008);
}

}  // namespace
}  // namespace sy::metrics
