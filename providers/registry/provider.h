// A provider (a "core") tells a session how to reach it: where to connect, with which
// credentials and headers, and which protocol it speaks. Each core lives in its own folder and
// registers itself here; adding a core means adding a folder and one registration call.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codec/translate/translator.h"
#include "core/base/result.h"
#include "core/config/config.h"
#include "net/http/base_url.h"

namespace sy::providers {

using Core = config::Core;
using codec::translate::Dialect;

enum class ProviderErrc : std::uint16_t { not_configured = 700, bad_base_url };

// How to open one upstream connection.
struct UpstreamPlan {
  Dialect dialect = Dialect::openai;        // the protocol the core speaks
  net::http::BaseUrl url;                   // scheme, host, port
  std::string target;                       // origin-form path and query
  std::vector<std::pair<std::string, std::string>> headers;  // credentials live here; never logged
  std::string model;                        // as the core names it
  bool in_process = false;                  // the built-in simulator: no socket at all
};

struct SessionRequest {
  std::string model;  // from the client (query or setup), may be empty
};

class Provider {
 public:
  virtual ~Provider() = default;
  [[nodiscard]] virtual Core core() const = 0;
  [[nodiscard]] virtual Dialect dialect() const = 0;
  [[nodiscard]] virtual Result<UpstreamPlan> plan(const SessionRequest& request) const = 0;
};

using ProviderFactory = std::function<Result<std::unique_ptr<Provider>>(const config::Config&)>;

class Registry {
 public:
  void add(Core core, ProviderFactory factory);
  // Instantiates every registered core from the configuration (a core whose settings are
  // incomplete is simply absent; asking for it later is a clear error).
  Status build(const config::Config& cfg);
  [[nodiscard]] const Provider* find(Core core) const;

 private:
  std::array<ProviderFactory, 4> factories_{};
  std::array<std::unique_ptr<Provider>, 4> providers_{};
};

// Registers the built-in cores (openai, azure, gemini, sim).
void register_builtin_providers(Registry& registry);

}  // namespace sy::providers
