// OpenAI Realtime (GA) upstream, and Azure OpenAI as its variant: same protocol, different URL
// and credential header.
#pragma once

#include "providers/registry/provider.h"

namespace sy::providers {

Result<std::unique_ptr<Provider>> make_openai_provider(const config::Config& cfg);
Result<std::unique_ptr<Provider>> make_azure_provider(const config::Config& cfg);

}  // namespace sy::providers
