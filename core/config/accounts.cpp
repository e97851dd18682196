#include "core/config/accounts.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/config/errc.h"

namespace sy::config {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

Status fail(const char* what, std::size_t where, std::string* message, std::string detail) {
  if (message) *message = std::move(detail);
  return make_error(Errc::bad_accounts, what, static_cast<std::uint32_t>(where));
}

// One `id=secret` entry; `where` describes its place for messages ("entry 2", "line 7").
Status add_entry(std::string_view entry, std::size_t index, const std::string& where,
                 AccountMap& out, std::string* message) {
  const std::size_t eq = entry.find('=');
  if (eq == std::string_view::npos)
    return fail("account entry is not id=secret", index, message, where + ": expected id=secret");
  const std::string_view id = trim(entry.substr(0, eq));
  const std::string_view secret = trim(entry.substr(eq + 1));
  if (id.empty()) return fail("empty account id", index, message, where + ": empty account id");
  if (!valid_account_id(id))
    return fail("account id contains ':', ',' or whitespace", index, message,
                where + ": account id '" + std::string(id) +
                    "' must not contain ':', ',' or whitespace");
  if (secret.empty())
    return fail("empty account secret", index, message,
                where + ": account '" + std::string(id) + "' has an empty secret");
  if (!out.emplace(std::string(id), std::string(secret)).second)
    return fail("duplicate account id", index, message,
                where + ": account id '" + std::string(id) + "' appears twice");
  return {};
}

}  // namespace

bool valid_account_id(std::string_view id) noexcept {
  if (id.empty()) return false;
  return std::none_of(id.begin(), id.end(), [](char c) {
    return c == ':' || c == ',' || c == '=' || static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  });
}

Status parse_accounts(std::string_view list, AccountMap& out, std::string* message) {
  std::size_t index = 0;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string_view entry = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    ++index;
    if (entry.empty()) continue;  // tolerate "a=1,,b=2" and a trailing comma
    Status s = add_entry(entry, index, "ACCOUNTS entry " + std::to_string(index), out, message);
    if (!s) return s;
  }
  return {};
}

Status parse_accounts_file(std::string_view text, AccountMap& out, std::string* message) {
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    Status s = add_entry(line, line_no, "line " + std::to_string(line_no), out, message);
    if (!s) return s;
  }
  return {};
}

Result<AccountMap> load_accounts_file(const std::string& path, std::string* message) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (message) *message = "ACCOUNTS_FILE " + path + ": " + std::strerror(errno);
    return make_error(Errc::accounts_file, "cannot read the accounts file");
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  AccountMap accounts;
  Status s = parse_accounts_file(buf.str(), accounts, message);
  if (!s) {
    if (message) *message = "ACCOUNTS_FILE " + path + ": " + *message;
    return s.error();
  }
  return accounts;
}

Result<AccountMap> merge_accounts(const AccountMap& base, const AccountMap& more,
                                  std::string* message) {
  AccountMap merged = base;
  for (const auto& [id, secret] : more) {
    if (!merged.emplace(id, secret).second) {
      if (message) *message = "account id '" + id + "' is defined in both ACCOUNTS and ACCOUNTS_FILE";
      return make_error(Errc::bad_accounts, "account defined in both ACCOUNTS and ACCOUNTS_FILE");
    }
  }
  return merged;
}

}  // namespace sy::config
