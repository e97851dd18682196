#include "core/session/session_app.h"

#include <simdjson.h>

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <filesystem>

#include "codec/translate/control.h"
#include "core/auth/hmac.h"
#include "core/base/log.h"
#include "core/base/random.h"
#include "core/engine/engine.h"
#include "net/http/subprotocol.h"
#include "persistence/checkpoint/records.h"

namespace sy::core {

namespace asio = boost::asio;
namespace http = net::http;
namespace cp = persist::checkpoint;
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
  std::uint8_t b[12];
  base::random_bytes(b, sizeof b);
  return "sess_" + auth::to_hex(b, sizeof b);
}


}  // namespace

SessionApplication::SessionApplication(const config::Config& cfg, Engine& engine,
                                       metrics::GatewayMetrics* gm)
    : cfg_(cfg),
      engine_(engine),
      gm_(gm),
      accounts_(cfg.all_accounts()),
      tokens_(cfg.token_secret),
      limits_(cfg.max_sessions_per_ip, cfg.max_sessions_per_account) {}

SessionApplication::~SessionApplication() = default;

Result<std::unique_ptr<SessionApplication>> SessionApplication::create(
    const config::Config& cfg, Engine& engine, metrics::GatewayMetrics* gm) {
  auto app = std::unique_ptr<SessionApplication>(new SessionApplication(cfg, engine, gm));
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
    app->hosts_.push_back(std::make_unique<SessionHost>(
        app->services_, *s, engine.shard(i).context().get_executor()));
    app->shards_.push_back(std::move(s));
  }
  if (auto st = app->open_journals(); !st) return st.error();
  return app;
}

Status SessionApplication::open_journals() {
  if (cfg_.journal_dir.empty()) {
    SY_INFO("journal: off (JOURNAL_DIR is empty): sessions survive client drops, not restarts");
    return {};
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(cfg_.journal_dir, ec);
  persist::journal::JournalOptions jo;
  jo.segment_bytes = cfg_.journal_segment_bytes;
  jo.sync = cfg_.journal_sync == config::JournalSync::none     ? persist::journal::SyncPolicy::none
            : cfg_.journal_sync == config::JournalSync::always ? persist::journal::SyncPolicy::always
                                                               : persist::journal::SyncPolicy::interval;
  jo.sync_interval_ms = cfg_.journal_sync_interval_ms;
  // JOURNAL_MAX_BYTES is for the whole journal; each shard keeps its share.
  jo.max_bytes = std::max<std::uint64_t>(cfg_.journal_max_bytes / hosts_.size(), 2 * jo.segment_bytes);
  std::size_t recovered = 0;
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    std::string dir = cfg_.journal_dir + "/shard-" + std::to_string(i);
    auto n = hosts_[i]->open_journal(dir, jo, cfg_.journal_prefault);
    if (!n) {
      SY_ERROR("journal %s: %s", dir.c_str(), n.error().message);
      return n.error();
    }
    recovered += *n;
  }
  // A previous run with more shards left journals no shard owns now: their sessions are adopted.
  for (const auto& entry : fs::directory_iterator(cfg_.journal_dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("shard-", 0) != 0) continue;
    char* end = nullptr;
    unsigned long index = std::strtoul(name.c_str() + 6, &end, 10);
    if (end == name.c_str() + 6 || *end != '\0' || index < hosts_.size()) continue;
    persist::journal::MmapStoreOptions ro;
    ro.read_only = true;
    auto store = persist::journal::MmapSegmentStore::open(entry.path().string(), ro);
    if (!store) continue;
    std::vector<cp::RecoveredSession> sessions;
    if (auto stats = cp::CheckpointLog::recover(**store, sessions); stats) {
      recovered += sessions.size();
      hosts_[index % hosts_.size()]->adopt_recovered(std::move(sessions));
      store->reset();
      fs::remove_all(entry.path(), ec);
    }
  }
  SY_INFO("journal: %s, %zu resumable session(s) recovered", cfg_.journal_dir.c_str(), recovered);
  return {};
}

void SessionApplication::on_shard_start(Shard& shard) {
  hosts_.at(static_cast<std::size_t>(shard.index()))->start();
}

void SessionApplication::on_shard_drain(Shard& shard) {
  hosts_.at(static_cast<std::size_t>(shard.index()))->shutdown();
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
    return accept(std::move(spec), true, up, peer);
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
    if (auto h = req.header("X-Session-Id"); h && !h->empty()) spec.session_id = std::string(*h);
  }
  // A Gemini client without one may still name its session by a handle in its setup.
  bool named = !spec.session_id.empty();
  if (!named && spec.dialect == Dialect::openai) spec.session_id = random_session_id();
  return accept(std::move(spec), named, up, peer);
}

