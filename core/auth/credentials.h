// Gateway credentials. Three ways a client proves who it is, none of them a provider key:
//  - the universal endpoint's MAC: rs_auth = hex HMAC-SHA256(account secret, session id), or with
//    rs_exp (unix seconds) the MAC of "<session id>.<exp>", refused once past;
//  - on the native endpoints, the key slot (Bearer, subprotocol, ?key=, x-goog-api-key) holding an
//    account key, "<account id>:<secret>", or an ephemeral token;
//  - ephemeral tokens ("ek_…"), minted by POST /v1/realtime/client_secrets: stateless, MAC-signed
//    with TOKEN_SECRET, bound to an account (and optionally a session id), at most one hour.
// Every comparison of secret material is constant-time.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/config/accounts.h"

namespace sy::auth {

enum class AuthErrc : std::uint16_t {
  missing = 1,      // no credential at all
  unknown_account,  // rs_accid names no account
  bad_mac,          // rs_auth does not match
  expired,          // rs_exp or the token's expiry is past
  bad_token,        // malformed or forged token
  bad_credential,   // a key that matches no account
};

struct Principal {
  std::string account;
  std::optional<std::string> session_id;  // bound by a token minted for one session
};

// An immutable view of the accounts; replaced as a whole on reload (SIGHUP), so sessions in
// flight keep the snapshot they authenticated with and shards never lock.
class AccountBook {
 public:
  explicit AccountBook(config::AccountMap accounts) : accounts_(std::move(accounts)) {}
  [[nodiscard]] const std::string* secret(std::string_view id) const;
  // The account whose secret equals `secret` (each entry compared in constant time).
  [[nodiscard]] const std::string* account_for_secret(std::string_view secret) const;
  [[nodiscard]] std::size_t size() const noexcept { return accounts_.size(); }

 private:
  config::AccountMap accounts_;
};

class Accounts {
 public:
  explicit Accounts(config::AccountMap initial)
      : book_(std::make_shared<const AccountBook>(std::move(initial))) {}
  [[nodiscard]] std::shared_ptr<const AccountBook> snapshot() const { return book_.load(); }
  void replace(config::AccountMap accounts) {
    book_.store(std::make_shared<const AccountBook>(std::move(accounts)));
  }

 private:
  std::atomic<std::shared_ptr<const AccountBook>> book_;
};

// The MAC a client of the universal endpoint sends as rs_auth.
[[nodiscard]] std::string universal_mac(std::string_view secret, std::string_view session_id,
                                        std::optional<std::int64_t> expires_at = std::nullopt);

[[nodiscard]] Result<Principal> verify_universal(const AccountBook& book,
                                                 std::string_view account_id,
                                                 std::string_view session_id,
                                                 std::string_view mac_hex,
                                                 std::optional<std::string_view> expires_at,
                                                 std::int64_t now);

class TokenMinter {
 public:
  static constexpr std::int64_t kMaxLifetimeSeconds = 3600;  // browsers re-mint; leaks age out
  explicit TokenMinter(std::string secret) : secret_(std::move(secret)) {}

  // `prefix` distinguishes kinds of token ("ek_" client secrets, "rh_" resumption handles).
  [[nodiscard]] std::string mint(std::string_view account, std::int64_t expires_at,
                                 std::optional<std::string_view> session_id = std::nullopt,
                                 std::string_view prefix = "ek_") const;
  [[nodiscard]] Result<Principal> verify(std::string_view token, std::int64_t now,
                                         std::string_view prefix = "ek_") const;

 private:
  std::string secret_;
};

// A native endpoint's key slot: account key, "<id>:<secret>", or an ephemeral token.
[[nodiscard]] Result<Principal> verify_key(const AccountBook& book, const TokenMinter& tokens,
                                           std::string_view credential, std::int64_t now);

}  // namespace sy::auth
