#include "core/session/session_app.h"

#include <simdjson.h>

#include <chrono>
#include <random>

#include "core/auth/hmac.h"
#include "core/base/log.h"
#include "core/engine/engine.h"
#include "net/http/subprotocol.h"

namespace sy::core {

namespace http = net::http;
using codec::translate::Dialect;

namespace {

constexpr std::string_view kGeminiPath =
    "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";
constexpr std::string_view kGeminiConstrainedPath =
    "/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained";

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

HttpReply refusal(int status, std::string message) {
  HttpReply r;
  r.status = status;
  r.content_type = "application/json";
  std::string escaped;
  for (char c : message) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
  }
  r.body = R"({"error":{"message":")" + escaped + R"(","code":)" + std::to_string(status) + "}}\n";
  return r;
}

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

std::optional<config::Core> core_from_param(std::string_view v) {
  std::string u = upper(v);
  if (u == "OPENAI") return config::Core::openai;
  if (u == "GEMINI") return config::Core::gemini;
  if (u == "AZURE") return config::Core::azure;
  if (u == "SIM") return config::Core::sim;
  return std::nullopt;
}

std::string random_session_id() {
  std::random_device rd;
  std::uint8_t b[12];
  for (auto& x : b) x = static_cast<std::uint8_t>(rd());
  return "sess_" + auth::to_hex(b, sizeof b);
}


}  // namespace

SessionApplication::SessionApplication(const config::Config& cfg, metrics::GatewayMetrics* gm)
    : cfg_(cfg),
      gm_(gm),
      accounts_(cfg.all_accounts()),
      tokens_(cfg.token_secret),
      limits_(cfg.max_sessions_per_ip, cfg.max_sessions_per_account) {}

Result<std::unique_ptr<SessionApplication>> SessionApplication::create(
    const config::Config& cfg, Engine& engine, metrics::GatewayMetrics* gm) {
  auto app = std::unique_ptr<SessionApplication>(new SessionApplication(cfg, gm));
  providers::register_builtin_providers(app->providers_);
  if (auto s = app->providers_.build(app->cfg_); !s) return s.error();
  auto tls = net::tls::TlsContext::client(cfg.tls_ca_file, true);
  if (tls) {
    app->upstream_tls_ = std::make_unique<net::tls::TlsContext>(std::move(*tls));
  } else {
    SY_WARN("no TLS client context (%s): TLS upstreams will fail", tls.error().message);
  }
  app->services_ = SessionServices{&app->cfg_, &app->providers_, app->upstream_tls_.get(), gm};
  for (std::size_t i = 0; i < engine.size(); ++i) {
    auto s = std::make_unique<ShardServices>();
    s->shard = static_cast<unsigned>(i);
    s->receive_buffer = engine.shard(i).receive_buffer();
    if (gm) {
      using metrics::Direction;
      using metrics::Leg;
      using metrics::idx;
      auto& m = s->upstream_metrics;
      m.shard = s->shard;
      m.messages_in = gm->ws_messages[idx(Leg::upstream)][idx(Direction::in)];
      m.bytes_in = gm->ws_bytes[idx(Leg::upstream)][idx(Direction::in)];
      m.messages_out = gm->ws_messages[idx(Leg::upstream)][idx(Direction::out)];
      m.bytes_out = gm->ws_bytes[idx(Leg::upstream)][idx(Direction::out)];
    }
    app->shards_.push_back(std::move(s));
  }
  return app;
}

void SessionApplication::reload_accounts() {
  if (cfg_.accounts_file.empty()) return;
  std::string msg;
  auto file = config::load_accounts_file(cfg_.accounts_file, &msg);
  if (!file) {
    SY_WARN("ACCOUNTS_FILE reload failed, keeping the previous accounts: %s", msg.c_str());
    return;
  }
  auto merged = config::merge_accounts(cfg_.accounts, *file, &msg);
  if (!merged) {
    SY_WARN("ACCOUNTS_FILE reload failed, keeping the previous accounts: %s", msg.c_str());
    return;
  }
  SY_INFO("accounts reloaded: %zu account(s)", merged->size());
  accounts_.replace(std::move(*merged));
}

