// OpenAI client, OpenAI core: frames pass through; a restore replays the conversation and keeps
// the core's answers to it from the client.
#include "codec/translate/history.h"
#include "codec/translate/passthrough.h"

namespace sy::codec::translate {

OpenAiPassthrough::OpenAiPassthrough(const TranslatorOptions& options)
    : beta_(options.openai_beta) {}

OpenAiPassthrough::Codecs& OpenAiPassthrough::codecs() {
  if (!codecs_) {
    codecs_ = std::make_unique<Codecs>();
    codecs_->client.set_shape(beta_ ? openai::Shape::beta : openai::Shape::ga);
  }
  return *codecs_;
}

void OpenAiPassthrough::on_upstream_frame(std::string_view bytes, std::size_t capacity, Opcode,
                                          Clock::time_point, Outputs& out) {
  if (!restoring_) {
    out.forward_client = true;
    return;
  }
  auto h = codecs().decoder.decode(bytes, capacity);
  if (!h) {
    out.forward_client = true;
    return;
  }
  bool hold = std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, events::SessionReady>) {
          return true;  // the client has its session.created (or gets the gateway's)
        } else if constexpr (std::is_same_v<T, events::SessionUpdated>) {
          bool ours = awaiting_update_;
          awaiting_update_ = false;
          return ours;
        } else if constexpr (std::is_same_v<T, events::ItemAdded>) {
          return replayed_.count(std::string(e.item.id)) != 0;
        } else if constexpr (std::is_same_v<T, events::ItemDone>) {
          return replayed_.erase(std::string(e.item.id)) != 0;
        } else if constexpr (std::is_same_v<T, events::ProviderError>) {
          return true;  // about a replayed item: the client did not send it this time
        } else if constexpr (std::is_same_v<T, events::ResponseStarted>) {
          // The conversation goes on: whatever is still unanswered is no longer told apart.
          replayed_.clear();
          awaiting_update_ = false;
          return false;
        } else {
          return false;
        }
      },
      h->body);
  if (!awaiting_update_ && replayed_.empty()) restoring_ = false;
  if (!hold) out.forward_client = true;
}

void OpenAiPassthrough::on_upstream_restore(const Restore& r, Clock::time_point, Outputs& out) {
  restoring_ = true;
  if (r.config) {
    events::SessionConfig c = *r.config;
    c.model.reset();  // the upstream URL names the model
    codecs().upstream.encode(events::Intent{"", events::ConfigureSession{c}},
                             out.upstream.begin(Opcode::text));
    out.upstream.end();
    awaiting_update_ = true;
  }
  for (const events::Item& item : r.history)
    if (!item.id.empty()) replayed_.emplace(item.id);
  openai_history(r.history, codecs().upstream, out.upstream);
  if (!awaiting_update_ && replayed_.empty()) restoring_ = false;
}

void OpenAiPassthrough::on_client_resume(const Resume& r, Clock::time_point, Outputs& out) {
  events::SessionConfig c = r.config ? *r.config : events::SessionConfig{};
  if (codecs().client.encode(events::Happening{"", events::SessionReady{r.session_id, c}},
                             out.client.begin(Opcode::text)))
    out.client.end();
}

void OpenAiPassthrough::end_answer(const InFlightAnswer& seen, std::string_view reason,
                                   Outputs& out) {
  if (!seen.active) return;
  events::ResponseDone done;
  done.response_id = seen.response_id;
  done.status = events::ResponseStatus::cancelled;
  done.status_type = "cancelled";
  done.status_reason = reason;
  if (codecs().client.encode(events::Happening{"", done}, out.client.begin(Opcode::text)))
    out.client.end();
}

void OpenAiPassthrough::request_answer(Outputs& out) {
  codecs().upstream.encode(events::Intent{"", events::CreateResponse{}}, out.upstream.begin(Opcode::text));
  out.upstream.end();
}

}  // namespace sy::codec::translate
