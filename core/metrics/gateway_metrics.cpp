#include "core/metrics/gateway_metrics.h"

namespace sy::metrics {

namespace {

constexpr std::string_view kListener[] = {"ws", "wss"};
constexpr std::string_view kDirection[] = {"in", "out"};
constexpr std::string_view kLeg[] = {"client", "upstream"};
constexpr std::string_view kHandshake[] = {"malformed", "bad_version",  "not_found",
                                           "missing_parameter", "bad_credential", "expired",
                                           "forbidden", "origin", "rate_limited", "timeout",
                                           "tls"};
constexpr std::string_view kProtocolReason[] = {"protocol_violation", "unsupported_data",
                                                "invalid_payload", "policy_violation",
                                                "too_large", "slow_consumer"};
constexpr std::uint16_t kProtocolCode[] = {1002, 1003, 1007, 1008, 1009, 1008};
constexpr std::string_view kDialect[] = {"openai", "gemini"};
constexpr std::string_view kCore[] = {"openai", "gemini", "azure", "sim"};
constexpr std::string_view kTranslation[] = {"malformed_json", "unknown_event", "unsupported",
                                             "audio", "encode"};

constexpr std::string_view kResume[] = {"live", "moved", "dormant"};
constexpr std::string_view kSwitch[] = {"client_request", "latency", "failure", "timeout",
                                        "primary_recovered"};

static_assert(std::size(kListener) == idx(Listener::count_));
static_assert(std::size(kResume) == idx(ResumeKind::count_));
static_assert(std::size(kSwitch) == idx(SwitchCause::count_));
static_assert(std::size(kDirection) == idx(Direction::count_));
static_assert(std::size(kLeg) == idx(Leg::count_));
static_assert(std::size(kHandshake) == idx(HandshakeFailure::count_));
static_assert(std::size(kProtocolReason) == idx(ProtocolError::count_));
static_assert(std::size(kProtocolCode) == idx(ProtocolError::count_));
static_assert(std::size(kDialect) == idx(Dialect::count_));
static_assert(std::size(kCore) == idx(Core::count_));
static_assert(std::size(kTranslation) == idx(TranslationError::count_));

constexpr double kLatencyBuckets[] = {0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128,
                                      0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384};

// Registers one series per enum value of a one-label family.
template <class M, std::size_t N>
Status fill(const Family<M>& family, const std::string_view (&names)[N], std::array<M, N>& out) {
  for (std::size_t i = 0; i < N; ++i) {
    Result<M> m = family.with({names[i]});
    if (!m) return m.error();
    out[i] = *m;
  }
  return {};
}

}  // namespace

std::uint16_t close_code(ProtocolError e) noexcept { return kProtocolCode[idx(e)]; }

std::string_view label(Listener v) noexcept { return kListener[idx(v)]; }
std::string_view label(Direction v) noexcept { return kDirection[idx(v)]; }
std::string_view label(Leg v) noexcept { return kLeg[idx(v)]; }
std::string_view label(HandshakeFailure v) noexcept { return kHandshake[idx(v)]; }
std::string_view label(Dialect v) noexcept { return kDialect[idx(v)]; }
std::string_view label(Core v) noexcept { return kCore[idx(v)]; }
std::string_view label(TranslationError v) noexcept { return kTranslation[idx(v)]; }

std::span<const double> latency_buckets() noexcept { return kLatencyBuckets; }

#define SY_TRY(var, expr)            \
  auto var = (expr);                 \
  if (!var) return var.error()
#define SY_CHECK(expr)                  \
  if (Status s_ = (expr); !s_) return s_.error()

Result<GatewayMetrics> GatewayMetrics::create(Registry& r) {
  GatewayMetrics m;

  SY_TRY(accepted, r.counter_family("sy_connections_accepted_total",
                                    "TCP connections accepted, by listener kind.", {"listener"}));
  SY_CHECK(fill(*accepted, kListener, m.connections_accepted));
  SY_TRY(open, r.gauge_family("sy_connections_open", "Client connections currently open, by listener kind.",
                              {"listener"}));
  SY_CHECK(fill(*open, kListener, m.connections_open));

  SY_TRY(messages, r.counter_family("sy_ws_messages_total",
                                    "WebSocket messages, by leg and direction.",
                                    {"leg", "direction"}));
  SY_TRY(bytes, r.counter_family("sy_ws_bytes_total",
                                 "WebSocket message payload bytes, by leg and direction.",
                                 {"leg", "direction"}));
  for (std::size_t l = 0; l < std::size(kLeg); ++l) {
    for (std::size_t d = 0; d < std::size(kDirection); ++d) {
      SY_TRY(c, messages->with({kLeg[l], kDirection[d]}));
      m.ws_messages[l][d] = *c;
      SY_TRY(b, bytes->with({kLeg[l], kDirection[d]}));
      m.ws_bytes[l][d] = *b;
    }
  }

  SY_TRY(handshake, r.counter_family("sy_handshake_failures_total",
                                     "Upgrade requests refused before the WebSocket opened, by reason.",
                                     {"reason"}));
  SY_CHECK(fill(*handshake, kHandshake, m.handshake_failures));

  SY_TRY(proto, r.counter_family("sy_protocol_errors_total",
                                 "Connections closed for breaking a WebSocket rule, by close code.",
                                 {"code", "reason"}));
  for (std::size_t i = 0; i < std::size(kProtocolReason); ++i) {
    const std::string code = std::to_string(kProtocolCode[i]);
    SY_TRY(c, proto->with({code, kProtocolReason[i]}));
    m.protocol_errors[i] = *c;
  }

  SY_TRY(sessions, r.gauge_family("sy_sessions", "Live sessions, by shard, dialect and core.",
                                  {"dialect", "core"}, Aggregation::per_shard));
  for (std::size_t d = 0; d < std::size(kDialect); ++d) {
    for (std::size_t c = 0; c < std::size(kCore); ++c) {
      SY_TRY(g, sessions->with({kDialect[d], kCore[c]}));
      m.sessions[d][c] = *g;
    }
  }

  SY_TRY(connect, r.histogram_family("sy_upstream_connect_seconds",
                                     "Time to open an upstream session (DNS, TCP, TLS, WebSocket), by core.",
                                     kLatencyBuckets, {"core"}));
  SY_CHECK(fill(*connect, kCore, m.upstream_connect_seconds));
  SY_TRY(ttfa, r.histogram_family("sy_time_to_first_audio_seconds",
                                  "Time from the end of the user's turn to the first audio of the answer, by core.",
                                  kLatencyBuckets, {"core"}));
  SY_CHECK(fill(*ttfa, kCore, m.time_to_first_audio_seconds));

  SY_TRY(translation, r.counter_family("sy_translation_errors_total",
                                       "Events that could not be translated between dialects, by kind.",
                                       {"kind"}));
  SY_CHECK(fill(*translation, kTranslation, m.translation_errors));

  SY_TRY(resumes, r.counter_family("sy_session_resumes_total",
                                   "Clients that came back to their conversation, by how.",
                                   {"kind"}));
  SY_CHECK(fill(*resumes, kResume, m.resumes));
  SY_TRY(switches, r.counter_family("sy_core_switches_total",
                                    "Sessions moved to another core, by reason.", {"reason"}));
  SY_CHECK(fill(*switches, kSwitch, m.switches));
  auto single = [&](std::string_view name, std::string_view help, Counter& out) -> Status {
    SY_TRY(f, r.counter_family(name, help, {}));
    SY_TRY(c, f->with({}));
    out = *c;
    return {};
  };
  SY_CHECK(single("sy_sessions_recovered_total",
                  "Sessions read back from the journal at start-up, ready to be resumed.",
                  m.sessions_recovered));
  SY_CHECK(single("sy_upstream_reconnects_total",
                  "New upstream connections that carried on a conversation on the same core.",
                  m.upstream_reconnects));
  SY_CHECK(single("sy_journal_records_total", "Checkpoint records appended to the journal.",
                  m.journal_records));
  SY_CHECK(single("sy_journal_bytes_total", "Payload bytes of checkpoint records appended.",
                  m.journal_bytes));
  SY_CHECK(single("sy_journal_errors_total",
                  "Journal appends that failed; the session went on without them.",
                  m.journal_errors));
  SY_CHECK(single("sy_journal_dropped_bytes_total",
                  "Damaged journal bytes skipped during recovery.", m.journal_dropped_bytes));
  return m;
}

#undef SY_TRY
#undef SY_CHECK

}  // namespace sy::metrics