struct SessionApplication::Request {
  SessionSpec spec;
  std::uint64_t key = 0;
  bool may_exist = false;  // named by the client: look for it before starting a new one
  std::shared_ptr<SessionLimits::Ticket> ticket;  // held while the client is connected
};

struct SessionApplication::Found {
  enum class Kind : std::uint8_t { none, live, dormant } kind = Kind::none;
  unsigned shard = 0;
  std::optional<SessionHost::Dormant> dormant;
};

std::string SessionApplication::mint_handle(const SessionSpec& spec) const {
  // A handle names the session; whether it still exists is SESSION_TTL's business, so it is
  // accepted for as long as a session can last and be waited for, plus a day.
  std::int64_t life = static_cast<std::int64_t>(cfg_.max_session_seconds) + cfg_.session_ttl_seconds +
                      86'400;
  return tokens_.mint(spec.account, unix_now() + life, spec.session_id, "rh_");
}

UpgradeDecision SessionApplication::accept(SessionSpec spec, bool may_exist,
                                           const http::UpgradeRequest& up, const PeerInfo& peer) {
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
  auto request = std::make_shared<Request>();
  request->spec = std::move(spec);
  request->may_exist = may_exist;
  request->ticket = std::move(ticket);
  if (!request->spec.session_id.empty()) {
    request->key = cp::session_key(request->spec.account, request->spec.session_id);
    request->spec.client_handle = mint_handle(request->spec);
  }
  const unsigned shard = static_cast<unsigned>(peer.shard->index());
  ConnectionHost* host = peer.host;
  a.run = [this, request, shard, host](net::ws::Connection& c) {
    return serve_accepted(request, c, shard, host);
  };
  return a;
}

namespace {

// Reads a client's first message, then stops reading without closing, so the connection can be
// given to whichever shard runs the session the message names.
class FirstMessage final : public net::ws::Handler {
 public:
  void on_message(net::ws::Connection& c, net::ws::Opcode op,
                  std::span<std::uint8_t> payload) override {
    op_ = op;
    bytes_.assign(reinterpret_cast<const char*>(payload.data()), payload.size());
    got_ = true;
    c.hand_off();
  }
  [[nodiscard]] bool got() const { return got_; }
  std::string& bytes() { return bytes_; }
  [[nodiscard]] net::ws::Opcode op() const { return op_; }

 private:
  std::string bytes_;
  net::ws::Opcode op_ = net::ws::Opcode::text;
  bool got_ = false;
};

}  // namespace

net::awaitable<void> SessionApplication::serve_accepted(std::shared_ptr<Request> request,
                                                        net::ws::Connection& c, unsigned shard,
                                                        ConnectionHost* host) {
  // Not a coroutine: a client whose session needs no looking up goes straight to it, and no frame
  // of this function's is kept for the connection's life.
  if (!request->spec.session_id.empty()) {
    SessionHost& here = *hosts_[shard];
    Session* local = here.find(request->key);
    const bool found_here = (local && !local->ended()) || here.has_dormant(request->key);
    if (!request->may_exist || found_here || engine_.size() < 2)
      return serve_here(std::move(request), c, shard, {}, net::ws::Opcode::text, false);
  }
  return find_and_serve(std::move(request), c, shard, host);
}

namespace {

// What finding a session takes, kept off the coroutine frame (which lives as long as the
// connection when the session turns out to be here).
struct Finding {
  FirstMessage reader;
  std::string first;
  net::ws::Opcode first_op = net::ws::Opcode::text;
};

}  // namespace

