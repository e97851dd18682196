// Error codes of the configuration loader (sy::Error::code values in sy::config).
#pragma once

#include <cstdint>

namespace sy::config {

enum class Errc : std::uint16_t {
  help_requested = 1,  // --help: not a failure; the message is the help text (print it, exit 0)
  bad_flag,            // unknown flag, missing flag value, stray argument
  env_file,            // the .env file could not be read or has a malformed line
  bad_number,          // not a decimal integer (with an optional size suffix where allowed)
  out_of_range,        // a number outside the setting's range
  bad_url,             // not http://, https://, ws:// or wss:// with a host
  bad_value,           // not one of the setting's allowed words (log level, sync policy)
  unknown_core,        // a core name other than openai, gemini, azure, sim
  bad_core_map,        // MODEL_CORE_MAP entry not `pattern=core`
  bad_origin,          // ALLOWED_ORIGINS entry empty or containing whitespace
  bad_accounts,        // malformed ACCOUNTS / ACCOUNTS_FILE entry, bad id, duplicate id
  accounts_file,       // ACCOUNTS_FILE could not be read
  inconsistent,        // settings that are valid alone but not together
  no_entropy,          // TOKEN_SECRET unset and no random bytes available to make one
};

}  // namespace sy::config
