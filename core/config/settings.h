// The table of settings: one row per setting, the single source for parsing, the command-line
// flags, `--help` and describe(). The flag is the name lower-cased with '_' -> '-'
// (TLS_PORT -> --tls-port).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/config/config.h"

namespace sy::config {

struct Setting {
  std::string_view section;     // heading in --help
  std::string_view name;        // environment variable / .env key
  std::string_view value_name;  // placeholder in --help (N, URL, PATH, ...)
  std::string_view default_text;  // parsed like any other value when no source sets it
  std::string_view help;        // what it is and why the default is what it is
  bool secret;                  // never printed; describe() redacts it
  // Parses `text` into its field. On error, *detail may get extra words (an allowed range).
  Status (*apply)(Config& config, std::string_view text, std::string& detail);
};

[[nodiscard]] std::span<const Setting> settings() noexcept;

// "TLS_PORT" -> "tls-port"
[[nodiscard]] std::string flag_name(std::string_view setting_name);

}  // namespace sy::config
