#include "providers/gemini/gemini_provider.h"

namespace sy::providers {

namespace {

constexpr std::string_view kPath =
    "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";
constexpr std::string_view kDefaultModel = "gemini-2.0-flash-live-001";

class GeminiProvider final : public Provider {
 public:
  GeminiProvider(net::http::BaseUrl base, std::string key)
      : base_(std::move(base)), key_(std::move(key)) {}
  [[nodiscard]] Core core() const override { return Core::gemini; }
  [[nodiscard]] Dialect dialect() const override { return Dialect::gemini; }
  [[nodiscard]] Result<UpstreamPlan> plan(const SessionRequest& r) const override {
    UpstreamPlan p;
    p.dialect = Dialect::gemini;
    p.url = base_;
    p.model = r.model.empty() ? std::string(kDefaultModel) : r.model;
    net::http::QueryParam q[] = {{"key", key_}};
    p.target = base_.target(kPath, q);
    return p;
  }

 private:
  net::http::BaseUrl base_;
  std::string key_;
};

}  // namespace

Result<std::unique_ptr<Provider>> make_gemini_provider(const config::Config& cfg) {
  if (cfg.gemini_api_key.empty())
    return make_error(ProviderErrc::not_configured, "GEMINI_API_KEY is not set");
  auto url = net::http::parse_base_url(cfg.gemini_base_url);
  if (!url) return make_error(ProviderErrc::bad_base_url, "GEMINI_BASE_URL is not a valid URL");
  return std::unique_ptr<Provider>(std::make_unique<GeminiProvider>(std::move(*url), cfg.gemini_api_key));
}

}  // namespace sy::providers
