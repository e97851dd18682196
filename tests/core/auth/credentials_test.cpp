#include "core/auth/credentials.h"

#include <gtest/gtest.h>

#include "core/auth/hmac.h"

namespace sy::auth {
namespace {

TEST(Hmac, MatchesRfc4231TestCase2) {
  // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?".
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Hmac, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

AccountBook book() { return AccountBook({{"acme", "s3cret"}, {"beta", "other"}}); }

TEST(Universal, AcceptsTheOriginalProjectsMac) {
  auto b = book();
  std::string mac = to_hex(hmac_sha256("s3cret", "session-42"));
  auto p = verify_universal(b, "acme", "session-42", mac, std::nullopt, 1000);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->account, "acme");
  EXPECT_EQ(p->session_id, "session-42");
}

TEST(Universal, RefusesWrongMacUnknownAccountAndUppercaseHex) {
  auto b = book();
  std::string mac = universal_mac("s3cret", "session-42");
  EXPECT_TRUE(verify_universal(b, "nobody", "session-42", mac, std::nullopt, 0)
                  .error().is(AuthErrc::unknown_account));
  EXPECT_TRUE(verify_universal(b, "beta", "session-42", mac, std::nullopt, 0)
                  .error().is(AuthErrc::bad_mac));
  EXPECT_TRUE(verify_universal(b, "acme", "session-43", mac, std::nullopt, 0)
                  .error().is(AuthErrc::bad_mac));
}

TEST(Universal, ExpiryIsBoundIntoTheMacAndEnforced) {
  auto b = book();
  std::string mac = universal_mac("s3cret", "sid", 2000);
  EXPECT_TRUE(verify_universal(b, "acme", "sid", mac, "2000", 1999));
  EXPECT_TRUE(verify_universal(b, "acme", "sid", mac, "2000", 2000).error().is(AuthErrc::expired));
  // Moving the expiry forward breaks the MAC.
  EXPECT_TRUE(verify_universal(b, "acme", "sid", mac, "9999", 1999).error().is(AuthErrc::bad_mac));
  // A MAC made without rs_exp does not validate once rs_exp is added, and vice versa.
  EXPECT_FALSE(verify_universal(b, "acme", "sid", universal_mac("s3cret", "sid"), "2000", 0));
  EXPECT_FALSE(verify_universal(b, "acme", "sid", mac, std::nullopt, 0));
}

TEST(Tokens, RoundTripBoundToAccountAndSession) {
  TokenMinter m("k");
  auto t = m.mint("acme", 5000, "sess-1");
  EXPECT_EQ(t.rfind("ek_", 0), 0u);
  auto p = m.verify(t, 4999);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->account, "acme");
  EXPECT_EQ(p->session_id, "sess-1");
  EXPECT_TRUE(m.verify(t, 5000).error().is(AuthErrc::expired));
  EXPECT_FALSE(TokenMinter("other").verify(t, 0)) << "a token from another secret is forged";
  std::string tampered = t;
  tampered[4] = tampered[4] == '0' ? '1' : '0';
  EXPECT_TRUE(m.verify(tampered, 0).error().is(AuthErrc::bad_token));
  EXPECT_FALSE(m.verify("ek_", 0));
  EXPECT_FALSE(m.verify("ek_a.b.c", 0));
  EXPECT_FALSE(m.verify(t, 0, "rh_")) << "kinds of token are not interchangeable";
}

TEST(Keys, AccountKeyIdSecretPairAndToken) {
  auto b = book();
  TokenMinter m("k");
  EXPECT_EQ(verify_key(b, m, "s3cret", 0)->account, "acme");
  EXPECT_EQ(verify_key(b, m, "beta:other", 0)->account, "beta");
  EXPECT_TRUE(verify_key(b, m, "beta:s3cret", 0).error().is(AuthErrc::bad_credential));
  EXPECT_TRUE(verify_key(b, m, "sk-provider-key", 0).error().is(AuthErrc::bad_credential));
  EXPECT_TRUE(verify_key(b, m, "", 0).error().is(AuthErrc::missing));
  EXPECT_EQ(verify_key(b, m, m.mint("beta", 100), 50)->account, "beta");
}

TEST(Accounts, ReplaceKeepsOldSnapshotsValid) {
  Accounts a(config::AccountMap{{"acme", "one"}});
  auto before = a.snapshot();
  a.replace(config::AccountMap{{"acme", "two"}});
  EXPECT_EQ(*before->secret("acme"), "one");
  EXPECT_EQ(*a.snapshot()->secret("acme"), "two");
}

}  // namespace
}  // namespace sy::auth
