#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/config/settings.h"

namespace sy::config {
namespace {

namespace fs = std::filesystem;

// Each test runs in a fresh working directory, so ./.env is whatever the test writes there.
class CoreConfigLoad : public ::testing::Test {
 protected:
  void SetUp() override {
    old_ = fs::current_path();
    dir_ = fs::path(::testing::TempDir()) /
           ("core_config_load_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::current_path(dir_);
  }
  void TearDown() override {
    fs::current_path(old_);
    fs::remove_all(dir_);
  }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }

  Result<Config> load(std::initializer_list<const char*> args, const Environment& env = {}) {
    std::vector<const char*> argv{"switchyard"};
    argv.insert(argv.end(), args.begin(), args.end());
    return Config::load(static_cast<int>(argv.size()), argv.data(), env, &message_);
  }
  // Loads expecting failure with `code`; returns the message.
  std::string fails(Errc code, std::initializer_list<const char*> args, const Environment& env = {}) {
    auto r = load(args, env);
    EXPECT_FALSE(r.ok());
    if (!r.ok()) {
      EXPECT_TRUE(r.error().is(code)) << "code " << r.error().code << ": " << message_;
    }
    return message_;
  }

  fs::path old_, dir_;
  std::string message_;
};

TEST_F(CoreConfigLoad, DefaultsMatchTheContract) {
  auto r = load({});
  ASSERT_TRUE(r.ok()) << message_;
  const Config& c = *r;
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.tls_port, 0);
  EXPECT_EQ(c.openai_base_url, "https://api.openai.com/v1");
  EXPECT_EQ(c.gemini_base_url, "https://generativelanguage.googleapis.com");
  EXPECT_EQ(c.switch_latency_threshold_ms, 500u);
  EXPECT_EQ(c.switch_failure_count, 3u);
  EXPECT_EQ(c.max_sessions_per_ip, 10u);
  EXPECT_EQ(c.max_message_bytes, 16u << 20);
  EXPECT_EQ(c.session_ttl_seconds, 600u);
  EXPECT_EQ(c.journal_sync, JournalSync::interval);
  EXPECT_EQ(c.default_core, Core::sim);  // no provider key: the simulator
  EXPECT_GE(c.shards, 1u);
  EXPECT_TRUE(c.token_secret_generated);
  EXPECT_EQ(c.token_secret.size(), 64u);
  EXPECT_EQ(c.model_core_map.size(), 3u);
  EXPECT_EQ(c.core_for_model("gpt-realtime"), Core::openai);
  EXPECT_EQ(c.core_for_model("gemini-2.0-flash-live"), Core::gemini);
  EXPECT_EQ(c.core_for_model("sim-1"), Core::sim);
  EXPECT_EQ(c.core_for_model("other"), Core::sim);
  EXPECT_TRUE(c.allows_origin("https://anything.example"));
}

TEST_F(CoreConfigLoad, StructDefaultsAgreeWithTheTable) {
  // A default-constructed Config and a loaded one without sources must not drift apart.
  auto r = load({});
  ASSERT_TRUE(r.ok()) << message_;
  Config d;
  const Config& c = *r;
  EXPECT_EQ(d.host, c.host);
  EXPECT_EQ(d.port, c.port);
  EXPECT_EQ(d.tls_port, c.tls_port);
  EXPECT_EQ(d.openai_base_url, c.openai_base_url);
  EXPECT_EQ(d.gemini_base_url, c.gemini_base_url);
  EXPECT_EQ(d.log_level, c.log_level);
  EXPECT_EQ(d.max_sessions_per_ip, c.max_sessions_per_ip);
  EXPECT_EQ(d.max_sessions_per_account, c.max_sessions_per_account);
  EXPECT_EQ(d.handshake_timeout_ms, c.handshake_timeout_ms);
  EXPECT_EQ(d.idle_timeout_ms, c.idle_timeout_ms);
  EXPECT_EQ(d.max_session_seconds, c.max_session_seconds);
  EXPECT_EQ(d.shutdown_deadline_ms, c.shutdown_deadline_ms);
  EXPECT_EQ(d.max_message_bytes, c.max_message_bytes);
  EXPECT_EQ(d.send_high_watermark, c.send_high_watermark);
  EXPECT_EQ(d.send_low_watermark, c.send_low_watermark);
  EXPECT_EQ(d.send_max_bytes, c.send_max_bytes);
  EXPECT_EQ(d.switch_latency_threshold_ms, c.switch_latency_threshold_ms);
  EXPECT_EQ(d.switch_failure_count, c.switch_failure_count);
  EXPECT_EQ(d.journal_dir, c.journal_dir);
  EXPECT_EQ(d.journal_sync, c.journal_sync);
  EXPECT_EQ(d.journal_sync_interval_ms, c.journal_sync_interval_ms);
  EXPECT_EQ(d.journal_max_bytes, c.journal_max_bytes);
  EXPECT_EQ(d.session_ttl_seconds, c.session_ttl_seconds);
}

TEST_F(CoreConfigLoad, PrecedenceDefaultsEnvFileEnvironmentFlags) {
  write(".env", "PORT=1001\nHOST=10.0.0.1\nSHARDS=3\nLOG_LEVEL=warn\n");
  Environment env{{"PORT", "1002"}, {"HOST", "10.0.0.2"}, {"UNRELATED", "x"}};
  auto r = load({"--port", "1003"}, env);
  ASSERT_TRUE(r.ok()) << message_;
  EXPECT_EQ(r->port, 1003);          // flag beats environment
  EXPECT_EQ(r->host, "10.0.0.2");    // environment beats .env
  EXPECT_EQ(r->shards, 3u);          // .env beats default
  EXPECT_EQ(r->log_level, log::Level::warn);
  EXPECT_EQ(r->tls_port, 0);         // default
  const std::string d = r->describe();
  EXPECT_NE(d.find("PORT=1003 (flag)\n"), std::string::npos) << d;
  EXPECT_NE(d.find("HOST=10.0.0.2 (environment)\n"), std::string::npos) << d;
  EXPECT_NE(d.find("SHARDS=3 (env file)\n"), std::string::npos) << d;
  EXPECT_NE(d.find("TLS_PORT=0 (default)\n"), std::string::npos) << d;
}

TEST_F(CoreConfigLoad, EmptyValueFallsBackToTheNextSource) {
  write(".env", "PORT=1001\n");
  auto r = load({"--port", ""}, {{"PORT", ""}});
  ASSERT_TRUE(r.ok()) << message_;
  EXPECT_EQ(r->port, 1001);
}

TEST_F(CoreConfigLoad, FlagSpellings) {
  auto r = load({"--tls-port=9443", "--tls-cert", "c.pem", "--tls-key=k.pem", "--model-core-map",
                 "x*=gemini", "--journal-sync", "always"});
  ASSERT_TRUE(r.ok()) << message_;
  EXPECT_EQ(r->tls_port, 9443);
  EXPECT_EQ(r->tls_cert, "c.pem");
  EXPECT_EQ(r->core_for_model("xyz"), Core::gemini);
  EXPECT_EQ(r->journal_sync, JournalSync::always);
}

TEST_F(CoreConfigLoad, EveryTableSettingHasAFlagAndAnEnvironmentVariable) {
  for (const Setting& s : settings()) {
    const std::string flag = "--" + flag_name(s.name);
    // Setting every variable to its own default, by flag or by environment, must load.
    if (s.default_text.empty()) continue;
    const std::string arg = flag + "=" + std::string(s.default_text);
    auto by_flag = load({arg.c_str()});
    EXPECT_TRUE(by_flag.ok()) << arg << ": " << message_;
    auto by_env = load({}, {{std::string(s.name), std::string(s.default_text)}});
    EXPECT_TRUE(by_env.ok()) << s.name << ": " << message_;
  }
}

TEST_F(CoreConfigLoad, EnvFileFlag) {
  write("custom.env", "PORT=2222\n");
  write(".env", "PORT=1111\n");
  auto r = load({"--env-file", "custom.env"});
  ASSERT_TRUE(r.ok()) << message_;
  EXPECT_EQ(r->port, 2222);
  std::string m = fails(Errc::env_file, {"--env-file", "missing.env"});
  EXPECT_NE(m.find("missing.env"), std::string::npos) << m;
}

TEST_F(CoreConfigLoad, MalformedEnvFileNamesTheLine) {
  write(".env", "PORT=1\nnot a line\n");
  EXPECT_EQ(fails(Errc::env_file, {}), ".env: line 2: expected KEY=VALUE");
}

TEST_F(CoreConfigLoad, BadFlags) {
  EXPECT_NE(fails(Errc::bad_flag, {"--no-such-flag", "1"}).find("no-such-flag"), std::string::npos);
  EXPECT_EQ(fails(Errc::bad_flag, {"--port"}),  // value missing
            "the required argument for option '--port' is missing (see --help)");
  EXPECT_EQ(fails(Errc::bad_flag, {"stray"}),
            "unexpected argument: settings are given as --name VALUE (see --help)");
  fails(Errc::bad_flag, {"--tls", "1"});      // no prefix guessing
  fails(Errc::bad_flag, {"--port", "1", "--port", "2"});
}

TEST_F(CoreConfigLoad, ValidationMessages) {
  EXPECT_EQ(fails(Errc::bad_number, {"--port", "http"}),
            "PORT='http' (from flag --port): not a number");
  EXPECT_EQ(fails(Errc::out_of_range, {}, {{"PORT", "70000"}}),
            "PORT='70000' (from environment): out of range (allowed 0..65535)");
  EXPECT_EQ(fails(Errc::out_of_range, {"--shards", "0"}),
            "SHARDS='0' (from flag --shards): out of range (allowed 1..1024)");
  EXPECT_EQ(fails(Errc::bad_url, {}, {{"OPENAI_BASE_URL", "ftp://x"}}),
            "OPENAI_BASE_URL='ftp://x' (from environment): URL scheme must be http, https, ws or wss");
  EXPECT_EQ(fails(Errc::bad_url, {"--gemini-base-url", "localhost:9000"}),
            "GEMINI_BASE_URL='localhost:9000' (from flag --gemini-base-url): not a URL (scheme://host)");
  EXPECT_EQ(fails(Errc::unknown_core, {"--default-core", "claude"}),
            "DEFAULT_CORE='claude' (from flag --default-core): unknown core (use auto, openai, "
            "gemini, azure or sim)");
  EXPECT_EQ(fails(Errc::unknown_core, {"--model-core-map", "gpt*=anthropic"}),
            "MODEL_CORE_MAP='gpt*=anthropic' (from flag --model-core-map): unknown core (use "
            "openai, gemini, azure or sim)");
  fails(Errc::bad_core_map, {"--model-core-map", "gpt"});
  fails(Errc::bad_value, {"--log-level", "verbose"});
  fails(Errc::bad_value, {"--journal-sync", "maybe"});
  fails(Errc::bad_origin, {"--allowed-origins", "http://a b"});
  fails(Errc::bad_number, {"--max-message-bytes", "16MB"});
  fails(Errc::out_of_range, {"--max-message-bytes", "2GiB"});
  fails(Errc::bad_url, {"--azure-openai-base-url", "example.com"});
}

TEST_F(CoreConfigLoad, AccountErrorsNeverPrintSecrets) {
  write(".env", "ACCOUNTS=alice=topsecret,bob:x=othersecret\n");
  const std::string m = fails(Errc::bad_accounts, {});
  EXPECT_EQ(m,
            "ACCOUNTS (from .env): ACCOUNTS entry 2: account id 'bob:x' must not contain ':', ',' "
            "or whitespace");
  write(".env", "");
  EXPECT_EQ(fails(Errc::bad_accounts, {}, {{"ACCOUNTS", "alice"}}),
            "ACCOUNTS (from environment): ACCOUNTS entry 1: expected id=secret");
  EXPECT_EQ(fails(Errc::out_of_range, {}, {{"TOKEN_SECRET", "short"}}),
            "TOKEN_SECRET (from environment): must be at least 16 characters (or unset for a "
            "random one)");
}

TEST_F(CoreConfigLoad, InconsistentSettings) {
  EXPECT_EQ(fails(Errc::inconsistent, {"--tls-port", "8443"}),
            "TLS_PORT is set, so TLS_CERT and TLS_KEY are required");
  fails(Errc::inconsistent, {"--tls-port", "8080", "--tls-cert", "c", "--tls-key", "k"});
  fails(Errc::inconsistent, {"--send-low-watermark", "1MiB"});
  fails(Errc::inconsistent, {"--send-high-watermark", "128MiB"});
  fails(Errc::inconsistent, {"--max-message-bytes", "100MiB"});
  fails(Errc::inconsistent, {"--default-core", "azure"});
}

TEST_F(CoreConfigLoad, AccountsFromListAndFile) {
  write("accounts.txt", "# team accounts\ncarol=c-secret\n");
  auto r = load({"--accounts-file", "accounts.txt"}, {{"ACCOUNTS", "alice=a-secret,bob=b-secret"}});
  ASSERT_TRUE(r.ok()) << message_;
  EXPECT_EQ(r->accounts.size(), 2u);
  EXPECT_EQ(r->file_accounts.size(), 1u);
  const AccountMap all = r->all_accounts();
  EXPECT_EQ(all.size(), 3u);
  EXPECT_EQ(all.at("carol"), "c-secret");
  write("accounts.txt", "alice=again\n");
  fails(Errc::bad_accounts, {"--accounts-file", "accounts.txt"}, {{"ACCOUNTS", "alice=a"}});
  fails(Errc::accounts_file, {"--accounts-file", "nope.txt"});
}

TEST_F(CoreConfigLoad, DefaultCoreFollowsTheKeys) {
  auto gem = load({}, {{"GEMINI_API_KEY", "g-key-123456"}});
  ASSERT_TRUE(gem.ok());
  EXPECT_EQ(gem->default_core, Core::gemini);
  auto both = load({}, {{"GEMINI_API_KEY", "g"}, {"OPENAI_API_KEY", "o"}});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->default_core, Core::openai);
  auto forced = load({"--default-core", "SIM"}, {{"OPENAI_API_KEY", "o"}});
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced->default_core, Core::sim);
}

