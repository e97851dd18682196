// Gemini client, Gemini core: frames pass through, except the setup (resumption always on), the
// core's resumption handles and goAway (the gateway's business), and what restores and resumes
// need.
#include "codec/gemini/canonical.h"
#include "codec/gemini/encoder.h"
#include "codec/translate/history.h"
#include "codec/translate/passthrough.h"

namespace sy::codec::translate {

namespace {

// Messages the gateway handles itself name their one top-level member first.
bool names_early(std::string_view frame, std::string_view member) {
  return frame.substr(0, 48).find(member) != std::string_view::npos;
}

void send_to_client(const gemini::wire::ServerMessage& m, Outputs& out) {
  gemini::encode_server(m, out.client.begin(Opcode::binary).buffer());
  out.client.end();
}

}  // namespace

GeminiPassthrough::GeminiPassthrough(const TranslatorOptions& options) : options_(options) {}

void GeminiPassthrough::send_client_handle(bool resumable, Outputs& out) {
  if (!wants_handles_ || options_.client_handle.empty()) return;
  gemini::wire::ServerMessage m;
  auto& u = m.session_resumption_update.emplace();
  u.new_handle = std::string_view(options_.client_handle);
  u.resumable = resumable;
  send_to_client(m, out);
}

void GeminiPassthrough::answer_setup_locally(bool wants_handles, Outputs& out) {
  wants_handles_ = wants_handles;
  gemini::wire::ServerMessage m;
  m.setup_complete.emplace();
  send_to_client(m, out);
  send_client_handle(true, out);
}

void GeminiPassthrough::on_client_frame(std::string_view bytes, std::size_t capacity, Opcode,
                                        Clock::time_point, Outputs& out) {
  if (setup_seen_ && !expect_resume_setup_) {
    out.forward_upstream = true;
    return;
  }
  auto kind = decoder_.decode_client(bytes, capacity);
  if (!kind || *kind != gemini::ClientKind::setup) {
    if (expect_resume_setup_) {
      out.close_client = CloseInstruction{gemini::kCloseInvalidArgument,
                                          "setup must be the first message"};
      return;
    }
    out.forward_upstream = true;  // the core refuses it as it refuses any such start
    return;
  }
  const gemini::wire::Setup& s = *decoder_.client().setup;
  bool wants = s.session_resumption.has_value();
  if (expect_resume_setup_ && setup_seen_) {
    expect_resume_setup_ = false;
    answer_setup_locally(wants, out);
    return;
  }
  expect_resume_setup_ = false;
  setup_seen_ = true;
  wants_handles_ = wants;
  // Resumption always on upstream; a handle the client holds is the gateway's, never the core's.
  gemini::wire::ClientMessage m;
  m.setup = s;
  m.setup->session_resumption = gemini::wire::SessionResumptionConfig{};
  setup_json_.clear();
  gemini::encode_client(m, setup_json_);
  out.upstream.append(setup_json_, Opcode::text);
}

void GeminiPassthrough::send_setup(Outputs& out) {
  gemini::Decoder d;
  if (!d.decode_client(setup_json_).ok() || !d.client().setup) return;
  gemini::wire::ClientMessage m;
  m.setup = *d.client().setup;
  auto& r = m.setup->session_resumption.emplace();
  if (!handle_.empty()) r.handle = std::string_view(handle_);
  gemini::encode_client(m, out.upstream.begin(Opcode::text).buffer());
  out.upstream.end();
  ++swallow_setup_complete_;
}

void GeminiPassthrough::on_upstream_reopened(Clock::time_point, Outputs& out) {
  if (setup_seen_) send_setup(out);
}

void GeminiPassthrough::on_upstream_frame(std::string_view bytes, std::size_t capacity, Opcode,
                                          Clock::time_point, Outputs& out) {
  if (!names_early(bytes, "setupComplete") && !names_early(bytes, "sessionResumptionUpdate") &&
      !names_early(bytes, "goAway")) {
    out.forward_client = true;
    return;
  }
  auto kind = decoder_.decode_server(bytes, capacity);
  if (!kind) {
    out.forward_client = true;
    return;
  }
  const gemini::wire::ServerMessage& m = decoder_.server();
  switch (*kind) {
    case gemini::ServerKind::setup_complete:
      if (swallow_setup_complete_ > 0) {
        --swallow_setup_complete_;
        return;
      }
      break;
    case gemini::ServerKind::session_resumption_update: {
      const auto& u = *m.session_resumption_update;
      bool resumable = u.resumable.value_or(false);
      if (resumable && u.new_handle && !u.new_handle->empty()) handle_.assign(*u.new_handle);
      send_client_handle(resumable, out);
      return;
    }
    case gemini::ServerKind::go_away:
      out.upstream_going_away_ms = m.go_away->time_left ? m.go_away->time_left->ms : 0;
      return;
    default:
      break;
  }
  out.forward_client = true;
}

void GeminiPassthrough::on_upstream_restore(const Restore& r, Clock::time_point, Outputs& out) {
  if (!r.config) return;  // no setup yet: the client's will go upstream as it comes
  gemini::wire::ClientMessage m;
  gemini::from_config(*r.config, options_.gemini_model, m.setup.emplace());
  m.setup->session_resumption.emplace();
  setup_json_.clear();
  gemini::encode_client(m, setup_json_);
  setup_seen_ = true;
  handle_.assign(r.upstream_handle);
  send_setup(out);
  if (handle_.empty()) gemini_history(r.history, out.upstream);
}

void GeminiPassthrough::on_client_resume(const Resume&, Clock::time_point, Outputs&) {
  expect_resume_setup_ = true;
}

void GeminiPassthrough::end_answer(const InFlightAnswer& seen, std::string_view, Outputs& out) {
  if (!seen.active) return;
  gemini::wire::ServerMessage interrupted;
  interrupted.server_content.emplace().interrupted = true;
  send_to_client(interrupted, out);
  gemini::wire::ServerMessage done;
  done.server_content.emplace().turn_complete = true;
  send_to_client(done, out);
}

void GeminiPassthrough::request_answer(Outputs& out) {
  gemini::wire::ClientMessage m;
  m.client_content.emplace().turn_complete = true;
  gemini::encode_client(m, out.upstream.begin(Opcode::text).buffer());
  out.upstream.end();
}

}  // namespace sy::codec::translate
