#include "core/config/settings.h"

#include <type_traits>

#include "core/config/values.h"

namespace sy::config {

namespace {

constexpr std::uint64_t KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024;

std::string range_text(std::uint64_t min, std::uint64_t max) {
  return "allowed " + std::to_string(min) + ".." + std::to_string(max);
}

template <auto Member>
Status apply_text(Config& c, std::string_view t, std::string&) {
  c.*Member = std::string(t);
  return {};
}

template <auto Member, std::uint64_t Min, std::uint64_t Max, bool Sizes = false>
Status apply_uint(Config& c, std::string_view t, std::string& detail) {
  Result<std::uint64_t> v = parse_uint(t, Min, Max, Sizes);
  if (!v) {
    if (v.error().is(Errc::out_of_range)) detail = range_text(Min, Max);
    return v.error();
  }
  using Field = std::remove_reference_t<decltype(c.*Member)>;
  c.*Member = static_cast<Field>(*v);
  return {};
}

// An empty value is allowed for optional URLs (the Azure endpoint).
template <auto Member, bool Optional = false>
Status apply_url(Config& c, std::string_view t, std::string&) {
  if (Optional && t.empty()) {
    c.*Member = std::string();
    return {};
  }
  Result<std::string> url = parse_base_url(t);
  if (!url) return url.error();
  c.*Member = std::move(*url);
  return {};
}

Status apply_shards(Config& c, std::string_view t, std::string& detail) {
  if (t == "auto") {
    c.shards = 0;  // load() resolves it to the CPU count
    return {};
  }
  return apply_uint<&Config::shards, 1, 1024>(c, t, detail);
}

Status apply_log_level(Config& c, std::string_view t, std::string&) {
  if (!log::parse_level(t, c.log_level))
    return make_error(Errc::bad_value, "must be debug, info, warn, error or off");
  return {};
}

Status apply_default_core(Config& c, std::string_view t, std::string&) {
  if (t == "auto") {
    c.default_core_explicit = false;
    return {};
  }
  const auto core = parse_core(t);
  if (!core) return make_error(Errc::unknown_core, "unknown core (use auto, openai, gemini, azure or sim)");
  c.default_core = *core;
  c.default_core_explicit = true;
  return {};
}

Status apply_core_map(Config& c, std::string_view t, std::string&) {
  auto routes = parse_core_map(t);
  if (!routes) return routes.error();
  c.model_core_map = std::move(*routes);
  return {};
}

Status apply_fallback(Config& c, std::string_view t, std::string&) {
  c.fallback = {};
  c.fallback_explicit = t != "auto";
  if (!c.fallback_explicit || t == "none") return {};
  auto routes = parse_fallback_map(t);
  if (!routes) return routes.error();
  c.fallback = *routes;
  return {};
}

Status apply_journal_prefault(Config& c, std::string_view t, std::string&) {
  if (t == "on" || t == "true" || t == "1") c.journal_prefault = true;
  else if (t == "off" || t == "false" || t == "0") c.journal_prefault = false;
  else return make_error(Errc::bad_value, "must be on or off");
  return {};
}

Status apply_origins(Config& c, std::string_view t, std::string&) {
  auto origins = parse_origins(t);
  if (!origins) return origins.error();
  c.allowed_origins = std::move(*origins);
  return {};
}

Status apply_accounts(Config& c, std::string_view t, std::string& detail) {
  c.accounts.clear();
  return parse_accounts(t, c.accounts, &detail);
}

Status apply_token_secret(Config& c, std::string_view t, std::string&) {
  if (!t.empty() && t.size() < 16)
    return make_error(Errc::out_of_range, "must be at least 16 characters (or unset for a random one)");
  c.token_secret = std::string(t);
  return {};
}

Status apply_journal_sync(Config& c, std::string_view t, std::string&) {
  auto sync = parse_journal_sync(t);
  if (!sync) return sync.error();
  c.journal_sync = *sync;
  return {};
}

constexpr std::string_view kListeners = "Listeners";
constexpr std::string_view kProviders = "Providers";
constexpr std::string_view kAccounts = "Accounts and credentials";
constexpr std::string_view kLimits = "Limits";
constexpr std::string_view kFailover = "Switching and failover";
constexpr std::string_view kJournal = "Journal and continuity";
constexpr std::string_view kLogging = "Logging";

// clang-format off
constexpr Setting kSettings[] = {
  {kListeners, "HOST", "ADDR", "0.0.0.0",
   "Address to listen on; all interfaces so a container port mapping works.", false,
   &apply_text<&Config::host>},
  {kListeners, "PORT", "N", "8080",
   "Plain WebSocket (ws://) port; 0 lets the OS pick one (tests).", false,
   &apply_uint<&Config::port, 0, 65535>},
  {kListeners, "TLS_PORT", "N", "0",
   "TLS WebSocket (wss://) port; 0 = no TLS listener (tools/run uses 8443).", false,
   &apply_uint<&Config::tls_port, 0, 65535>},
  {kListeners, "TLS_CERT", "PATH", "", "PEM certificate chain for the TLS listener.", false,
   &apply_text<&Config::tls_cert>},
  {kListeners, "TLS_KEY", "PATH", "", "PEM private key for the TLS listener.", false,
   &apply_text<&Config::tls_key>},
  {kListeners, "SHARDS", "N", "auto",
   "Shard threads (one event loop each); auto = one per CPU, the shard-per-core default.", false,
   &apply_shards},

  {kProviders, "OPENAI_API_KEY", "KEY", "", "OpenAI key; stays in the gateway, never sent to clients.",
   true, &apply_text<&Config::openai_api_key>},
  {kProviders, "OPENAI_BASE_URL", "URL", "https://api.openai.com/v1",
   "OpenAI API base; http/ws for a local simulator, https/wss for TLS.", false,
   &apply_url<&Config::openai_base_url>},
  {kProviders, "GEMINI_API_KEY", "KEY", "", "Gemini key; stays in the gateway, never sent to clients.",
   true, &apply_text<&Config::gemini_api_key>},
  {kProviders, "GEMINI_BASE_URL", "URL", "https://generativelanguage.googleapis.com",
   "Gemini API base; http/ws for a local simulator, https/wss for TLS.", false,
   &apply_url<&Config::gemini_base_url>},
  {kProviders, "AZURE_OPENAI_API_KEY", "KEY", "", "Azure OpenAI key (sent as the api-key header).",
   true, &apply_text<&Config::azure_openai_api_key>},
  {kProviders, "AZURE_OPENAI_BASE_URL", "URL", "",
   "Azure OpenAI resource endpoint, e.g. https://NAME.openai.azure.com/openai.", false,
   &apply_url<&Config::azure_openai_base_url, true>},
  {kProviders, "AZURE_OPENAI_DEPLOYMENT", "NAME", "",
   "Azure deployment to use when the client names none.", false,
   &apply_text<&Config::azure_openai_deployment>},
  {kProviders, "MODEL_CORE_MAP", "LIST", "gemini*=gemini,gpt-*=openai,sim*=sim",
   "Core by model name on native paths: pattern=core, first match wins, * is a wildcard.", false,
   &apply_core_map},
  {kProviders, "DEFAULT_CORE", "CORE", "auto",
   "Core when nothing else picks one; auto = first of openai, gemini, azure with a key, else sim.",
   false, &apply_default_core},
  {kProviders, "TLS_CA_FILE", "PATH", "",
   "CA bundle for upstream certificate checks; empty = the system bundle (tests point it at theirs).",
   false, &apply_text<&Config::tls_ca_file>},

  {kAccounts, "ACCOUNTS", "LIST", "", "Gateway accounts as id=secret,id2=secret2 (ids without ':').",
   true, &apply_accounts},
  {kAccounts, "ACCOUNTS_FILE", "PATH", "",
   "File of id=secret lines (# comments); re-read on SIGHUP without dropping sessions.", false,
   &apply_text<&Config::accounts_file>},
  {kAccounts, "TOKEN_SECRET", "SECRET", "",
   "Key that signs ephemeral tokens and resume handles; unset = random per start, so they do not "
   "survive a restart.", true, &apply_token_secret},

  {kLimits, "ALLOWED_ORIGINS", "LIST", "",
   "Origins browsers may connect from (comma list); empty = any origin.", false, &apply_origins},
  {kLimits, "MAX_SESSIONS_PER_IP", "N", "10",
   "Live sessions per client IP; 10 stops one host from exhausting the gateway. 0 = unlimited.",
   false, &apply_uint<&Config::max_sessions_per_ip, 0, 1'000'000>},
  {kLimits, "MAX_SESSIONS_PER_ACCOUNT", "N", "0",
   "Live sessions per account; 0 = unlimited, since one account often fronts many users.", false,
   &apply_uint<&Config::max_sessions_per_account, 0, 1'000'000>},
  {kLimits, "HANDSHAKE_TIMEOUT_MS", "MS", "10000",
   "Time for the TLS handshake and HTTP upgrade to finish; bounds slowloris clients.", false,
   &apply_uint<&Config::handshake_timeout_ms, 100, 600'000>},
  {kLimits, "IDLE_TIMEOUT_MS", "MS", "300000",
   "Close a session with no frames either way for this long; 0 = never.", false,
   &apply_uint<&Config::idle_timeout_ms, 0, 86'400'000>},
  {kLimits, "MAX_SESSION_SECONDS", "S", "3600",
   "Longest session; 3600 matches the providers' own one-hour cap. 0 = unlimited.", false,
   &apply_uint<&Config::max_session_seconds, 0, 604'800>},
  {kLimits, "SHUTDOWN_DEADLINE_MS", "MS", "10000",
   "On SIGTERM, how long in-flight work may finish before the process exits.", false,
   &apply_uint<&Config::shutdown_deadline_ms, 0, 600'000>},
  {kLimits, "MAX_MESSAGE_BYTES", "BYTES", "16MiB",
   "Largest WebSocket message; 16 MiB because OpenAI allows 15 MiB audio events.", false,
   &apply_uint<&Config::max_message_bytes, KiB, GiB, true>},
  {kLimits, "SEND_HIGH_WATERMARK", "BYTES", "1MiB",
   "Queued bytes on a connection at which the other leg stops reading (backpressure).", false,
   &apply_uint<&Config::send_high_watermark, KiB, GiB, true>},
  {kLimits, "SEND_LOW_WATERMARK", "BYTES", "256KiB",
   "Queued bytes below which reading resumes.", false,
   &apply_uint<&Config::send_low_watermark, 0, GiB, true>},
  {kLimits, "SEND_MAX_BYTES", "BYTES", "64MiB",
   "Queued bytes past which a slow peer is closed; at least MAX_MESSAGE_BYTES.", false,
   &apply_uint<&Config::send_max_bytes, KiB, 4 * GiB, true>},

  {kFailover, "SWITCH_LATENCY_THRESHOLD_MS", "MS", "500",
   "A turn slower than this to first audio counts towards failover.", false,
   &apply_uint<&Config::switch_latency_threshold_ms, 1, 600'000>},
  {kFailover, "SWITCH_FAILURE_COUNT", "N", "3",
   "Consecutive slow turns that trigger a switch to another core.", false,
   &apply_uint<&Config::switch_failure_count, 1, 1000>},
  {kFailover, "SWITCH_RESPONSE_TIMEOUT_MS", "MS", "10000",
   "A core that has not begun to answer this long after it was asked has failed; 0 = no limit.",
   false, &apply_uint<&Config::switch_response_timeout_ms, 0, 600'000>},
  {kFailover, "SWITCH_COOLDOWN_MS", "MS", "60000",
   "After a switch: no switch for slowness, and the left core is probed again only after this.",
   false, &apply_uint<&Config::switch_cooldown_ms, 0, 86'400'000>},
  {kFailover, "SWITCH_FALLBACK", "MAP", "auto",
   "core=fallback pairs (openai=gemini,gemini=openai); auto = OpenAI and Gemini back each other "
   "up when both have keys; none = never switch on its own.", false, &apply_fallback},

  {kJournal, "JOURNAL_DIR", "PATH", "journal",
   "Directory of the session journal (one subdirectory per shard).", false,
   &apply_text<&Config::journal_dir>},
  {kJournal, "JOURNAL_SYNC", "POLICY", "interval",
   "none | interval | always: when mapped journal pages are flushed to disk (see docs).", false,
   &apply_journal_sync},
  {kJournal, "JOURNAL_SYNC_INTERVAL_MS", "MS", "1000",
   "Flush period for JOURNAL_SYNC=interval: at most this much is lost on power loss.", false,
   &apply_uint<&Config::journal_sync_interval_ms, 1, 3'600'000>},
  {kJournal, "JOURNAL_SEGMENT_BYTES", "BYTES", "64MiB",
   "Size of each preallocated journal segment file (see docs/journal-format.md).", false,
   &apply_uint<&Config::journal_segment_bytes, 4 * KiB, 2 * GiB, true>},
  {kJournal, "JOURNAL_PREFAULT", "on/off", "off",
   "Fault each new segment's pages in when it is made: fastest appends, but two segments of RSS "
   "per shard; off, pages come as they are written.", false, &apply_journal_prefault},
  {kJournal, "JOURNAL_MAX_BYTES", "BYTES", "1GiB",
   "Disk the journal may use; the oldest sealed segments are removed first.", false,
   &apply_uint<&Config::journal_max_bytes, MiB, std::uint64_t{1} << 50, true>},
  {kJournal, "SESSION_TTL", "S", "600",
   "Seconds a dropped or closed session can be resumed (a dropped one keeps its upstream); 0 = no resume.", false,
   &apply_uint<&Config::session_ttl_seconds, 0, 604'800>},

  {kLogging, "LOG_LEVEL", "LEVEL", "info", "debug | info | warn | error | off.", false,
   &apply_log_level},
};
// clang-format on

}  // namespace

std::span<const Setting> settings() noexcept { return kSettings; }

std::string flag_name(std::string_view setting_name) {
  std::string flag(setting_name);
  for (char& c : flag) c = c == '_' ? '-' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return flag;
}

}  // namespace sy::config
