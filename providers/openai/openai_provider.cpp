#include "providers/openai/openai_provider.h"

namespace sy::providers {

namespace {

constexpr std::string_view kDefaultModel = "gpt-realtime";

class OpenAIProvider final : public Provider {
 public:
  OpenAIProvider(Core core, net::http::BaseUrl base, std::string key, std::string deployment)
      : core_(core), base_(std::move(base)), key_(std::move(key)),
        deployment_(std::move(deployment)) {}

  [[nodiscard]] Core core() const override { return core_; }
  [[nodiscard]] Dialect dialect() const override { return Dialect::openai; }

  [[nodiscard]] Result<UpstreamPlan> plan(const SessionRequest& r) const override {
    UpstreamPlan p;
    p.dialect = Dialect::openai;
    p.url = base_;
    if (core_ == Core::azure) {
      // Azure's GA path: <resource>/openai/v1/realtime?model=<deployment>, key in `api-key`.
      p.model = deployment_.empty() ? (r.model.empty() ? std::string(kDefaultModel) : r.model)
                                    : deployment_;
      net::http::QueryParam q[] = {{"model", p.model}};
      p.target = base_.target("/openai/v1/realtime", q);
      p.headers.emplace_back("api-key", key_);
    } else {
      p.model = r.model.empty() ? std::string(kDefaultModel) : r.model;
      net::http::QueryParam q[] = {{"model", p.model}};
      p.target = base_.target("/realtime", q);
      p.headers.emplace_back("Authorization", "Bearer " + key_);
    }
    return p;
  }

 private:
  Core core_;
  net::http::BaseUrl base_;
  std::string key_;
  std::string deployment_;
};

}  // namespace

Result<std::unique_ptr<Provider>> make_openai_provider(const config::Config& cfg) {
  if (cfg.openai_api_key.empty())
    return make_error(ProviderErrc::not_configured, "OPENAI_API_KEY is not set");
  auto url = net::http::parse_base_url(cfg.openai_base_url);
  if (!url) return make_error(ProviderErrc::bad_base_url, "OPENAI_BASE_URL is not a valid URL");
  return std::unique_ptr<Provider>(
      std::make_unique<OpenAIProvider>(Core::openai, std::move(*url), cfg.openai_api_key, ""));
}

Result<std::unique_ptr<Provider>> make_azure_provider(const config::Config& cfg) {
  if (cfg.azure_openai_api_key.empty() || cfg.azure_openai_base_url.empty())
    return make_error(ProviderErrc::not_configured, "Azure OpenAI is not configured");
  auto url = net::http::parse_base_url(cfg.azure_openai_base_url);
  if (!url)
    return make_error(ProviderErrc::bad_base_url, "AZURE_OPENAI_BASE_URL is not a valid URL");
  return std::unique_ptr<Provider>(std::make_unique<OpenAIProvider>(
      Core::azure, std::move(*url), cfg.azure_openai_api_key, cfg.azure_openai_deployment));
}

}  // namespace sy::providers