TEST_F(CoreConfigLoad, DescribeRedactsSecrets) {
  write(".env", "OPENAI_API_KEY=sk-proj-verysecretvalue\nACCOUNTS=alice=hunter22,bob=pw\n");
  auto r = load({}, {{"TOKEN_SECRET", "0123456789abcdef-token"}});
  ASSERT_TRUE(r.ok()) << message_;
  EXPECT_EQ(r->token_secret, "0123456789abcdef-token");
  EXPECT_FALSE(r->token_secret_generated);
  const std::string d = r->describe();
  for (const char* secret : {"verysecret", "hunter22", "=pw", "0123456789abcdef"})
    EXPECT_EQ(d.find(secret), std::string::npos) << secret << " in\n" << d;
  EXPECT_NE(d.find("ACCOUNTS=alice,bob (env file)\n"), std::string::npos) << d;
  EXPECT_NE(d.find("OPENAI_API_KEY=sk…(23 chars) (env file)\n"), std::string::npos) << d;
  EXPECT_NE(d.find("GEMINI_API_KEY=(unset) (default)\n"), std::string::npos) << d;
  EXPECT_NE(d.find("DEFAULT_CORE=openai (auto) (default)\n"), std::string::npos) << d;
  auto fresh = load({});
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE(fresh->describe().find("TOKEN_SECRET=(random, generated at start) (default)\n"),
            std::string::npos);
}

