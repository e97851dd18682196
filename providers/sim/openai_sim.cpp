// OpenAI face: session configuration, input audio with server VAD, conversation items. The
// response side lives in openai_response.cpp.
#include <algorithm>
#include <cstdio>

#include "codec/audio/base64.h"
#include "codec/audio/g711.h"
#include "providers/sim/openai_sim.h"

namespace sy::providers::sim {

namespace ev = codec::events;
using net::ws::Opcode;

namespace {

// Past this much uncommitted input the oldest audio is dropped (the turn is still timed right,
// only an echoed answer gets shorter).
constexpr std::size_t kMaxBufferSeconds = 60;

std::string_view wire_name(const ev::IntentBody& body) {
  using codec::openai::ClientType;
  auto n = [](ClientType t) { return codec::openai::client_type_name(t); };
  return std::visit(
      [&](const auto& b) -> std::string_view {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, ev::ConfigureSession>) return n(ClientType::session_update);
        if constexpr (std::is_same_v<T, ev::AppendAudio>) return n(ClientType::audio_append);
        if constexpr (std::is_same_v<T, ev::CommitAudio>) return n(ClientType::audio_commit);
        if constexpr (std::is_same_v<T, ev::ClearAudio>) return n(ClientType::audio_clear);
        if constexpr (std::is_same_v<T, ev::ClearOutputAudio>) return n(ClientType::output_audio_clear);
        if constexpr (std::is_same_v<T, ev::AddItem>) return n(ClientType::item_create);
        if constexpr (std::is_same_v<T, ev::CreateResponse>) return n(ClientType::response_create);
        if constexpr (std::is_same_v<T, ev::CancelResponse>) return n(ClientType::response_cancel);
        if constexpr (std::is_same_v<T, ev::TruncateItem>) return n(ClientType::item_truncate);
        if constexpr (std::is_same_v<T, ev::RetrieveItem>) return n(ClientType::item_retrieve);
        if constexpr (std::is_same_v<T, ev::DeleteItem>) return n(ClientType::item_delete);
      },
      body);
}

std::string_view format_name(const ev::AudioFormat& f) {
  switch (f.encoding) {
    case ev::AudioEncoding::g711_ulaw: return "audio/pcmu";
    case ev::AudioEncoding::g711_alaw: return "audio/pcma";
    default: return "audio/pcm";
  }
}

std::string_view role_name(ev::Role r) {
  switch (r) {
    case ev::Role::assistant: return "assistant";
    case ev::Role::system: return "system";
    default: return "user";
  }
}

std::string_view type_name(ev::ItemType t) {
  switch (t) {
    case ev::ItemType::function_call: return "function_call";
    case ev::ItemType::function_call_output: return "function_call_output";
    default: return "message";
  }
}

}  // namespace

OpenAiSim::OpenAiSim(const SimOptions& options, SimRecord& record)
    : SimSession(options, record),
      decoder_(options.openai_beta ? codec::openai::Shape::beta : codec::openai::Shape::ga),
      encoder_(options.openai_beta ? codec::openai::Shape::beta : codec::openai::Shape::ga),
      writer_(1024),
      session_id_(options.session_id.empty() ? "sess_sim" : options.session_id) {
  // The provider's defaults: every member set, so session.created shows the full configuration.
  ev::SessionConfig c;
  c.model = options_.model.empty() ? std::string_view("gpt-realtime") : options_.model;
  c.instructions = "";
  c.voice = "alloy";
  c.modalities = ev::Modalities{false, true};
  c.input_format = ev::AudioFormat{};
  c.output_format = ev::AudioFormat{};
  c.turn_detection = ev::TurnDetection{ev::TurnDetectionMode::server_vad, 0.5, 300, 500,
                                       std::nullopt, true, true, {}};
  c.transcription = ev::Transcription{false, {}, {}, {}};
  c.noise_reduction = "";
  c.tools = std::span<const ev::Tool>{};
  c.tool_choice = "auto";
  c.temperature = 0.8;
  c.max_output_tokens = ev::MaxTokens{true, 0};
  c.speed = 1.0;
  config_.apply(c);
  record_.model = std::string(*config_.get().model);
  apply_vad_config();
}

void OpenAiSim::on_open(TimePoint, Outbox& out) {
  send(ev::SessionReady{session_id_, config_.get()}, out);
}

