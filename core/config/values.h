// Parsers for the kinds of values settings hold. Each returns a static Error message; the loader
// adds the setting's name, its source and (for non-secrets) the offending text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/config/config.h"

namespace sy::config {

// A decimal integer in [min, max]. With `sizes`, an optional binary suffix K/KiB, M/MiB, G/GiB
// (case-insensitive) multiplies it: "16MiB" = 16777216.
[[nodiscard]] Result<std::uint64_t> parse_uint(std::string_view text, std::uint64_t min,
                                               std::uint64_t max, bool sizes = false);

// http://, https://, ws:// or wss:// followed by a host (a name or a bracketed IPv6 address), an
// optional numeric port 1..65535 and an optional path. Returns the URL without trailing '/'.
[[nodiscard]] Result<std::string> parse_base_url(std::string_view text);

// `pattern=core,...` in order; the first matching pattern wins.
[[nodiscard]] Result<std::vector<ModelRoute>> parse_core_map(std::string_view text);

// A comma list of origins (`https://app.example.com`, `http://localhost:3000`), lower-cased.
[[nodiscard]] Result<std::vector<std::string>> parse_origins(std::string_view text);

[[nodiscard]] Result<JournalSync> parse_journal_sync(std::string_view text);
// SWITCH_FALLBACK's core=fallback list, indexed by the failing core.
[[nodiscard]] Result<std::array<std::optional<Core>, 4>> parse_fallback_map(std::string_view text);

}  // namespace sy::config
