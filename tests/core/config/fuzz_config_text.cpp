// Fuzz target for the text parsers of operator-supplied files and lists: .env, the accounts file
// and list, MODEL_CORE_MAP, ALLOWED_ORIGINS and base URLs. None may crash, hang or read out of
// bounds, whatever the bytes; the first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/config/accounts.h"
#include "core/config/dotenv.h"
#include "core/config/values.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string message;
  switch (data[0] % 6) {
    case 0: {
      sy::config::Environment env;
      (void)sy::config::parse_dotenv(text, env, &message);
      break;
    }
    case 1: {
      sy::config::AccountMap accounts;
      (void)sy::config::parse_accounts_file(text, accounts, &message);
      break;
    }
    case 2: {
      sy::config::AccountMap accounts;
      (void)sy::config::parse_accounts(text, accounts, &message);
      break;
    }
    case 3: (void)sy::config::parse_core_map(text); break;
    case 4: (void)sy::config::parse_origins(text); break;
    case 5: {
      (void)sy::config::parse_base_url(text);
      (void)sy::config::parse_uint(text, 0, ~std::uint64_t{0}, true);
      (void)sy::config::glob_match(text.substr(0, text.size() / 2), text.substr(text.size() / 2));
      break;
    }
  }
  return 0;
}
