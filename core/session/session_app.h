// The gateway's application: the session endpoints, authentication and admission.
//
//   GET /?rs_accid=&rs_u_sessid=&rs_auth=&rs_api=&rs_core=[&rs_exp=]    universal (original project)
//   GET [/core/{openai|gemini|azure|sim}][/session/<id>]/v1/realtime?model=M           OpenAI dialect
//   GET [/core/{...}]/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent
//                                                                                    Gemini dialect
//   POST /v1/realtime/client_secrets                                      mint an ephemeral token
//
// On the native paths the core comes from the /core/ prefix, else from the model name through
// MODEL_CORE_MAP (a Gemini client's model is read from its setup message).
#pragma once

#include <memory>
#include <vector>

#include "core/auth/credentials.h"
#include "core/config/config.h"
#include "core/metrics/gateway_metrics.h"
#include "core/server/application.h"
#include "core/session/limits.h"
#include "core/session/session.h"
#include "net/tls/tls_context.h"
#include "providers/registry/provider.h"

namespace sy::core {

class Engine;

// Runs one session on its client connection (the admission ticket is held until it ends).
net::awaitable<void> serve_session(const SessionServices& services, const ShardServices& shard,
                                   SessionSpec spec, std::shared_ptr<SessionLimits::Ticket> ticket,
                                   net::ws::Connection& client);

class SessionApplication final : public Application {
 public:
  static Result<std::unique_ptr<SessionApplication>> create(const config::Config& cfg,
                                                            Engine& engine,
                                                            metrics::GatewayMetrics* gm);

  std::optional<HttpReply> handle_http(const net::http::Request& request,
                                       const PeerInfo& peer) override;
  UpgradeDecision on_upgrade(const net::http::Request& request,
                             const net::http::UpgradeRequest& upgrade,
                             const PeerInfo& peer) override;

  // SIGHUP: re-reads ACCOUNTS_FILE; sessions keep running with the snapshot they started with.
  void reload_accounts();

 private:
  SessionApplication(const config::Config& cfg, metrics::GatewayMetrics* gm);
  UpgradeDecision accept(SessionSpec spec, const net::http::UpgradeRequest& upgrade,
                         const PeerInfo& peer);

  config::Config cfg_;
  metrics::GatewayMetrics* gm_;
  auth::Accounts accounts_;
  auth::TokenMinter tokens_;
  providers::Registry providers_;
  std::unique_ptr<net::tls::TlsContext> upstream_tls_;
  SessionLimits limits_;
  SessionServices services_;
  std::vector<std::unique_ptr<ShardServices>> shards_;
};

}  // namespace sy::core