std::optional<HttpReply> SessionApplication::handle_http(const http::Request& req,
                                                        const PeerInfo&) {
  if (req.path != "/v1/realtime/client_secrets") return std::nullopt;
  if (req.method != "POST") return refusal(405, "use POST");
  auto authz = req.header("Authorization");
  if (!authz || authz->substr(0, 7) != "Bearer ")
    return refusal(401, "missing Authorization: Bearer <account id>:<secret>");
  std::string_view cred = authz->substr(7);
  if (cred.substr(0, 3) == "ek_") return refusal(403, "an ephemeral token cannot mint tokens");
  auto book = accounts_.snapshot();
  auto who = auth::verify_key(*book, tokens_, cred, unix_now());
  if (!who) return refusal(401, who.error().message);

  std::int64_t lifetime = 600;
  std::optional<std::string> session_id;
  if (!req.body.empty()) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(req.body).get(doc) != simdjson::SUCCESS)
      return refusal(400, "the body is not JSON");
    std::int64_t secs = 0;
    if (doc.at_pointer("/expires_after/seconds").get(secs) == simdjson::SUCCESS) {
      if (secs < 10 || secs > auth::TokenMinter::kMaxLifetimeSeconds)
        return refusal(400, "expires_after.seconds must be between 10 and 3600");
      lifetime = secs;
    }
    std::string_view sid;
    if (doc.at_pointer("/session_id").get(sid) == simdjson::SUCCESS) session_id = std::string(sid);
  }
  std::int64_t expires_at = unix_now() + lifetime;
  std::string token = tokens_.mint(who->account, expires_at, session_id);
  HttpReply r;
  r.content_type = "application/json";
  r.body = R"({"value":")" + token + R"(","expires_at":)" + std::to_string(expires_at) +
           R"(,"session":{"type":"realtime","object":"realtime.session"}})" + "\n";
  return r;
}