net::awaitable<void> SessionApplication::find_and_serve(std::shared_ptr<Request> request,
                                                        net::ws::Connection& c, unsigned shard,
                                                        ConnectionHost* host) {
  auto finding = std::make_unique<Finding>();
  bool released = false;
  if (request->spec.session_id.empty()) {
    // A Gemini client: its setup says which session it resumes, if any.
    (void)co_await c.run(finding->reader);
    if (!finding->reader.got() || !c.handed_off()) co_return;  // it left, or broke the protocol
    finding->first = std::move(finding->reader.bytes());
    finding->first_op = finding->reader.op();
    released = true;
    auto hello = codec::translate::read_gemini_hello(finding->first);
    if (!hello.handle.empty()) {
      auto who = tokens_.verify(hello.handle, unix_now(), "rh_");
      if (!who || who->account != request->spec.account || !who->session_id) {
        // Not a handle of this gateway's for this account: the client must start afresh.
        SY_INFO("refused a resumption handle for account %s", request->spec.account.c_str());
        c.close(1008, "session resumption handle is not valid for this account");
        co_return;
      }
      request->spec.session_id = *who->session_id;
      request->may_exist = true;
    } else {
      request->spec.session_id = random_session_id();
    }
    request->key = cp::session_key(request->spec.account, request->spec.session_id);
    request->spec.client_handle = mint_handle(request->spec);
  }

  unsigned target = shard;
  SessionHost& here = *hosts_[shard];
  Session* local = here.find(request->key);
  if (request->may_exist && !(local && !local->ended()) && !here.has_dormant(request->key)) {
    std::unique_ptr<Found> f = co_await locate(shard, request->key);
    if (f->kind == Found::Kind::live) {
      target = f->shard;
    } else if (f->kind == Found::Kind::dormant && f->dormant) {
      here.put_dormant(request->key, std::move(*f->dormant));
    }
  }
  if (target != shard || released) {
    if (!host) co_return;
    if (!released && !c.transport().is_open()) co_return;
    // The session lives there (or the connection was stopped to read its first message): the
    // connection goes to it, with the bytes it has not parsed yet.
    auto app = this;
    const bool moved = target != shard;
    host->adopt(target, c.release(),
                [app, request, target, first = std::move(finding->first), op = finding->first_op,
                 moved](net::ws::Connection& conn) mutable -> net::awaitable<void> {
                  return app->serve_here(request, conn, target, std::move(first), op, moved);
                });
    co_return;
  }
  std::string first = std::move(finding->first);
  const net::ws::Opcode op = finding->first_op;
  finding.reset();
  co_await serve_here(request, c, shard, std::move(first), op, false);
}

net::awaitable<void> SessionApplication::serve_here(std::shared_ptr<Request> request,
                                                    net::ws::Connection& c, unsigned shard,
                                                    std::string first, net::ws::Opcode first_op,
                                                    bool moved) {
  // Not a coroutine either: what runs for the connection's life is the session's own serve().
  SessionHost& host = *hosts_[shard];
  Session* s = host.find(request->key);
  if (s && s->ended()) s = nullptr;
  bool resumed = false;
  auto count = [&](metrics::ResumeKind kind) {
    if (gm_) gm_->resumes[metrics::idx(moved ? metrics::ResumeKind::moved : kind)].inc(shard);
  };
  if (s) {
    resumed = true;
    count(metrics::ResumeKind::live);
  } else if (auto d = host.take_dormant(request->key, false)) {
    s = &host.create(request->spec, request->key);
    s->begin_restored(std::move(d->conversation));
    resumed = true;
    count(metrics::ResumeKind::dormant);
  } else {
    s = &host.create(request->spec, request->key);
    s->begin_new();
  }
  if (resumed)
    SY_INFO("session %s resumed on shard %u", request->spec.session_id.c_str(), shard);
  return s->serve(c, resumed, std::move(first), first_op);
}

SessionApplication::Found SessionApplication::claim(unsigned shard, std::uint64_t key) {
  SessionHost& host = *hosts_[shard];
  Found f;
  f.shard = shard;
  if (Session* s = host.find(key); s && !s->ended()) {
    f.kind = Found::Kind::live;
  } else if (auto d = host.take_dormant(key, true)) {
    f.kind = Found::Kind::dormant;
    f.dormant = std::move(d);
  }
  return f;
}

net::awaitable<std::unique_ptr<SessionApplication::Found>> SessionApplication::locate(
    unsigned here, std::uint64_t key) {
  if (engine_.size() < 2) co_return std::make_unique<Found>();
  auto ex = co_await asio::this_coro::executor;
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::unique_ptr<Found>)>(
      [this, here, key, ex](auto handler) {
        // Every other shard answers on this shard's loop; the first that has it wins.
        struct State {
          decltype(handler) done;
          std::size_t waiting;
          std::unique_ptr<Found> found;
        };
        auto state = std::make_shared<State>(
            State{std::move(handler), engine_.size() - 1, std::make_unique<Found>()});
        for (std::size_t i = 0; i < engine_.size(); ++i) {
          if (i == here) continue;
          engine_.shard(i).post([this, i, key, ex, state] {
            auto result = std::make_shared<Found>(claim(static_cast<unsigned>(i), key));
            asio::post(ex, [state, result] {
              // A key lives on one shard; should a race of reconnects have left two, the first
              // answer wins.
              if (state->found->kind == Found::Kind::none) *state->found = std::move(*result);
              if (--state->waiting == 0) std::move(state->done)(std::move(state->found));
            });
          });
        }
      },
      asio::use_awaitable);
}

}  // namespace sy::core
