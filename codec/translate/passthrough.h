// Client and core speak the same protocol: frames are forwarded unchanged (the session sends the
// very bytes it received, with the same opcode), and only the session observes them. The few
// exceptions are where the gateway itself keeps the session going:
//
// OpenAI (OpenAiPassthrough)
// - A restore sends session.update with the client's configuration (its model left to the URL)
//   and one conversation.item.create per history item; until the core has answered them, its
//   session.created/updated, the item events of replayed items and errors are not forwarded.
// - A resumed client is greeted with session.created carrying the effective configuration.
//
// Gemini (GeminiPassthrough)
// - The client's setup goes upstream with sessionResumption always on, so the core hands out
//   handles; the core's sessionResumptionUpdate and goAway are the gateway's business and never
//   reach the client: a goAway makes the session reconnect with the latest handle (the setup is
//   sent again, and its setupComplete not forwarded). A client that asked for resumption gets the
//   gateway's own handle (TranslatorOptions::client_handle) instead, whenever the core issues one.
// - A restore sends the setup built from the client's configuration, with the core's handle while
//   it is valid, else followed by the history as one clientContent (turnComplete false).
// - A resumed client's setup is answered here with setupComplete (and a handle update).
#pragma once

#include <memory>
#include <string>
#include <unordered_set>

#include "codec/gemini/decoder.h"
#include "codec/openai/client_encoder.h"
#include "codec/openai/server_decoder.h"
#include "codec/openai/server_encoder.h"
#include "codec/translate/translator.h"

namespace sy::codec::translate {

class OpenAiPassthrough final : public Translator {
 public:
  explicit OpenAiPassthrough(const TranslatorOptions& options);

  void on_client_open(Clock::time_point, Outputs&) override {}
  void on_client_frame(std::string_view, std::size_t, Opcode, Clock::time_point,
                       Outputs& out) override {
    out.forward_upstream = true;
  }
  void on_upstream_frame(std::string_view bytes, std::size_t capacity, Opcode opcode,
                         Clock::time_point now, Outputs& out) override;
  [[nodiscard]] std::optional<Clock::time_point> deadline() const override { return {}; }
  void on_timer(Clock::time_point, Outputs&) override {}
  // The client hears of it as the core would tell it: the same close code and reason.
  void on_upstream_closed(std::uint16_t code, std::string_view reason, Outputs& out) override {
    out.close_client = CloseInstruction{code, close_reason(reason)};
  }
  void on_upstream_restore(const Restore& restore, Clock::time_point now, Outputs& out) override;
  void on_client_resume(const Resume& resume, Clock::time_point now, Outputs& out) override;
  void end_answer(const InFlightAnswer& seen, std::string_view reason, Outputs& out) override;
  void request_answer(Outputs& out) override;
  [[nodiscard]] bool passthrough() const override { return true; }

 private:
  // Only restores, resumes and switches need codecs: made on first use, so a passing session
  // holds none.
  struct Codecs {
    openai::ClientEncoder upstream;
    openai::ServerEncoder client;
    openai::ServerDecoder decoder;
  };
  Codecs& codecs();

  bool beta_;
  std::unique_ptr<Codecs> codecs_;
  // While a restore is being answered.
  bool restoring_ = false;
  bool awaiting_update_ = false;
  std::unordered_set<std::string> replayed_;  // item ids whose item events are not forwarded
  std::size_t acks_left_ = 0;                 // item.added + item.done still to come
};

class GeminiPassthrough final : public Translator {
 public:
  explicit GeminiPassthrough(const TranslatorOptions& options);

  void on_client_open(Clock::time_point, Outputs&) override {}
  void on_client_frame(std::string_view bytes, std::size_t capacity, Opcode opcode,
                       Clock::time_point now, Outputs& out) override;
  void on_upstream_frame(std::string_view bytes, std::size_t capacity, Opcode opcode,
                         Clock::time_point now, Outputs& out) override;
  [[nodiscard]] std::optional<Clock::time_point> deadline() const override { return {}; }
  void on_timer(Clock::time_point, Outputs&) override {}
  void on_upstream_reopened(Clock::time_point now, Outputs& out) override;
  void on_upstream_closed(std::uint16_t code, std::string_view reason, Outputs& out) override {
    out.close_client = CloseInstruction{code, close_reason(reason)};
  }
  void on_upstream_restore(const Restore& restore, Clock::time_point now, Outputs& out) override;
  void on_client_resume(const Resume& resume, Clock::time_point now, Outputs& out) override;
  void end_answer(const InFlightAnswer& seen, std::string_view reason, Outputs& out) override;
  void request_answer(Outputs& out) override;
  [[nodiscard]] std::string_view resumption_handle() const override { return handle_; }
  [[nodiscard]] bool passthrough() const override { return true; }

 private:
  void send_setup(Outputs& out);
  void answer_setup_locally(bool wants_handles, Outputs& out);
  void send_client_handle(bool resumable, Outputs& out);

  TranslatorOptions options_;
  gemini::Decoder decoder_;
  std::string setup_json_;       // the setup as sent upstream, without a handle
  bool setup_seen_ = false;
  bool expect_resume_setup_ = false;
  bool wants_handles_ = false;   // the client asked for sessionResumption
  int swallow_setup_complete_ = 0;
  std::string handle_;           // the core's latest resumable handle
};

}  // namespace sy::codec::translate
