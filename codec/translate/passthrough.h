// Client and core speak the same protocol: every frame is forwarded unchanged (the session sends
// the very bytes it received, with the same opcode), and only the session observes them.
#pragma once

#include "codec/translate/translator.h"

namespace sy::codec::translate {

class Passthrough final : public Translator {
 public:
  void on_client_open(Clock::time_point, Outputs&) override {}
  void on_client_frame(std::string_view, std::size_t, Opcode, Clock::time_point,
                       Outputs& out) override {
    out.forward_upstream = true;
  }
  void on_upstream_frame(std::string_view, std::size_t, Opcode, Clock::time_point,
                         Outputs& out) override {
    out.forward_client = true;
  }
  [[nodiscard]] std::optional<Clock::time_point> deadline() const override { return {}; }
  void on_timer(Clock::time_point, Outputs&) override {}
  // The client hears of it as the core would tell it: the same close code and reason.
  void on_upstream_closed(std::uint16_t code, std::string_view reason, Outputs& out) override {
    out.close_client = CloseInstruction{code, close_reason(reason)};
  }
  [[nodiscard]] bool passthrough() const override { return true; }
};

}  // namespace sy::codec::translate
