// The gateway's configuration: every setting with its default, from four sources in increasing
// precedence — built-in defaults < a `.env` file (working directory, or --env-file) < the process
// environment < command-line flags. The settings table (settings.cpp) is the single list that
// drives parsing, `--help` and `describe()`; docs/CONFIGURATION.md documents it for users.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/log.h"
#include "core/base/result.h"
#include "core/config/accounts.h"
#include "core/config/dotenv.h"
#include "core/config/errc.h"

namespace sy::config {

enum class Core : std::uint8_t { openai, gemini, azure, sim };
[[nodiscard]] std::string_view core_name(Core core) noexcept;
[[nodiscard]] std::optional<Core> parse_core(std::string_view name) noexcept;  // case-insensitive

enum class JournalSync : std::uint8_t { none, interval, always };
[[nodiscard]] std::string_view journal_sync_name(JournalSync sync) noexcept;

// One MODEL_CORE_MAP entry: a glob over the model name (`*` matches any run) and its core.
struct ModelRoute {
  std::string pattern;
  Core core;
};
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view text) noexcept;

// Where a setting's effective value came from.
enum class Source : std::uint8_t { default_value, env_file, environment, flag };
[[nodiscard]] std::string_view source_name(Source source) noexcept;

struct Config {
  // Listeners
  std::string host = "0.0.0.0";
  std::uint16_t port = 8080;
  std::uint16_t tls_port = 0;  // 0 = no TLS listener
  std::string tls_cert;
  std::string tls_key;
  unsigned shards = 0;  // resolved to the CPU count by load() when not set
  log::Level log_level = log::Level::info;

  // Providers
  std::string openai_api_key;
  std::string gemini_api_key;
  std::string azure_openai_api_key;
  std::string openai_base_url = "https://api.openai.com/v1";
  std::string gemini_base_url = "https://generativelanguage.googleapis.com";
  std::string azure_openai_base_url;
  std::string azure_openai_deployment;
  std::string tls_ca_file;  // empty = system CA bundle
  std::vector<ModelRoute> model_core_map;
  Core default_core = Core::sim;  // resolved by load(): first core with a key, else sim
  bool default_core_explicit = false;

  // Accounts and credentials
  AccountMap accounts;       // from ACCOUNTS
  std::string accounts_file;
  AccountMap file_accounts;  // ACCOUNTS_FILE as read at start-up
  std::string token_secret;
  bool token_secret_generated = false;  // true: random at start, tokens die with the process

  // Limits
  std::vector<std::string> allowed_origins;  // lower-cased; empty = any origin
  std::uint32_t max_sessions_per_ip = 10;
  std::uint32_t max_sessions_per_account = 0;  // 0 = unlimited
  std::uint32_t handshake_timeout_ms = 10'000;
  std::uint32_t idle_timeout_ms = 300'000;
  std::uint32_t max_session_seconds = 3'600;
  std::uint32_t shutdown_deadline_ms = 10'000;
  std::uint64_t max_message_bytes = 16u << 20;
  std::uint64_t send_high_watermark = 1u << 20;
  std::uint64_t send_low_watermark = 256u << 10;
  std::uint64_t send_max_bytes = 64u << 20;

  // Switching and failover
  std::uint32_t switch_latency_threshold_ms = 500;
  std::uint32_t switch_failure_count = 3;
  std::uint32_t switch_response_timeout_ms = 10'000;
  std::uint32_t switch_cooldown_ms = 60'000;
  // The core a session moves to when its own fails or is slow (index: the failing core).
  std::array<std::optional<Core>, 4> fallback{};
  bool fallback_explicit = false;

  // Journal and continuity
  std::string journal_dir = "journal";
  JournalSync journal_sync = JournalSync::interval;
  std::uint32_t journal_sync_interval_ms = 1'000;
  std::uint64_t journal_max_bytes = std::uint64_t{1} << 30;
  std::uint64_t journal_segment_bytes = std::uint64_t{64} << 20;
  bool journal_prefault = false;
  std::uint32_t session_ttl_seconds = 600;

  // Every setting's effective text and source, in table order (for describe()).
  struct Effective {
    std::string_view name;
    std::string text;
    Source source;
    bool secret;
  };
  std::vector<Effective> effective;

  // Loads and validates. `argv[0]` is the program name. On failure the Error's code says what
  // went wrong and, when `message` is given, *message receives a printable explanation naming
  // the setting and its source (never a secret's value). --help yields Errc::help_requested with
  // the help text in *message.
  [[nodiscard]] static Result<Config> load(int argc, const char* const* argv,
                                           const Environment& env,
                                           std::string* message = nullptr);

  // `switchyard --help`: usage, then every setting with its flag, variable, default and reason.
  [[nodiscard]] static std::string help_text(std::string_view program = "switchyard");

  // One `NAME=value (source)` line per setting for the start-up log; secrets are redacted and
  // accounts are listed by id only.
  [[nodiscard]] std::string describe() const;

  // ACCOUNTS merged with the accounts read from ACCOUNTS_FILE.
  [[nodiscard]] AccountMap all_accounts() const;

  // SWITCH_FALLBACK: where a session on `core` goes when it fails or is slow.
  [[nodiscard]] std::optional<Core> fallback_for(Core core) const noexcept {
    return fallback[static_cast<std::size_t>(core)];
  }

  // The core for a model name by MODEL_CORE_MAP (first matching pattern), else default_core.
  [[nodiscard]] Core core_for_model(std::string_view model) const noexcept;

  // True when ALLOWED_ORIGINS is empty or lists `origin` (compared case-insensitively).
  [[nodiscard]] bool allows_origin(std::string_view origin) const noexcept;
};

}  // namespace sy::config
