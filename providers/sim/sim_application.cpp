#include "providers/sim/sim_application.h"

#include <simdjson.h>

#include "codec/json/writer.h"
#include "core/engine/shard.h"
#include "providers/sim/sim_driver.h"

namespace sy::providers::sim {

namespace {

using net::ws::Opcode;

std::string_view gemini_status_name(int status) {
  switch (status) {
    case 400: return "INVALID_ARGUMENT";
    case 401: return "UNAUTHENTICATED";
    case 403: return "PERMISSION_DENIED";
    case 404: return "NOT_FOUND";
    case 429: return "RESOURCE_EXHAUSTED";
    case 503: return "UNAVAILABLE";
    case 504: return "DEADLINE_EXCEEDED";
    default: return status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
  }
}

// The provider's words for a refused connection.
std::string_view refusal_message(int status) {
  switch (status) {
    case 401: return "Incorrect API key provided.";
    case 403: return "You are not allowed to access this resource.";
    case 404: return "The model does not exist or you do not have access to it.";
    case 429: return "You exceeded your current quota, please check your plan and billing details.";
    case 503: return "The server is overloaded. Please try again later.";
    default: return status >= 500 ? "The server had an error while processing your request."
                                  : "Invalid request.";
  }
}

// One WebSocket connection running one SimSession through a SimDriver.
class SimConnection final : public net::ws::Handler, private SimSink {
 public:
  SimConnection(net::ws::Connection& c, core::Shard& shard,
                std::shared_ptr<SimRecordCell> cell, const SimOptions& options)
      : conn_(c),
        cell_(cell),
        driver_(SimDriver::create(shard.context().get_executor(), options, std::move(cell), *this)) {
    // POST /_sim/drop reaches the connection through its shard's loop, while it lives.
    std::weak_ptr<bool> alive = alive_;
    core::Shard* sh = &shard;
    net::ws::Connection* conn = &c;
    std::lock_guard lock(cell_->mu);
    cell_->drop = [alive, sh, conn](std::uint16_t code) {
      sh->post([alive, conn, code] {
        if (alive.lock()) conn->close(code, "simulated provider failure");
      });
    };
  }

  ~SimConnection() {
    {
      std::lock_guard lock(cell_->mu);
      cell_->drop = nullptr;
    }
    driver_->stop(1006);  // a frame torn down early: cut the sink loose
  }
  SimConnection(const SimConnection&) = delete;
  SimConnection& operator=(const SimConnection&) = delete;

  void start() { driver_->open(); }
  void finish(const net::ws::CloseInfo& info) { driver_->stop(info.code); }

  void on_message(net::ws::Connection& c, Opcode op, std::span<std::uint8_t> payload) override {
    driver_->on_client_message(op, payload, c.readable_from(payload.data()));
  }
  void on_drain(net::ws::Connection& c) override { c.resume_reading(); }

 private:
  void sim_send(Opcode op, std::span<const std::uint8_t> payload, std::size_t) override {
    // The client reads slower than we answer: stop reading it until the queue drains.
    if (conn_.send(op, payload) == net::ws::SendStatus::backpressure) conn_.pause_reading();
  }
  void sim_close(std::uint16_t code, std::string_view reason) override { conn_.close(code, reason); }

