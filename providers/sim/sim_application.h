// The simulator as a server application (core::Application): it serves the provider paths, checks
// the API key the way the provider does, runs one SimSession per WebSocket connection on the
// accepting shard (its timer is a steady_timer on that shard), and answers two REST routes:
//
//   GET  /_sim/sessions  {"sessions":[<record>...]} in connection order, where <record> is
//        {"id":1,"face":"gemini","path":"/ws/...","model":"models/x","open":false,
//         "close_code":1000,"received":{"setup":1,"realtimeInput":12,"realtimeInput.audio":12},
//         "sent":30,"invalid":0,"setups":1,"last_config":"{...}",
//         "audio":{"messages":12,"bytes":15360,"ms":480,"min_chunk_bytes":1280,
//                  "max_chunk_bytes":1280,"rates":[16000],"formats":["audio/pcm;rate=16000"]},
//         "texts":["hi"],"items":[{"type":"message","role":"user","text":"hi"}],
//         "resumption_handle":"","responses":1,"cancelled":0}
//   POST /_sim/reset     forgets every record (live sessions go on, unlisted)
//   POST /_sim/drop?code=N   closes every live connection with close code N (default 1011): a
//                            provider failing in the middle of conversations
//   POST /_sim/faults    {"delay_first_audio_ms":N,"close_after_events":N,"refuse":STATUS}: the
//                        faults of connections opened from now on (members left out are kept)
//
// Paths: OpenAI face `/v1/realtime?model=M` and `/realtime?model=M` (key: `Authorization: Bearer`
// or the `openai-insecure-api-key.` subprotocol; the answer's subprotocol is `realtime`); Gemini
// face `/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent` (also
// v1alpha and BidiGenerateContentConstrained; key: `?key=`, `x-goog-api-key`, `?access_token=`).
// A wrong key: OpenAI answers HTTP 401 with its JSON error; Gemini accepts the upgrade and
// closes 1007 "API key not valid...", as the services do.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/server/application.h"
#include "providers/sim/sim_options.h"
#include "providers/sim/sim_driver.h"
#include "providers/sim/sim_record.h"

namespace sy::providers::sim {

struct SimServerOptions {
  SimOptions session;       // face, echo, answers, faults: applied to every connection
  std::string api_key;      // the key the provider accepts; "" = any
  int refuse_status = 0;    // answer every upgrade with this HTTP status (0 = accept)
};

class SimApplication final : public core::Application {
 public:
  explicit SimApplication(SimServerOptions options);
  ~SimApplication() override;

  std::optional<core::HttpReply> handle_http(const net::http::Request& request,
                                             const core::PeerInfo& peer) override;
  core::UpgradeDecision on_upgrade(const net::http::Request& request,
                                   const net::http::UpgradeRequest& upgrade,
                                   const core::PeerInfo& peer) override;

  // The body of GET /_sim/sessions.
  [[nodiscard]] std::string sessions_json() const;
  void reset();
  [[nodiscard]] const SimServerOptions& options() const { return options_; }

 private:
  core::UpgradeDecision upgrade_openai(const net::http::Request& request,
                                       const net::http::UpgradeRequest& upgrade,
                                       const core::PeerInfo& peer);
  core::UpgradeDecision upgrade_gemini(const net::http::Request& request,
                                       const core::PeerInfo& peer);
  core::UpgradeDecision accept(SimOptions session, std::string path, const core::PeerInfo& peer,
                               std::optional<std::string> subprotocol, std::uint16_t close_code,
                               std::string close_reason);
  core::HttpReply refusal(int status, std::string_view message) const;

  [[nodiscard]] SimServerOptions current_options() const;
  core::HttpReply set_faults(std::string_view body);
  std::size_t drop_all(std::uint16_t code);

  SimServerOptions options_;
  mutable std::mutex options_mu_;  // faults change at run time (POST /_sim/faults)
  std::atomic<std::uint64_t> next_id_{1};
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<SimRecordCell>> entries_;
};

}  // namespace sy::providers::sim
