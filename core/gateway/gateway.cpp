#include "core/gateway/gateway.h"

#include <cstdio>

#include "core/base/log.h"
#include "core/session/session_app.h"
#include "core/server/signals.h"

namespace sy::core {

ServerOptions server_options(const config::Config& cfg) {
  ServerOptions o;
  o.host = cfg.host;
  o.plain = true;
  o.port = cfg.port;
  o.tls = cfg.tls_port != 0;
  o.tls_port = cfg.tls_port;
  o.tls_cert = cfg.tls_cert;
  o.tls_key = cfg.tls_key;
  o.handshake_timeout_ms = cfg.handshake_timeout_ms;
  o.ws_limits.max_message_bytes = cfg.max_message_bytes;
  o.ws_limits.high_watermark = cfg.send_high_watermark;
  o.ws_limits.low_watermark = cfg.send_low_watermark;
  o.ws_limits.max_queued = cfg.send_max_bytes;
  return o;
}

Gateway::~Gateway() = default;

Result<std::unique_ptr<Gateway>> Gateway::create(const config::Config& cfg) {
  auto g = std::unique_ptr<Gateway>(new Gateway());
  g->cfg_ = cfg;
  auto engine = Engine::create(static_cast<int>(cfg.shards));
  if (!engine) return engine.error();
  g->engine_ = std::move(*engine);
  g->registry_ = std::make_unique<metrics::Registry>(static_cast<unsigned>(g->engine_->size()));
  auto gm = metrics::GatewayMetrics::create(*g->registry_);
  if (!gm) return gm.error();
  g->gm_ = *gm;
  auto app = SessionApplication::create(cfg, *g->engine_, &g->gm_);
  if (!app) return app.error();
  g->sessions_ = app->get();
  g->app_ = std::move(*app);
  g->server_ = std::make_unique<Server>(*g->engine_, server_options(cfg), *g->app_,
                                        g->registry_.get(), &g->gm_);
  if (auto s = g->server_->bind(); !s) return s.error();
  return g;
}

int Gateway::run_until_signal() {
  engine_->start([this](Shard& shard) { server_->on_shard_start(shard); });
  server_->set_ready(true);
  // One line per setting: a log line is capped at 1 KiB.
  const std::string settings = cfg_.describe();
  for (std::size_t at = 0; at < settings.size();) {
    std::size_t nl = settings.find('\n', at);
    if (nl == std::string::npos) nl = settings.size();
    SY_INFO("config %.*s", static_cast<int>(nl - at), settings.data() + at);
    at = nl + 1;
  }
  std::printf("switchyard listening on ws://%s:%u", cfg_.host.c_str(), server_->port());
  if (server_->tls_port()) std::printf(" and wss://%s:%u", cfg_.host.c_str(), server_->tls_port());
  std::printf(" (%zu shard(s))\n", engine_->size());
  std::fflush(stdout);
  ShutdownPlan plan;
  plan.deadline = std::chrono::milliseconds(cfg_.shutdown_deadline_ms);
  plan.on_reload = [this] { sessions_->reload_accounts(); };
  return serve_until_signal(*engine_, *server_, plan);
}

}  // namespace sy::core