TEST_F(CoreConfigLoad, OriginsAreCaseInsensitive) {
  auto r = load({"--allowed-origins", "https://App.example.com,http://localhost:3000"});
  ASSERT_TRUE(r.ok()) << message_;
  EXPECT_TRUE(r->allows_origin("https://app.EXAMPLE.com"));
  EXPECT_TRUE(r->allows_origin("http://localhost:3000"));
  EXPECT_FALSE(r->allows_origin("http://localhost:3001"));
  EXPECT_FALSE(r->allows_origin(""));
}

TEST_F(CoreConfigLoad, HelpListsEverySettingWithDefault) {
  auto r = load({"--help"});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(Errc::help_requested));
  const std::string& help = message_;
  EXPECT_EQ(help.rfind("Usage: switchyard [--flag VALUE]...", 0), 0u) << help;
  EXPECT_NE(help.find("\n  --env-file PATH\n"), std::string::npos);
  for (const Setting& s : settings()) {
    // One line per setting: flag, placeholder, variable and (unless secret) the default.
    std::string line = "\n  --" + flag_name(s.name) + " " + std::string(s.value_name) + "  [" +
                       std::string(s.name);
    if (!s.secret)
      line += ", default: " + std::string(s.default_text.empty() ? "none" : s.default_text);
    line += "]\n";
    EXPECT_NE(help.find(line), std::string::npos) << line;
    EXPECT_NE(help.find("\n" + std::string(s.section) + ":\n"), std::string::npos);
  }
  EXPECT_NE(help.find("\n  --port N  [PORT, default: 8080]\n      Plain WebSocket (ws://) port"),
            std::string::npos);
  EXPECT_NE(help.find("\n  --openai-api-key KEY  [OPENAI_API_KEY]\n"), std::string::npos);
  // Descriptions wrap at 100 columns.
  std::size_t start = 0;
  while (start < help.size()) {
    const std::size_t end = help.find('\n', start);
    EXPECT_LE(end - start, 100u) << help.substr(start, end - start);
    start = end + 1;
  }
  EXPECT_EQ(Config::help_text("switchyard"), help);
  // -h works too and wins over otherwise bad input.
  auto h = load({"-h"}, {{"PORT", "bad"}});
  ASSERT_FALSE(h.ok());
  EXPECT_TRUE(h.error().is(Errc::help_requested));
}

}  // namespace
}  // namespace sy::config
