#include "providers/registry/provider.h"

#include "providers/gemini/gemini_provider.h"
#include "providers/openai/openai_provider.h"

namespace sy::providers {

void Registry::add(Core core, ProviderFactory factory) {
  factories_[static_cast<std::size_t>(core)] = std::move(factory);
}

Status Registry::build(const config::Config& cfg) {
  for (std::size_t i = 0; i < factories_.size(); ++i) {
    if (!factories_[i]) continue;
    auto p = factories_[i](cfg);
    if (p) {
      providers_[i] = std::move(*p);
    } else if (!p.error().is(ProviderErrc::not_configured)) {
      return p.error();
    }
  }
  return {};
}

const Provider* Registry::find(Core core) const {
  return providers_[static_cast<std::size_t>(core)].get();
}

namespace {
// The built-in simulator runs inside the gateway: it speaks the OpenAI protocol to the session
// through an in-process link, so the session treats it like any OpenAI-protocol core.
class SimProvider final : public Provider {
 public:
  [[nodiscard]] Core core() const override { return Core::sim; }
  [[nodiscard]] Dialect dialect() const override { return Dialect::openai; }
  [[nodiscard]] Result<UpstreamPlan> plan(const SessionRequest& r) const override {
    UpstreamPlan p;
    p.dialect = Dialect::openai;
    p.in_process = true;
    p.model = r.model.empty() ? "sim-realtime" : r.model;
    return p;
  }
};
}  // namespace

void register_builtin_providers(Registry& registry) {
  registry.add(Core::openai, &make_openai_provider);
  registry.add(Core::azure, &make_azure_provider);
  registry.add(Core::gemini, &make_gemini_provider);
  registry.add(Core::sim, [](const config::Config&) -> Result<std::unique_ptr<Provider>> {
    return std::unique_ptr<Provider>(std::make_unique<SimProvider>());
  });
}

}  // namespace sy::providers