void OpenAiSim::on_client_message(TimePoint now, Opcode, std::span<const std::uint8_t> bytes,
                                  std::size_t readable, Outbox& out) {
  if (closed_) return;
  std::string_view frame = as_text(bytes);
  auto intent = readable >= frame.size() + codec::json::kPadding ? decoder_.decode(frame, readable)
                                                                 : decoder_.decode(frame);
  encoder_.set_shape(decoder_.shape());
  if (!intent) {
    record_.count("invalid");
    ++record_.invalid;
    send(ev::ProviderError{decoder_.error_info()}, out);
    return;
  }
  record_.count(wire_name(intent->body));
  if (std::holds_alternative<ev::ConfigureSession>(intent->body)) {
    ++record_.setups;
    record_.last_config.assign(frame);
  }
  if (options_.echo) {
    if (auto* a = std::get_if<ev::AppendAudio>(&intent->body)) {
      echo_append(a->audio_base64, out);
    } else if (auto* c = std::get_if<ev::ConfigureSession>(&intent->body)) {
      configure(c->config, out);
    }
    return;
  }
  handle(now, *intent, out);
}

void OpenAiSim::handle(TimePoint now, const ev::Intent& intent, Outbox& out) {
  std::visit(
      [&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, ev::ConfigureSession>) {
          configure(b.config, out);
        } else if constexpr (std::is_same_v<T, ev::AppendAudio>) {
          append(now, b.audio_base64, intent.event_id, out);
        } else if constexpr (std::is_same_v<T, ev::CommitAudio>) {
          std::uint64_t ms = buffer_.size() * 1000 / in_rate_;
          commit(now, intent.event_id, false, ms, out);
        } else if constexpr (std::is_same_v<T, ev::ClearAudio>) {
          clear_buffer(out);
        } else if constexpr (std::is_same_v<T, ev::ClearOutputAudio>) {
          // WebRTC/SIP only: over WebSocket the client plays its own buffer.
          error("invalid_event", "output_audio_buffer.clear is only supported for WebRTC sessions",
                "type", intent.event_id, out);
        } else if constexpr (std::is_same_v<T, ev::AddItem>) {
          add_item(b, intent.event_id, out);
        } else if constexpr (std::is_same_v<T, ev::CreateResponse>) {
          create_response(now, b.options, intent.event_id, out);
        } else if constexpr (std::is_same_v<T, ev::CancelResponse>) {
          if (!resp_.active || (!b.response_id.empty() && b.response_id != resp_.id)) {
            error("response_cancel_not_active", "Cancellation failed: no active response found",
                  "", intent.event_id, out);
          } else {
            cancel_response("client_cancelled", out);
          }
        } else if constexpr (std::is_same_v<T, ev::RetrieveItem>) {
          if (ConvItem* it = find_item(b.item_id)) {
            std::vector<ev::ContentPart> parts;
            send(ev::ItemRetrieved{view(*it, parts)}, out);
          } else {
            error("item_not_found",
                  "Error retrieving item: the item with id '" + std::string(b.item_id) +
                      "' does not exist.",
                  "item_id", intent.event_id, out);
          }
        } else if constexpr (std::is_same_v<T, ev::DeleteItem>) {
          auto it = std::find_if(conversation_.begin(), conversation_.end(),
                                 [&](const ConvItem& c) { return c.id == b.item_id; });
          if (it == conversation_.end()) {
            error("item_not_found",
                  "Error deleting item: the item with id '" + std::string(b.item_id) +
                      "' does not exist.",
                  "item_id", intent.event_id, out);
          } else {
            std::string id = it->id;
            conversation_.erase(it);
            send(ev::ItemDeleted{id}, out);
          }
        } else if constexpr (std::is_same_v<T, ev::TruncateItem>) {
          ConvItem* it = find_item(b.item_id);
          if (!it || it->role != ev::Role::assistant) {
            error("item_not_found",
                  "Error truncating item: the assistant item with id '" +
                      std::string(b.item_id) + "' does not exist.",
                  "item_id", intent.event_id, out);
          } else {
            // The client stopped playing here: what it did not hear leaves the transcript.
            for (Part& p : it->parts) {
              if (p.kind == ev::PartKind::audio) p.transcript.clear();
            }
            send(ev::ItemTruncated{it->id, b.content_index, b.audio_end_ms}, out);
          }
        }
      },
      intent.body);
}

