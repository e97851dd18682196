// The gateway's standard metrics, declared in one place so /metrics has stable names. Every label
// set is registered up front (the label values are the enums below), so the data path only
// indexes an array and bumps its shard's slot. Other rooms register their own families (journal,
// switches, resumes) on the same Registry.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/base/result.h"
#include "core/metrics/registry.h"

namespace sy::metrics {

enum class Listener : std::uint8_t { ws, wss, count_ };
enum class Direction : std::uint8_t { in, out, count_ };  // as seen from the gateway
enum class Leg : std::uint8_t { client, upstream, count_ };

// Why an HTTP upgrade was refused (before any WebSocket frame).
enum class HandshakeFailure : std::uint8_t {
  malformed,          // 400: unparsable HTTP request
  bad_version,        // 426: Sec-WebSocket-Version is not 13
  not_found,          // 404: unknown path
  missing_parameter,  // 400: a required query parameter is absent or has an unknown value
  bad_credential,     // 401: unknown account, wrong MAC, bad token
  expired,            // 401: rs_exp or token past its time
  forbidden,          // 403: credential valid but not allowed here
  origin,             // 403: Origin not in ALLOWED_ORIGINS
  rate_limited,       // 429: per-IP or per-account session limit
  timeout,            // the request did not complete within HANDSHAKE_TIMEOUT_MS (slowloris)
  tls,                // the TLS handshake failed
  count_
};

// WebSocket close codes the gateway sends because the peer broke a rule.
enum class ProtocolError : std::uint8_t {
  protocol_violation,  // 1002
  unsupported_data,    // 1003
  invalid_payload,     // 1007 (invalid UTF-8)
  policy_violation,    // 1008
  too_large,           // 1009
  slow_consumer,       // 1008 with a reason: send queue past SEND_MAX_BYTES
  count_
};
[[nodiscard]] std::uint16_t close_code(ProtocolError e) noexcept;

enum class Dialect : std::uint8_t { openai, gemini, count_ };
enum class Core : std::uint8_t { openai, gemini, azure, sim, count_ };

enum class TranslationError : std::uint8_t {
  malformed_json,   // not JSON, or not the shape the dialect defines
  unknown_event,    // a well-formed event this dialect does not know
  unsupported,      // known, but has no equivalent on the other side
  audio,            // bad base64, odd sample count, resampling failure
  encode,           // the output would exceed a limit
  count_
};

// How a client came back to its conversation.
enum class ResumeKind : std::uint8_t {
  live,     // the session was running on this shard (its upstream kept)
  moved,    // it was running on another shard: the client's connection moved there
  dormant,  // it was resting in a journal (after a normal close, a restart or a crash)
  count_
};

// Why a session moved to another core (providers::SwitchReason).
enum class SwitchCause : std::uint8_t {
  client_request, latency, failure, timeout, primary_recovered, count_
};

[[nodiscard]] std::string_view label(Listener v) noexcept;
[[nodiscard]] std::string_view label(Direction v) noexcept;
[[nodiscard]] std::string_view label(Leg v) noexcept;
[[nodiscard]] std::string_view label(HandshakeFailure v) noexcept;
[[nodiscard]] std::string_view label(Dialect v) noexcept;
[[nodiscard]] std::string_view label(Core v) noexcept;
[[nodiscard]] std::string_view label(TranslationError v) noexcept;

template <class E, class T>
using EnumArray = std::array<T, static_cast<std::size_t>(E::count_)>;

template <class E>
constexpr std::size_t idx(E e) noexcept {
  return static_cast<std::size_t>(e);
}

// Bucket bounds in seconds: 1 ms .. ~16 s, doubling (15 bounds).
[[nodiscard]] std::span<const double> latency_buckets() noexcept;

struct GatewayMetrics {
  // Registers every family and series below on `registry` (once per registry).
  [[nodiscard]] static Result<GatewayMetrics> create(Registry& registry);

  EnumArray<Listener, Counter> connections_accepted;  // sy_connections_accepted_total{listener}
  EnumArray<Listener, Gauge> connections_open;        // sy_connections_open{listener}
  // sy_ws_messages_total{leg,direction} and sy_ws_bytes_total{leg,direction} (payload bytes)
  EnumArray<Leg, EnumArray<Direction, Counter>> ws_messages;
  EnumArray<Leg, EnumArray<Direction, Counter>> ws_bytes;
  EnumArray<HandshakeFailure, Counter> handshake_failures;  // sy_handshake_failures_total{reason}
  EnumArray<ProtocolError, Counter> protocol_errors;        // sy_protocol_errors_total{code,reason}
  // sy_sessions{dialect,core,shard}: per-shard gauge, each shard writes its own series.
  EnumArray<Dialect, EnumArray<Core, Gauge>> sessions;
  EnumArray<Core, Histogram> upstream_connect_seconds;   // sy_upstream_connect_seconds{core}
  EnumArray<Core, Histogram> time_to_first_audio_seconds;  // sy_time_to_first_audio_seconds{core}
  EnumArray<TranslationError, Counter> translation_errors;  // sy_translation_errors_total{kind}

  // Continuity.
  EnumArray<ResumeKind, Counter> resumes;   // sy_session_resumes_total{kind}
  EnumArray<SwitchCause, Counter> switches;  // sy_core_switches_total{reason}
  Counter sessions_recovered;   // sy_sessions_recovered_total: read back from the journal at start
  Counter upstream_reconnects;  // sy_upstream_reconnects_total: same-core restores after a loss
  Counter journal_records;      // sy_journal_records_total: checkpoint records appended
  Counter journal_bytes;        // sy_journal_bytes_total: their payload bytes
  Counter journal_errors;       // sy_journal_errors_total: appends that failed (disk full...)
  Counter journal_dropped_bytes;  // sy_journal_dropped_bytes_total: damage skipped at recovery

  // One WebSocket message of `payload_bytes` crossed `leg` in `direction` on `shard`.
  void message(unsigned shard, Leg leg, Direction direction, std::uint64_t payload_bytes) const
      noexcept {
    ws_messages[idx(leg)][idx(direction)].inc(shard);
    ws_bytes[idx(leg)][idx(direction)].inc(shard, payload_bytes);
  }
};

}  // namespace sy::metrics
