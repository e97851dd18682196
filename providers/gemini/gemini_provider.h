// Gemini Live upstream: the BidiGenerateContent WebSocket, key in the query string, one setup
// per connection (the translator sends it), resumption handles for reconnects.
#pragma once

#include "providers/registry/provider.h"

namespace sy::providers {

Result<std::unique_ptr<Provider>> make_gemini_provider(const config::Config& cfg);

}  // namespace sy::providers
