// Gateway accounts: id -> secret, from `ACCOUNTS` (`id=secret,id2=secret2`) and from
// `ACCOUNTS_FILE` (one `id=secret` per line, `#` comments and blank lines allowed). An id is
// non-empty and has no ':' (the native endpoints accept `<id>:<secret>` credentials), no ',' and
// no whitespace; a secret is non-empty. Messages name the entry or line and the id, never a
// secret.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace sy::config {

using AccountMap = std::map<std::string, std::string, std::less<>>;

[[nodiscard]] bool valid_account_id(std::string_view id) noexcept;

// Parses the ACCOUNTS list into `out`. Error offset: 1-based entry index.
[[nodiscard]] Status parse_accounts(std::string_view list, AccountMap& out,
                                    std::string* message = nullptr);

// Parses the text of an accounts file. Error offset: 1-based line number.
[[nodiscard]] Status parse_accounts_file(std::string_view text, AccountMap& out,
                                         std::string* message = nullptr);

// Reads ACCOUNTS_FILE; also what a SIGHUP reload calls. The result holds only the file's
// accounts: combine with the ACCOUNTS ones through merge_accounts().
[[nodiscard]] Result<AccountMap> load_accounts_file(const std::string& path,
                                                    std::string* message = nullptr);

// `base` plus `more`; an id present in both is an error (the same id with two secrets is
// almost certainly a mistake).
[[nodiscard]] Result<AccountMap> merge_accounts(const AccountMap& base, const AccountMap& more,
                                                std::string* message = nullptr);

}  // namespace sy::config
