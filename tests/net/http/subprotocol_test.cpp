#include "net/http/subprotocol.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sy::net::http {
namespace {

TEST(NetHttpSubprotocol, SelectsFirstOfferedThatIsSupported) {
  const std::vector<std::string> offered = {"openai-beta.realtime-v1", "realtime"};
  const std::vector<std::string_view> supported = {"realtime", "openai-beta.realtime-v1"};
  EXPECT_EQ(select_subprotocol(offered, supported), "openai-beta.realtime-v1");
}

TEST(NetHttpSubprotocol, NoneWhenNothingMatches) {
  const std::vector<std::string> offered = {"chat", "Realtime"};  // comparison is exact
  const std::vector<std::string_view> supported = {"realtime"};
  EXPECT_FALSE(select_subprotocol(offered, supported).has_value());
  EXPECT_FALSE(select_subprotocol({}, supported).has_value());
}

TEST(NetHttpSubprotocol, NeverSelectsACredential) {
  const std::vector<std::string> offered = {"openai-insecure-api-key.sk-123", "realtime"};
  // Even a misconfigured supported list cannot make the credential echo back.
  const std::vector<std::string_view> supported = {"openai-insecure-api-key.sk-123", "realtime"};
  EXPECT_EQ(select_subprotocol(offered, supported), "realtime");
  const std::vector<std::string> only_key = {"OpenAI-Insecure-API-Key.sk-123"};
  const std::vector<std::string_view> supported_upper = {"OpenAI-Insecure-API-Key.sk-123"};
  EXPECT_FALSE(select_subprotocol(only_key, supported_upper).has_value());
  EXPECT_TRUE(is_credential_subprotocol("openai-insecure-api-key"));
  EXPECT_TRUE(is_credential_subprotocol("openai-insecure-api-key.x"));
  EXPECT_FALSE(is_credential_subprotocol("openai-beta.realtime-v1"));
}

TEST(NetHttpSubprotocol, ExtractsCredential) {
  const std::vector<std::string> offered = {"realtime", "openai-insecure-api-key.",
                                            "openai-insecure-api-key.ek_abc.def",
                                            "openai-insecure-api-key.second"};
  EXPECT_EQ(subprotocol_credential(offered), "ek_abc.def");
  const std::vector<std::string> none = {"realtime", "openai-beta.realtime-v1"};
  EXPECT_FALSE(subprotocol_credential(none).has_value());
}

}  // namespace
}  // namespace sy::net::http
