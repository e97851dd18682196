// The gateway's application: the session endpoints, authentication, admission, and where each
// client's session lives.
//
//   GET /?rs_accid=&rs_u_sessid=&rs_auth=&rs_api=&rs_core=[&rs_exp=]    universal (original project)
//   GET [/core/{openai|gemini|azure|sim}][/session/<id>]/v1/realtime?model=M           OpenAI dialect
//   GET [/core/{...}]/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent
//                                                                                    Gemini dialect
//   POST /v1/realtime/client_secrets                                      mint an ephemeral token
//
// On the native paths the core comes from the /core/ prefix, else from the model name through
// MODEL_CORE_MAP (a Gemini client's model is read from its setup message).
//
// A client names its session (to resume it) by rs_u_sessid, by X-Session-Id, by a /session/<id>
// path segment, by an ephemeral token minted for a session id, or — Gemini clients — by the
// gateway's resumption handle in setup.sessionResumption.handle. A session found running on
// another shard gets the client's connection moved to it; a dormant one found elsewhere moves
// here. Either is asked of the other shards by message passing (docs/CONTINUITY.md).
#pragma once

#include <memory>
#include <vector>

#include "core/auth/credentials.h"
#include "core/config/config.h"
#include "core/metrics/gateway_metrics.h"
#include "core/server/application.h"
#include "core/session/limits.h"
#include "core/session/session_host.h"
#include "net/tls/tls_context.h"
#include "providers/registry/provider.h"

namespace sy::core {

class Engine;

class SessionApplication final : public Application {
 public:
  static Result<std::unique_ptr<SessionApplication>> create(const config::Config& cfg,
                                                            Engine& engine,
                                                            metrics::GatewayMetrics* gm);
  ~SessionApplication() override;

  std::optional<HttpReply> handle_http(const net::http::Request& request,
                                       const PeerInfo& peer) override;
  UpgradeDecision on_upgrade(const net::http::Request& request,
                             const net::http::UpgradeRequest& upgrade,
                             const PeerInfo& peer) override;
  void on_shard_start(Shard& shard) override;
  void on_shard_drain(Shard& shard) override;

  // SIGHUP: re-reads ACCOUNTS_FILE; sessions keep running with the snapshot they started with.
  void reload_accounts();

  [[nodiscard]] SessionHost& host(std::size_t shard) { return *hosts_.at(shard); }

 private:
  struct Request;
  struct Found;

  SessionApplication(const config::Config& cfg, Engine& engine, metrics::GatewayMetrics* gm);
  Status open_journals();
  UpgradeDecision accept(SessionSpec spec, bool may_exist, const net::http::UpgradeRequest& upgrade,
                         const PeerInfo& peer);
  std::string mint_handle(const SessionSpec& spec) const;

  // On the accepting shard: finds where the session lives and serves the client there.
  net::awaitable<void> serve_accepted(std::shared_ptr<Request> request, net::ws::Connection& c,
                                      unsigned shard, ConnectionHost* host);
  net::awaitable<void> find_and_serve(std::shared_ptr<Request> request, net::ws::Connection& c,
                                      unsigned shard, ConnectionHost* host);
  // On the shard that runs the session; `moved`: the connection came from another shard.
  net::awaitable<void> serve_here(std::shared_ptr<Request> request, net::ws::Connection& c,
                                  unsigned shard, std::string first, net::ws::Opcode first_op,
                                  bool moved);
  // Asks every other shard for the session (message passing); a dormant one is moved out.
  net::awaitable<std::unique_ptr<Found>> locate(unsigned here, std::uint64_t key);
  Found claim(unsigned shard, std::uint64_t key);

  config::Config cfg_;
  Engine& engine_;
  metrics::GatewayMetrics* gm_;
  auth::Accounts accounts_;
  auth::TokenMinter tokens_;
  providers::Registry providers_;
  std::unique_ptr<net::tls::TlsContext> upstream_tls_;
  SessionLimits limits_;
  SessionServices services_;
  std::vector<std::unique_ptr<ShardServices>> shards_;
  std::vector<std::unique_ptr<SessionHost>> hosts_;
};

}  // namespace sy::core