void OpenAiSim::configure(const ev::SessionConfig& update, Outbox& out) {
  ev::SessionConfig u = update;
  // A turn_detection object replaces the old one; what it leaves out takes the defaults.
  if (u.turn_detection && u.turn_detection->mode != ev::TurnDetectionMode::manual) {
    ev::TurnDetection& td = *u.turn_detection;
    if (td.mode == ev::TurnDetectionMode::server_vad) {
      if (!td.threshold) td.threshold = 0.5;
      if (!td.prefix_padding_ms) td.prefix_padding_ms = 300;
      if (!td.silence_duration_ms) td.silence_duration_ms = 500;
    } else if (td.eagerness.empty()) {
      td.eagerness = "auto";
    }
    if (!td.create_response) td.create_response = true;
    if (!td.interrupt_response) td.interrupt_response = true;
  }
  config_.apply(u);
  if (u.model) record_.model = std::string(*u.model);
  apply_vad_config();
  send(ev::SessionUpdated{config_.get()}, out);
}

void OpenAiSim::apply_vad_config() {
  const ev::SessionConfig& c = config_.get();
  std::uint32_t rate = c.input_format ? c.input_format->sample_rate : 24000;
  if (c.input_format && c.input_format->encoding != ev::AudioEncoding::pcm16) rate = 8000;
  if (rate != in_rate_) buffer_.clear();
  in_rate_ = rate;
  VadParams p;
  if (c.turn_detection && c.turn_detection->mode != ev::TurnDetectionMode::manual) {
    const ev::TurnDetection& td = *c.turn_detection;
    p.threshold = td.threshold.value_or(0.5);
    p.prefix_padding_ms = td.prefix_padding_ms.value_or(300);
    p.silence_duration_ms = td.silence_duration_ms.value_or(500);
    if (td.mode == ev::TurnDetectionMode::semantic_vad) {
      // Eagerness stands for how long a pause ends a turn.
      p.silence_duration_ms = td.eagerness == "high" ? 250 : td.eagerness == "low" ? 1500 : 700;
    }
  }
  vad_.configure(p, in_rate_);
}

bool OpenAiSim::manual_turns() const {
  const auto& td = config_.get().turn_detection;
  return !td || td->mode == ev::TurnDetectionMode::manual;
}

void OpenAiSim::append(TimePoint now, std::string_view base64, std::string_view event_id,
                       Outbox& out) {
  const ev::AudioFormat format = config_.get().input_format.value_or(ev::AudioFormat{});
  scratch_.resize(codec::audio::base64_decoded_size(base64));
  auto n = codec::audio::base64_decode(base64, scratch_);
  if (!n) {
    error("invalid_value", "Invalid 'audio'. Expected base64-encoded audio data.", "audio",
          event_id, out);
    return;
  }
  scratch_.resize(*n);
  const bool pcm = format.encoding == ev::AudioEncoding::pcm16;
  record_.audio(*n, in_rate_, pcm ? 2 : 1, format_name(format));
  std::size_t first = buffer_.size();
  if (pcm) {
    std::size_t samples = *n / 2;
    buffer_.resize(first + samples);
    for (std::size_t i = 0; i < samples; ++i) {
      buffer_[first + i] = static_cast<std::int16_t>(scratch_[2 * i] | (scratch_[2 * i + 1] << 8));
    }
  } else {
    buffer_.resize(first + *n);
    std::span<std::int16_t> dst(buffer_.data() + first, *n);
    if (format.encoding == ev::AudioEncoding::g711_ulaw) {
      codec::audio::ulaw_decode(scratch_, dst);
    } else {
      codec::audio::alaw_decode(scratch_, dst);
    }
  }
  std::span<const std::int16_t> fresh(buffer_.data() + first, buffer_.size() - first);
  if (!manual_turns()) {
    // Copy: a VAD event may commit (and clear) the buffer while the chunk is being fed.
    std::vector<std::int16_t> chunk(fresh.begin(), fresh.end());
    vad_.feed(chunk, [&](const VadEvent& e) { on_vad(now, e, out); });
  }
  std::size_t cap = kMaxBufferSeconds * in_rate_;
  if (buffer_.size() > cap) buffer_.erase(buffer_.begin(), buffer_.end() - static_cast<long>(cap));
}

