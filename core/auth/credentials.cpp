#include "core/auth/credentials.h"

#include <charconv>

#include "core/auth/hmac.h"

namespace sy::auth {

const std::string* AccountBook::secret(std::string_view id) const {
  auto it = accounts_.find(id);
  return it == accounts_.end() ? nullptr : &it->second;
}

const std::string* AccountBook::account_for_secret(std::string_view secret) const {
  const std::string* found = nullptr;
  // Visit every entry so the time taken does not depend on which one matched.
  for (const auto& [id, s] : accounts_) {
    if (constant_time_equal(s, secret) && !found) found = &id;
  }
  return found;
}

std::string universal_mac(std::string_view secret, std::string_view session_id,
                          std::optional<std::int64_t> expires_at) {
  if (!expires_at) return to_hex(hmac_sha256(secret, session_id));
  std::string msg(session_id);
  msg += '.';
  msg += std::to_string(*expires_at);
  return to_hex(hmac_sha256(secret, msg));
}

Result<Principal> verify_universal(const AccountBook& book, std::string_view account_id,
                                   std::string_view session_id, std::string_view mac_hex,
                                   std::optional<std::string_view> expires_at, std::int64_t now) {
  const std::string* secret = book.secret(account_id);
  if (!secret) return make_error(AuthErrc::unknown_account, "unknown account (rs_accid)");
  std::optional<std::int64_t> exp;
  if (expires_at) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(expires_at->data(), expires_at->data() + expires_at->size(), v);
    if (ec != std::errc() || p != expires_at->data() + expires_at->size())
      return make_error(AuthErrc::bad_mac, "rs_exp is not a number of unix seconds");
    exp = v;
  }
  // Lowercase hex, as the original project produces; compared in constant time.
  if (!constant_time_equal(universal_mac(*secret, session_id, exp), mac_hex))
    return make_error(AuthErrc::bad_mac, "rs_auth does not match (HMAC-SHA256 of the session id)");
  if (exp && *exp <= now) return make_error(AuthErrc::expired, "rs_exp is in the past");
  return Principal{std::string(account_id), std::string(session_id)};
}

namespace {
std::string token_message(std::string_view prefix, std::string_view account, std::int64_t exp,
                          std::string_view sid) {
  std::string m(prefix);
  m += '|';
  m += account;
  m += '|';
  m += std::to_string(exp);
  m += '|';
  m += sid;
  return m;
}
}  // namespace

std::string TokenMinter::mint(std::string_view account, std::int64_t expires_at,
                              std::optional<std::string_view> session_id,
                              std::string_view prefix) const {
  std::string_view sid = session_id ? *session_id : std::string_view{};
  std::string t(prefix);
  t += to_hex(account);
  t += '.';
  t += std::to_string(expires_at);
  t += '.';
  t += to_hex(sid);
  t += '.';
  t += to_hex(hmac_sha256(secret_, token_message(prefix, account, expires_at, sid)));
  return t;
}

Result<Principal> TokenMinter::verify(std::string_view token, std::int64_t now,
                                      std::string_view prefix) const {
  auto bad = [] { return make_error(AuthErrc::bad_token, "malformed or forged token"); };
  if (token.substr(0, prefix.size()) != prefix) return bad();
  token.remove_prefix(prefix.size());
  std::string_view parts[4];
  for (int i = 0; i < 4; ++i) {
    auto dot = token.find('.');
    if (i < 3 && dot == std::string_view::npos) return bad();
    parts[i] = i < 3 ? token.substr(0, dot) : token;
    if (i < 3) token.remove_prefix(dot + 1);
  }
  std::string account, sid;
  if (!from_hex(parts[0], account) || !from_hex(parts[2], sid) || account.empty()) return bad();
  std::int64_t exp = 0;
  auto [p, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), exp);
  if (ec != std::errc() || p != parts[1].data() + parts[1].size()) return bad();
  auto mac = to_hex(hmac_sha256(secret_, token_message(prefix, account, exp, sid)));
  if (!constant_time_equal(mac, parts[3])) return bad();
  if (exp <= now) return make_error(AuthErrc::expired, "token expired");
  Principal pr{std::move(account), std::nullopt};
  if (!sid.empty()) pr.session_id = std::move(sid);
  return pr;
}

Result<Principal> verify_key(const AccountBook& book, const TokenMinter& tokens,
                             std::string_view credential, std::int64_t now) {
  if (credential.empty()) return make_error(AuthErrc::missing, "missing credential");
  if (credential.substr(0, 3) == "ek_") return tokens.verify(credential, now);
  if (auto colon = credential.find(':'); colon != std::string_view::npos) {
    std::string_view id = credential.substr(0, colon), secret = credential.substr(colon + 1);
    const std::string* s = book.secret(id);
    if (s && constant_time_equal(*s, secret)) return Principal{std::string(id), std::nullopt};
    return make_error(AuthErrc::bad_credential, "unknown account or wrong secret");
  }
  if (const std::string* id = book.account_for_secret(credential))
    return Principal{*id, std::nullopt};
  return make_error(AuthErrc::bad_credential, "the key matches no gateway account");
}

}  // namespace sy::auth