UpgradeDecision SessionApplication::on_upgrade(const http::Request& req,
                                               const http::UpgradeRequest& up,
                                               const PeerInfo& peer) {
  if (up.origin && !cfg_.allows_origin(*up.origin))
    return refusal(403, "this Origin is not allowed (ALLOWED_ORIGINS)");
  auto book = accounts_.snapshot();
  const std::int64_t now = unix_now();
  SessionSpec spec;

  if (req.path == "/") {
    // The universal endpoint of the original project.
    auto accid = req.query_param("rs_accid");
    auto sessid = req.query_param("rs_u_sessid");
    auto mac = req.query_param("rs_auth");
    if (!accid || accid->empty()) return refusal(400, "missing parameter rs_accid");
    if (!sessid || sessid->empty()) return refusal(400, "missing parameter rs_u_sessid");
    if (!mac || mac->empty()) return refusal(400, "missing parameter rs_auth");
    std::string api = upper(req.query_param("rs_api").value_or("OPENAI"));
    if (api != "OPENAI" && api != "GEMINI")
      return refusal(400, "rs_api must be one of OPENAI, GEMINI");
    auto core = core_from_param(req.query_param("rs_core").value_or(api));
    if (!core) return refusal(400, "rs_core must be one of OPENAI, GEMINI, AZURE, SIM");
    auto who = auth::verify_universal(*book, *accid, *sessid, *mac, req.query_param("rs_exp"), now);
    if (!who) return refusal(401, who.error().message);
    spec.dialect = api == "OPENAI" ? Dialect::openai : Dialect::gemini;
    spec.core = core;
    spec.account = who->account;
    spec.session_id = std::string(*sessid);
    spec.model = std::string(req.query_param("model").value_or(""));
    spec.openai_beta = req.header("OpenAI-Beta").value_or("").find("realtime=v1") !=
                       std::string_view::npos;
    return accept(std::move(spec), up, peer);
  }

  // Native paths: [/core/<core>][/session/<id>]<protocol path>
  std::string_view path = req.path;
  if (path.substr(0, 6) == "/core/") {
    auto slash = path.find('/', 6);
    auto name = path.substr(6, slash == std::string_view::npos ? path.npos : slash - 6);
    spec.core = core_from_param(name);
    if (!spec.core) return refusal(404, "unknown core in path; use openai, gemini, azure or sim");
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  if (path.substr(0, 9) == "/session/") {
    auto slash = path.find('/', 9);
    if (slash == std::string_view::npos) return refusal(404, "not found");
    spec.session_id = std::string(path.substr(9, slash - 9));
    path = path.substr(slash);
  }

  std::string_view credential;
  if (path == "/v1/realtime" || path == "/realtime") {
    spec.dialect = Dialect::openai;
    if (auto a = req.header("Authorization"); a && a->substr(0, 7) == "Bearer ")
      credential = a->substr(7);
    else if (auto sub = http::subprotocol_credential(up.subprotocols))
      credential = *sub;
    spec.model = std::string(req.query_param("model").value_or(""));
    if (!spec.core) spec.core = cfg_.core_for_model(spec.model);
    spec.openai_beta = req.header("OpenAI-Beta").value_or("").find("realtime=v1") !=
                       std::string_view::npos;
  } else if (path == kGeminiPath || path == kGeminiConstrainedPath) {
    spec.dialect = Dialect::gemini;
    if (auto k = req.query_param("key")) credential = *k;
    else if (auto h = req.header("x-goog-api-key")) credential = *h;
    else if (auto t = req.query_param("access_token")) credential = *t;
  } else {
    return refusal(404, "not found: use /, /v1/realtime or the Gemini Live path");
  }
  if (credential.empty()) return refusal(401, "missing credential");
  auto who = auth::verify_key(*book, tokens_, credential, now);
  if (!who) return refusal(401, who.error().message);
  spec.account = who->account;
  if (who->session_id) {
    if (!spec.session_id.empty() && spec.session_id != *who->session_id)
      return refusal(403, "this token was minted for another session");
    spec.session_id = *who->session_id;
  }
  if (spec.session_id.empty()) {
    if (auto h = req.header("X-Session-Id")) spec.session_id = std::string(*h);
    else spec.session_id = random_session_id();
  }
  return accept(std::move(spec), up, peer);
}

UpgradeDecision SessionApplication::accept(SessionSpec spec, const http::UpgradeRequest& up,
                                           const PeerInfo& peer) {
  auto ticket = limits_.admit(peer.address, spec.account);
  if (!ticket) {
    HttpReply r = refusal(429, "too many sessions for this client address or account");
    r.headers.emplace_back("Retry-After", "5");
    return r;
  }
  UpgradeAccept a;
  if (spec.dialect == Dialect::openai) {
    static constexpr std::string_view kSupported[] = {"realtime"};
    if (auto s = http::select_subprotocol(up.subprotocols, kSupported)) a.subprotocol = std::string(*s);
  }
  ShardServices* shard = shards_[static_cast<std::size_t>(peer.shard->index())].get();
  const SessionServices* services = &services_;
  a.run = [services, shard, spec = std::move(spec),
           ticket = std::move(ticket)](net::ws::Connection& c) {
    return serve_session(*services, *shard, spec, ticket, c);
  };
  return a;
}

net::awaitable<void> serve_session(const SessionServices& services, const ShardServices& shard,
                                   SessionSpec spec, std::shared_ptr<SessionLimits::Ticket> ticket,
                                   net::ws::Connection& client) {
  Session session(services, shard, std::move(spec), client.transport().socket().get_executor());
  co_await session.run(client);
  (void)ticket;  // held for the session's lifetime: releases the admission counts at the end
}

}  // namespace sy::core