void OpenAiSim::on_vad(TimePoint now, const VadEvent& e, Outbox& out) {
  if (e.kind == VadEvent::Kind::started) {
    pending_item_id_ = next_id("item_");
    speech_start_ms_ = e.at_ms;
    send(ev::SpeechStarted{static_cast<std::uint32_t>(e.at_ms), pending_item_id_}, out);
    const auto& td = config_.get().turn_detection;
    if (resp_.active && td && td->interrupt_response.value_or(true)) {
      cancel_response("turn_detected", out);
    }
    return;
  }
  send(ev::SpeechStopped{static_cast<std::uint32_t>(e.at_ms), pending_item_id_}, out);
  commit(now, {}, true, e.at_ms - speech_start_ms_, out);
}

void OpenAiSim::commit(TimePoint now, std::string_view event_id, bool by_vad,
                       std::uint64_t heard_ms, Outbox& out) {
  if (!by_vad && heard_ms < 100) {
    char msg[160];
    std::snprintf(msg, sizeof msg,
                  "Error committing input audio buffer: buffer too small. Expected at least 100ms "
                  "of audio, but buffer only has %.2fms of audio.",
                  static_cast<double>(buffer_.size()) * 1000.0 / in_rate_);
    error("input_audio_buffer_commit_empty", msg, "", event_id, out);
    return;
  }
  ConvItem item;
  item.id = pending_item_id_.empty() ? next_id("item_") : pending_item_id_;
  pending_item_id_.clear();
  item.role = ev::Role::user;
  item.audio_ms = heard_ms;
  Part part;
  part.kind = ev::PartKind::audio;
  part.transcript = describe_audio(heard_ms, options_.transcript);
  item.parts.push_back(std::move(part));
  last_user_audio_.assign(buffer_.begin(), buffer_.end());
  last_user_rate_ = in_rate_;
  buffer_.clear();
  vad_.reset();

  auto prev = last_item_id();
  std::string prev_id(prev.value_or(""));
  auto prev_view = prev ? std::optional<std::string_view>(prev_id) : std::nullopt;
  send(ev::AudioCommitted{item.id, prev_view}, out);
  conversation_.push_back(std::move(item));
  ConvItem& added = conversation_.back();
  {
    // Until transcription completes the user item carries no transcript.
    std::vector<ev::ContentPart> parts;
    ev::Item v = view(added, parts);
    parts[0].transcript = {};
    send(ev::ItemAdded{prev_view, v}, out);
    send(ev::ItemDone{prev_view, v}, out);
  }
  const auto& tr = config_.get().transcription;
  if (tr && tr->enabled) {
    const std::string& t = added.parts[0].transcript;
    send(ev::InputTranscriptDelta{added.id, 0, t}, out);
    ev::InputTranscriptDone done{added.id, 0, t, std::nullopt};
    done.usage = make_usage(0, input_audio_tokens(heard_ms), text_tokens(t), 0);
    send(done, out);
  }
  const auto& td = config_.get().turn_detection;
  if (by_vad && td && td->create_response.value_or(true) && !resp_.active) {
    create_response(now, ev::ResponseOptions{}, {}, out);
  }
}

void OpenAiSim::clear_buffer(Outbox& out) {
  buffer_.clear();
  vad_.reset();
  pending_item_id_.clear();
  send(ev::AudioCleared{}, out);
}

