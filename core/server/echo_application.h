// An application that accepts every upgrade and echoes each message back with its opcode. It is
// what the conformance tests drive with third-party clients, and it shows the flow-control
// contract every application follows: stop reading when the peer's queue pushes back, resume on
// drain.
#pragma once

#include "core/server/application.h"

namespace sy::core {

class EchoApplication final : public Application {
 public:
  UpgradeDecision on_upgrade(const net::http::Request& request,
                             const net::http::UpgradeRequest& upgrade,
                             const PeerInfo& peer) override;
};

}  // namespace sy::core