  net::ws::Connection& conn_;
  std::shared_ptr<SimRecordCell> cell_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::shared_ptr<SimDriver> driver_;
};

// Accepts a connection only to close it at once (Gemini's answer to a wrong key).
class Closer final : public net::ws::Handler {
 public:
  void on_message(net::ws::Connection&, Opcode, std::span<std::uint8_t>) override {}
};

bool has_prefix(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool has_suffix(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// The request path and query as recorded: credentials are left out.
std::string recorded_path(const net::http::Request& r) {
  std::string out = r.path;
  char sep = '?';
  for (const auto& [k, v] : r.query) {
    if (k == "key" || k == "access_token") continue;
    out += sep;
    out += k;
    if (!v.empty()) {
      out += '=';
      out += v;
    }
    sep = '&';
  }
  return out;
}

}  // namespace

SimApplication::SimApplication(SimServerOptions options) : options_(std::move(options)) {}
SimApplication::~SimApplication() = default;

std::optional<core::HttpReply> SimApplication::handle_http(const net::http::Request& request,
                                                           const core::PeerInfo&) {
  core::HttpReply reply;
  reply.content_type = "application/json";
  if (request.path == "/_sim/sessions") {
    if (request.method != "GET") {
      reply.status = 405;
      reply.body = R"({"error":"use GET"})";
      return reply;
    }
    reply.body = sessions_json();
    return reply;
  }
  if (request.path == "/_sim/drop" || request.path == "/_sim/faults") {
    if (request.method != "POST") {
      reply.status = 405;
      reply.body = R"({"error":"use POST"})";
      return reply;
    }
    if (request.path == "/_sim/faults") return set_faults(request.body);
    int code = 1011;
    if (auto c = request.query_param("code")) code = std::atoi(std::string(*c).c_str());
    if (code < 1000 || code > 4999) code = 1011;
    reply.body = R"({"dropped":)" + std::to_string(drop_all(static_cast<std::uint16_t>(code))) + "}";
    return reply;
  }
  if (request.path == "/_sim/reset") {
    if (request.method != "POST") {
      reply.status = 405;
      reply.body = R"({"error":"use POST"})";
      return reply;
    }
    reset();
    reply.body = R"({"ok":true})";
    return reply;
  }
  return std::nullopt;
}

std::string SimApplication::sessions_json() const {
  std::vector<std::shared_ptr<SimRecordCell>> entries;
  {
    std::lock_guard lock(mu_);
    entries = entries_;
  }
  codec::json::Writer w;
  w.begin_object();
  w.key("sessions");
  w.begin_array();
  for (const auto& e : entries) {
    std::lock_guard lock(e->mu);
    write_record(e->record, w);
  }
  w.end_array();
  w.end_object();
  return std::string(w.view());
}

SimServerOptions SimApplication::current_options() const {
  std::lock_guard lock(options_mu_);
  return options_;
}

core::HttpReply SimApplication::set_faults(std::string_view body) {
  core::HttpReply reply;
  reply.content_type = "application/json";
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS || !doc.is_object()) {
    reply.status = 400;
    reply.body = R"({"error":"the body must be a JSON object"})";
    return reply;
  }
  std::lock_guard lock(options_mu_);
  std::uint64_t v = 0;
  if (doc["delay_first_audio_ms"].get(v) == simdjson::SUCCESS)
    options_.session.delay_first_audio_ms = static_cast<std::uint32_t>(v);
  if (doc["close_after_events"].get(v) == simdjson::SUCCESS)
    options_.session.close_after_events = static_cast<std::uint32_t>(v);
  if (doc["refuse"].get(v) == simdjson::SUCCESS) options_.refuse_status = static_cast<int>(v);
  reply.body = R"({"ok":true})";
  return reply;
}

std::size_t SimApplication::drop_all(std::uint16_t code) {
  std::vector<std::shared_ptr<SimRecordCell>> entries;
  {
    std::lock_guard lock(mu_);
    entries = entries_;
  }
  std::size_t n = 0;
  for (const auto& e : entries) {
    std::lock_guard lock(e->mu);
    if (e->drop && e->record.open) {
      e->drop(code);
      ++n;
    }
  }
  return n;
}

void SimApplication::reset() {
  std::lock_guard lock(mu_);
  entries_.clear();
}

core::HttpReply SimApplication::refusal(int status, std::string_view message) const {
  core::HttpReply reply;
  reply.status = status;
  reply.content_type = "application/json";
  codec::json::Writer w;
  w.begin_object();
  w.key("error");
  w.begin_object();
  if (options_.session.face == Face::gemini) {
    w.key("code");
    w.integer(status);
    w.key("message");
    w.string(message);
    w.key("status");
    w.string(gemini_status_name(status));
  } else {
    std::string_view type = status == 429   ? "requests"
                            : status >= 500 ? "server_error"
                                            : "invalid_request_error";
    std::string_view code = status == 401   ? "invalid_api_key"
                            : status == 404 ? "model_not_found"
                            : status == 429 ? "rate_limit_exceeded"
                                            : "";
    w.key("message");
    w.string(message);
    w.key("type");
    w.string(type);
    w.key("code");
    if (code.empty()) {
      w.null();
    } else {
      w.string(code);
    }
    w.key("param");
    w.null();
  }
  w.end_object();
  w.end_object();
  reply.body = std::string(w.view());
  return reply;
}

core::UpgradeDecision SimApplication::on_upgrade(const net::http::Request& request,
                                                 const net::http::UpgradeRequest& upgrade,
                                                 const core::PeerInfo& peer) {
  const int refuse = current_options().refuse_status;
  if (refuse != 0) return refusal(refuse, refusal_message(refuse));
  if (options_.session.face == Face::openai) return upgrade_openai(request, upgrade, peer);
  return upgrade_gemini(request, peer);
}

core::UpgradeDecision SimApplication::upgrade_openai(const net::http::Request& request,
                                                     const net::http::UpgradeRequest& upgrade,
                                                     const core::PeerInfo& peer) {
  const std::string& path = request.path;
  if (path != "/v1/realtime" && path != "/realtime" && path != "/openai/v1/realtime") {
    return refusal(404, "Invalid URL (GET " + path + ")");
  }
  std::string_view key;
  if (upgrade.authorization && has_prefix(*upgrade.authorization, "Bearer ")) {
    key = std::string_view(*upgrade.authorization).substr(7);
  } else if (auto k = request.header("api-key")) {
    key = *k;  // Azure OpenAI
  }
  bool beta = false;
  bool offered_realtime = false;
  for (const std::string& p : upgrade.subprotocols) {
    if (has_prefix(p, "openai-insecure-api-key.")) key = std::string_view(p).substr(24);
    if (p == "openai-beta.realtime-v1") beta = true;
    if (p == "realtime") offered_realtime = true;
  }
  if (!options_.api_key.empty() && key != options_.api_key) {
    return refusal(401, key.empty() ? "You didn't provide an API key. You need to provide your "
                                      "API key in an Authorization header using Bearer auth."
                                    : "Incorrect API key provided.");
  }
  if (auto h = request.header("OpenAI-Beta"); h && h->find("realtime=v1") != std::string_view::npos) {
    beta = true;
  }
  SimOptions session = current_options().session;
  session.model = std::string(request.query_param("model").value_or(""));
  session.openai_beta = beta;
  std::optional<std::string> sub;
  if (offered_realtime) sub = "realtime";
  return accept(std::move(session), recorded_path(request), peer, sub, 0, {});
}

core::UpgradeDecision SimApplication::upgrade_gemini(const net::http::Request& request,
                                                     const core::PeerInfo& peer) {
  const std::string& path = request.path;
  if (!has_prefix(path, "/ws/google.ai.generativelanguage.") ||
      !(has_suffix(path, ".BidiGenerateContent") ||
        has_suffix(path, ".BidiGenerateContentConstrained"))) {
    return refusal(404, "Method not found.");
  }
  std::string_view key = request.query_param("key").value_or("");
  if (key.empty()) key = request.header("x-goog-api-key").value_or("");
  if (key.empty()) key = request.query_param("access_token").value_or("");
  SimOptions session = current_options().session;
  if (!options_.api_key.empty() && key != options_.api_key) {
    return accept(std::move(session), recorded_path(request), peer, std::nullopt, 1007,
                  "API key not valid. Please pass a valid API key.");
  }
  return accept(std::move(session), recorded_path(request), peer, std::nullopt, 0, {});
}

core::UpgradeDecision SimApplication::accept(SimOptions session, std::string path,
                                             const core::PeerInfo& peer,
                                             std::optional<std::string> subprotocol,
                                             std::uint16_t close_code, std::string close_reason) {
  auto entry = std::make_shared<SimRecordCell>();
  std::uint64_t id = next_id_.fetch_add(1, std::memory_order_relaxed);
  entry->record.id = id;
  entry->record.path = std::move(path);
  entry->record.face = session.face == Face::openai ? "openai" : "gemini";
  entry->record.model = session.model;
  if (session.session_id.empty()) session.session_id = "sess_sim" + std::to_string(id);
  {
    std::lock_guard lock(mu_);
    entries_.push_back(entry);
  }
  core::Shard* shard = peer.shard;
  core::UpgradeAccept a;
  a.subprotocol = std::move(subprotocol);
  a.run = [entry, shard, session = std::move(session), close_code,
           close_reason = std::move(close_reason)](net::ws::Connection& c) -> net::awaitable<void> {
    if (close_code != 0 || shard == nullptr) {
      Closer closer;
      c.close(close_code != 0 ? close_code : 1011, close_reason);
      net::ws::CloseInfo info = co_await c.run(closer);
      std::lock_guard lock(entry->mu);
      entry->record.open = false;
      entry->record.close_code = info.code;
      co_return;
    }
    SimConnection conn(c, *shard, entry, session);
    conn.start();
    net::ws::CloseInfo info = co_await c.run(conn);
    conn.finish(info);
  };
  return a;
}

}  // namespace sy::providers::sim
