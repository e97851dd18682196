// The gateway program: configuration, engine, server, and ordered shutdown on SIGTERM/SIGINT.
#include <cstdio>
#include <memory>
#include <string>

#include "core/base/log.h"
#include "core/config/config.h"
#include "core/engine/engine.h"
#include "core/gateway/gateway.h"
#include "core/server/signals.h"

int main(int argc, char** argv) {
  using namespace sy;
  std::string message;
  auto cfg = config::Config::load(argc, argv, config::process_environment(), &message);
  if (!cfg) {
    if (cfg.error().is(config::Errc::help_requested)) {
      std::fputs(message.c_str(), stdout);
      return 0;
    }
    std::fprintf(stderr, "switchyard: %s\n", message.c_str());
    return 2;
  }
  log::set_level(cfg->log_level);
  core::block_server_signals();
  auto gateway = core::Gateway::create(*cfg);
  if (!gateway) {
    std::fprintf(stderr, "switchyard: %s\n", gateway.error().message);
    return 1;
  }
  return (*gateway)->run_until_signal();
}