void OpenAiSim::add_item(const ev::AddItem& add, std::string_view event_id, Outbox& out) {
  const ev::Item& in = add.item;
  auto pos = conversation_.end();
  if (add.previous_item_id && !add.previous_item_id->empty()) {
    if (*add.previous_item_id == "root") {
      pos = conversation_.begin();
    } else {
      auto it = std::find_if(conversation_.begin(), conversation_.end(),
                             [&](const ConvItem& c) { return c.id == *add.previous_item_id; });
      if (it == conversation_.end()) {
        error("item_not_found",
              "Error adding item: the previous item with id '" +
                  std::string(*add.previous_item_id) + "' does not exist.",
              "previous_item_id", event_id, out);
        return;
      }
      pos = std::next(it);
    }
  }
  if (!in.id.empty() && find_item(in.id)) {
    error("item_already_exists",
          "Error adding item: the item with id '" + std::string(in.id) + "' already exists.",
          "item.id", event_id, out);
    return;
  }
  if (in.type == ev::ItemType::function_call_output && in.call_id.empty()) {
    error("missing_required_parameter", "Missing required parameter: 'item.call_id'.",
          "item.call_id", event_id, out);
    return;
  }
  ConvItem item;
  item.id = in.id.empty() ? next_id("item_") : std::string(in.id);
  item.type = in.type;
  item.role = in.role;
  item.call_id = in.call_id;
  item.name = in.name;
  item.arguments = in.arguments;
  item.output = in.output;
  ReceivedItem rec{std::string(type_name(in.type)),
                   in.type == ev::ItemType::message ? std::string(role_name(in.role)) : "",
                   {}, std::string(in.call_id), std::string(in.name)};
  for (const ev::ContentPart& p : in.content) {
    item.parts.push_back(Part{p.kind, std::string(p.text), std::string(p.transcript)});
    std::string_view t = p.kind == ev::PartKind::text ? p.text : p.transcript;
    if (!rec.text.empty() && !t.empty()) rec.text += ' ';
    rec.text += t;
    if (p.kind == ev::PartKind::text && in.role == ev::Role::user) record_.texts.emplace_back(t);
  }
  if (in.type == ev::ItemType::function_call_output) rec.text = in.output;
  if (in.type == ev::ItemType::function_call) rec.text = in.arguments;
  record_.items.push_back(std::move(rec));

  std::optional<std::string> prev;
  if (pos != conversation_.begin()) prev = std::prev(pos)->id;
  auto it = conversation_.insert(pos, std::move(item));
  std::vector<ev::ContentPart> parts;
  ev::Item v = view(*it, parts);
  auto prev_view = prev ? std::optional<std::string_view>(*prev) : std::nullopt;
  send(ev::ItemAdded{prev_view, v}, out);
  send(ev::ItemDone{prev_view, v}, out);
}

void OpenAiSim::echo_append(std::string_view base64, Outbox& out) {
  const ev::AudioFormat format = config_.get().input_format.value_or(ev::AudioFormat{});
  const bool pcm = format.encoding == ev::AudioEncoding::pcm16;
  record_.audio(codec::audio::base64_decoded_size(base64), in_rate_, pcm ? 2 : 1,
                format_name(format));
  send(ev::AudioDelta{ev::ResponseRef{"resp_echo", "item_echo", 0, 0}, base64}, out);
}

void OpenAiSim::on_timer(TimePoint now, Outbox& out) {
  if (closed_) return;
  pump(now, out);
}

std::optional<TimePoint> OpenAiSim::next_deadline() const {
  if (closed_ || !resp_.active) return std::nullopt;
  return resp_.next_at;
}

// ---- output helpers ----

void OpenAiSim::send(const ev::HappeningBody& body, Outbox& out) {
  if (closed_) return;
  writer_.clear();
  if (encoder_.encode(ev::Happening{{}, body}, writer_)) emit(out, Opcode::text, writer_.view());
}

void OpenAiSim::error(std::string_view code, std::string message, std::string_view param,
                      std::string_view event_id, Outbox& out) {
  ev::ErrorInfo e{"invalid_request_error", code, message, param, event_id};
  send(ev::ProviderError{e}, out);
}

std::string OpenAiSim::next_id(std::string_view prefix) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "sim%06llu", static_cast<unsigned long long>(++ids_));
  return std::string(prefix) + buf;
}

ev::Item OpenAiSim::view(const ConvItem& item, std::vector<ev::ContentPart>& parts) const {
  parts.clear();
  for (const Part& p : item.parts) {
    ev::ContentPart cp;
    cp.kind = p.kind;
    cp.text = p.text;
    cp.transcript = p.transcript;
    parts.push_back(cp);
  }
  ev::Item v;
  v.id = item.id;
  v.type = item.type;
  v.role = item.role;
  v.status = item.status;
  v.content = parts;
  v.call_id = item.call_id;
  v.name = item.name;
  v.arguments = item.arguments;
  v.output = item.output;
  return v;
}

std::optional<std::string_view> OpenAiSim::last_item_id() const {
  if (conversation_.empty()) return std::nullopt;
  return conversation_.back().id;
}

OpenAiSim::ConvItem* OpenAiSim::find_item(std::string_view id) {
  for (ConvItem& c : conversation_) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

}  // namespace sy::providers::sim
