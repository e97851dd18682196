#include "providers/sim/gemini_sim.h"

#include <algorithm>
#include <cstdio>

#include "codec/audio/audio_format.h"
#include "codec/audio/base64.h"
#include "codec/gemini/canonical.h"
#include "codec/gemini/encoder.h"
#include "codec/json/read_context.h"

namespace sy::providers::sim {

namespace ev = codec::events;
namespace gw = codec::gemini::wire;
using net::ws::Opcode;

namespace {

constexpr std::string_view kOutputMime = "audio/pcm;rate=24000";
constexpr std::uint32_t kOutputRate = 24000;
constexpr std::size_t kMaxTurnSeconds = 60;

}  // namespace

GeminiSim::GeminiSim(const SimOptions& options, SimRecord& record) : SimSession(options, record) {
  record_.model = options_.model;
}

void GeminiSim::on_open(TimePoint now, Outbox&) {
  if (options_.go_away_after_ms != 0) {
    go_away_at_ = now + std::chrono::milliseconds(options_.go_away_after_ms);
  }
}

void GeminiSim::on_client_message(TimePoint now, Opcode, std::span<const std::uint8_t> bytes,
                                  std::size_t readable, Outbox& out) {
  if (closed_) return;
  std::string_view frame = as_text(bytes);
  auto kind = readable >= frame.size() + codec::json::kPadding
                  ? decoder_.decode_client(frame, readable)
                  : decoder_.decode_client(frame);
  if (!kind) {
    record_.count("invalid");
    ++record_.invalid;
    fail(decoder_.close_reason(), out);
    return;
  }
  const gw::ClientMessage& m = decoder_.client();
  record_.count(codec::gemini::client_kind_name(*kind));
  if (*kind == codec::gemini::ClientKind::setup) {
    on_setup(*m.setup, frame, out);
    return;
  }
  if (!setup_done_) {
    fail("Invalid argument: the first message must be setup.", out);
    return;
  }
  switch (*kind) {
    case codec::gemini::ClientKind::realtime_input:
      on_realtime_input(now, *m.realtime_input, out);
      break;
    case codec::gemini::ClientKind::client_content:
      on_client_content(now, *m.client_content, out);
      break;
    case codec::gemini::ClientKind::tool_response:
      on_tool_response(now, *m.tool_response, out);
      break;
    case codec::gemini::ClientKind::setup:
      break;
  }
}

void GeminiSim::on_setup(const gw::Setup& setup, std::string_view frame, Outbox& out) {
  ++record_.setups;
  record_.last_config.assign(frame);
  if (setup_done_) {
    fail("Invalid argument: setup may be sent only once per connection.", out);
    return;
  }
  setup_done_ = true;
  if (setup.model) record_.model = std::string(*setup.model);
  ev::SessionConfig cfg;
  codec::gemini::ConfigStorage storage;
  codec::gemini::to_config(setup, cfg, storage);
  if (cfg.modalities) audio_out_ = cfg.modalities->audio || !cfg.modalities->text;
  if (cfg.turn_detection) {
    const ev::TurnDetection& td = *cfg.turn_detection;
    manual_ = td.mode == ev::TurnDetectionMode::manual;
    interrupts_ = td.interrupt_response.value_or(true);
    vad_params_.threshold = td.threshold.value_or(0.5);
    vad_params_.prefix_padding_ms = td.prefix_padding_ms.value_or(vad_params_.prefix_padding_ms);
    vad_params_.silence_duration_ms =
        td.silence_duration_ms.value_or(vad_params_.silence_duration_ms);
  }
  input_transcription_ = setup.input_audio_transcription.has_value();
  output_transcription_ = setup.output_audio_transcription.has_value();
  if (cfg.tools) {
    for (const ev::Tool& t : *cfg.tools) {
      tools_.push_back(ToolSpec{std::string(t.name), std::string(t.parameters_json)});
    }
  }
  if (setup.session_resumption) {
    resumption_ = true;
    record_.resumption_handle = std::string(setup.session_resumption->handle.value_or(""));
  }
  gw::ServerMessage m;
  m.setup_complete.emplace();
  send(m, out);
  if (resumption_ && !options_.echo) resumption_update(out);
}

void GeminiSim::on_realtime_input(TimePoint now, const gw::RealtimeInput& in, Outbox& out) {
  if (in.audio) {
    record_.count("realtimeInput.audio");
    on_audio(now, *in.audio, out);
  }
  if (in.media_chunks) {
    record_.count("realtimeInput.mediaChunks");
    for (std::size_t i = 0; i < in.media_chunks->size(); ++i) on_audio(now, (*in.media_chunks)[i], out);
  }
  if (in.video) record_.count("realtimeInput.video");
  if (options_.echo) return;
  if (in.activity_start) {
    record_.count("realtimeInput.activityStart");
    if (!manual_) {
      fail("Invalid argument: explicit activity control is not supported when automatic "
           "activity detection is enabled.",
           out);
      return;
    }
    if (turn_.active) interrupt(out);
    collecting_ = true;
    collected_samples_ = 0;
    turn_audio_.clear();
  }
  if (in.activity_end) {
    record_.count("realtimeInput.activityEnd");
    if (!manual_) {
      fail("Invalid argument: explicit activity control is not supported when automatic "
           "activity detection is enabled.",
           out);
      return;
    }
    if (collecting_) {
      collecting_ = false;
      end_user_turn(now, collected_samples_ * 1000 / std::max<std::uint32_t>(1, collected_rate_), out);
    }
  }
  if (in.audio_stream_end && *in.audio_stream_end) {
    record_.count("realtimeInput.audioStreamEnd");
    if (!manual_ && vad_.speaking()) {
      std::uint64_t heard = vad_.position_ms() - speech_start_ms_;
      vad_.reset();
      end_user_turn(now, heard, out);
    }
  }
  if (in.text) {
    record_.count("realtimeInput.text");
    record_.texts.emplace_back(*in.text);
    record_.items.push_back(ReceivedItem{"message", "user", std::string(*in.text), {}, {}});
    if (turn_.active) interrupt(out);
    history_text_tokens_ += text_tokens(*in.text);
    answer(now, *in.text, {}, {}, false, out);
  }
}

void GeminiSim::on_audio(TimePoint now, const gw::Blob& blob, Outbox& out) {
  std::string_view mime = blob.mime_type.value_or("");
  std::string_view data = blob.data.value_or("");
  auto format = codec::audio::parse_mime_audio_format(mime);
  if (!format) return;  // video frames and images: counted, not heard
  if (options_.echo) {
    record_.audio(codec::audio::base64_decoded_size(data), static_cast<std::uint32_t>(format->rate),
                  2, mime);
    scratch_.clear();
    codec::gemini::encode_model_audio(kOutputMime, data, scratch_);
    emit(out, Opcode::binary, scratch_);
    return;
  }
  bytes_.resize(codec::audio::base64_decoded_size(data));
  auto n = codec::audio::base64_decode(data, bytes_, codec::audio::Base64Padding::kOptional);
  if (!n || format->encoding != codec::audio::AudioEncoding::kPcm16) {
    fail("Invalid value at 'realtime_input.audio.data' (TYPE_BYTES), Base64 decoding failed", out);
    return;
  }
  const auto rate = static_cast<std::uint32_t>(format->rate);
  record_.audio(*n, rate, 2, mime);
  std::vector<std::int16_t> samples(*n / 2);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    samples[i] = static_cast<std::int16_t>(bytes_[2 * i] | (bytes_[2 * i + 1] << 8));
  }
  if (rate != turn_rate_) turn_audio_.clear();
  turn_rate_ = rate;
  turn_audio_.insert(turn_audio_.end(), samples.begin(), samples.end());
  const std::size_t cap = kMaxTurnSeconds * rate;
  if (turn_audio_.size() > cap) {
    turn_audio_.erase(turn_audio_.begin(), turn_audio_.end() - static_cast<long>(cap));
  }
  if (manual_) {
    if (collecting_) {
      collected_samples_ += samples.size();
      collected_rate_ = rate;
    }
    return;
  }
  if (rate != vad_rate_) {
    vad_rate_ = rate;
    vad_.configure(vad_params_, rate);
  }
  vad_.feed(samples, [&](const VadEvent& e) {
    if (e.kind == VadEvent::Kind::started) {
      speech_start_ms_ = e.at_ms;
      if (turn_.active && interrupts_) interrupt(out);
    } else {
      end_user_turn(now, e.at_ms - speech_start_ms_, out);
    }
  });
}

void GeminiSim::on_client_content(TimePoint now, const gw::ClientContent& cc, Outbox& out) {
  std::string last_user;
  std::string joined;
  if (cc.turns) {
    for (const gw::Content& c : *cc.turns) {
      std::string_view text = codec::gemini::content_text(c, joined);
      std::string role(c.role.value_or("user"));
      record_.items.push_back(ReceivedItem{"message", role, std::string(text), {}, {}});
      history_text_tokens_ += text_tokens(text);
      if (role == "user") {
        record_.texts.emplace_back(text);
        last_user.assign(text);
        pending_user_text_.assign(text);
      }
    }
  }
  if (turn_.active) interrupt(out);
  if (cc.turn_complete.value_or(false)) {
    // The turn is answered from the latest user text of this or an earlier incomplete turn.
    std::string text = last_user.empty() ? pending_user_text_ : last_user;
    pending_user_text_.clear();
    answer(now, text, {}, {}, false, out);
  }
}

void GeminiSim::on_tool_response(TimePoint now, const gw::ToolResponse& tr, Outbox& out) {
  std::string names, outputs;
  if (tr.function_responses) {
    for (const gw::FunctionResponse& r : *tr.function_responses) {
      std::string id(r.id.value_or(""));
      std::string name(r.name.value_or(""));
      std::string_view response = r.response ? r.response->json : std::string_view("{}");
      record_.items.push_back(
          ReceivedItem{"function_call_output", "", std::string(response), id, name});
      if (name.empty()) {
        auto it = pending_calls_.find(id);
        if (it != pending_calls_.end()) name = it->second;
      }
      pending_calls_.erase(id);
      if (!names.empty()) {
        names += ", ";
        outputs += ", ";
      }
      names += name;
      outputs += response;
      history_text_tokens_ += text_tokens(response);
    }
  }
  answer(now, {}, names, outputs, true, out);
}

void GeminiSim::end_user_turn(TimePoint now, std::uint64_t heard_ms, Outbox& out) {
  last_user_audio_ = std::move(turn_audio_);
  last_user_rate_ = turn_rate_;
  turn_audio_.clear();
  std::string transcript = describe_audio(heard_ms, options_.transcript);
  history_audio_tokens_ += input_audio_tokens(heard_ms);
  if (input_transcription_) {
    gw::ServerMessage m;
    m.server_content.emplace().input_transcription.emplace().text = transcript;
    send(m, out);
  }
  if (turn_.active) return;  // still answering the previous turn (no interruption configured)
  answer(now, transcript, {}, {}, false, out);
}

void GeminiSim::answer(TimePoint now, std::string_view user_text, std::string_view tool_name,
                       std::string_view tool_output, bool after_tool, Outbox& out) {
  ++record_.responses;
  int tool = after_tool ? -1 : requested_tool(user_text, tools_, "auto");
  if (tool >= 0) {
    const ToolSpec& spec = tools_[static_cast<std::size_t>(tool)];
    char id[32];
    std::snprintf(id, sizeof id, "call_sim%06llu", static_cast<unsigned long long>(++ids_));
    std::string args = tool_arguments(spec, user_text);
    pending_calls_[id] = spec.name;
    gw::ServerMessage m;
    auto& call = m.tool_call.emplace().function_calls.emplace().emplace_back();
    call.id = id;
    call.name = spec.name;
    call.args = codec::json::RawJson{args};
    send(m, out);
    return;
  }
  turn_ = ModelTurn{};
  turn_.active = true;
  turn_.audio = audio_out_;
  turn_.text = after_tool ? tool_result_text(tool_name, tool_output) : answer_text(user_text);
  turn_.in_text = history_text_tokens_;
  turn_.in_audio = history_audio_tokens_;
  if (turn_.audio) {
    std::vector<std::int16_t> samples;
    if (options_.answer_audio == AnswerAudio::echo && !last_user_audio_.empty()) {
      append_resampled(samples, last_user_audio_, last_user_rate_, kOutputRate);
    } else {
      append_tone(samples, kOutputRate, options_.tone_ms);
    }
    turn_.audio_ms = samples.size() * 1000 / kOutputRate;
    turn_.pcm.resize(samples.size() * 2);
    for (std::size_t i = 0; i < samples.size(); ++i) {
      auto v = static_cast<std::uint16_t>(samples[i]);
      turn_.pcm[2 * i] = static_cast<std::uint8_t>(v & 0xff);
      turn_.pcm[2 * i + 1] = static_cast<std::uint8_t>(v >> 8);
    }
    turn_.chunk_bytes = std::max<std::size_t>(2, std::size_t{kOutputRate} * options_.chunk_ms / 1000 * 2);
    turn_.chunks = std::max<std::size_t>(1, (turn_.pcm.size() + turn_.chunk_bytes - 1) / turn_.chunk_bytes);
  } else {
    turn_.chunks = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::count(turn_.text.begin(), turn_.text.end(), ' ')) + 1);
  }
  turn_.text_chunks = split_text(turn_.text, turn_.chunks);
  turn_.next_at = now;
  if (turn_.audio) turn_.next_at += std::chrono::milliseconds(options_.delay_first_audio_ms);
  pump(now, out);
}

void GeminiSim::pump(TimePoint now, Outbox& out) {
  const auto interval = std::chrono::milliseconds(options_.chunk_interval_ms);
  while (turn_.active && !closed_ && turn_.next_chunk < turn_.chunks && turn_.next_at <= now) {
    const std::size_t i = turn_.next_chunk++;
    const std::string& words = turn_.text_chunks[i];
    if (turn_.audio) {
      std::size_t begin = i * turn_.chunk_bytes;
      std::size_t end = std::min(turn_.pcm.size(), begin + turn_.chunk_bytes);
      if (end > begin) {
        std::string b64;
        codec::audio::base64_encode_append(
            std::span<const std::uint8_t>(turn_.pcm.data() + begin, end - begin), b64);
        scratch_.clear();
        codec::gemini::encode_model_audio(kOutputMime, b64, scratch_);
        emit(out, Opcode::binary, scratch_);
      }
      if (output_transcription_ && !words.empty()) {
        gw::ServerMessage m;
        m.server_content.emplace().output_transcription.emplace().text = words;
        send(m, out);
      }
    } else if (!words.empty()) {
      gw::ServerMessage m;
      m.server_content.emplace().model_turn.emplace().parts.emplace_back().text = words;
      send(m, out);
    }
    turn_.next_at += interval;
  }
  if (turn_.active && turn_.next_chunk >= turn_.chunks) {
    gw::ServerMessage m;
    m.server_content.emplace().generation_complete = true;
    send(m, out);
    turn_complete(out);
  }
}

void GeminiSim::interrupt(Outbox& out) {
  if (!turn_.active) return;
  ++record_.cancelled;
  gw::ServerMessage m;
  m.server_content.emplace().interrupted = true;
  send(m, out);
  turn_complete(out);
}

void GeminiSim::turn_complete(Outbox& out) {
  // Bill what was produced (all of it, or up to the interruption).
  std::uint64_t said = turn_.chunks ? turn_.next_chunk : 0;
  std::uint64_t out_audio =
      turn_.audio && turn_.chunks ? output_audio_tokens(turn_.audio_ms * said / turn_.chunks) : 0;
  std::string text;
  for (std::size_t i = 0; i < said && i < turn_.text_chunks.size(); ++i) text += turn_.text_chunks[i];
  history_text_tokens_ += text_tokens(text);
  gw::ServerMessage m;
  m.server_content.emplace().turn_complete = true;
  m.usage_metadata =
      codec::gemini::from_usage(make_usage(turn_.in_text, turn_.in_audio, text_tokens(text), out_audio));
  send(m, out);
  turn_.active = false;
  if (resumption_) resumption_update(out);
}

void GeminiSim::resumption_update(Outbox& out) {
  char handle[64];
  std::snprintf(handle, sizeof handle, "simhandle-%s-%u",
                options_.session_id.empty() ? "0" : options_.session_id.c_str(),
                ++resumption_count_);
  gw::ServerMessage m;
  auto& u = m.session_resumption_update.emplace();
  u.new_handle = std::string_view(handle);
  u.resumable = true;
  send(m, out);
}

void GeminiSim::on_timer(TimePoint now, Outbox& out) {
  if (closed_) return;
  if (go_away_at_ && *go_away_at_ <= now) {
    go_away_at_.reset();
    gw::ServerMessage m;
    m.go_away.emplace().time_left = codec::gemini::Duration{options_.go_away_time_left_ms};
    send(m, out);
    close_at_ = now + std::chrono::milliseconds(options_.go_away_time_left_ms);
  }
  if (close_at_ && *close_at_ <= now) {
    close_at_.reset();
    close(out, 1001, "The session has reached its time limit.");
    return;
  }
  pump(now, out);
}

std::optional<TimePoint> GeminiSim::next_deadline() const {
  if (closed_) return std::nullopt;
  std::optional<TimePoint> t;
  auto take = [&](const std::optional<TimePoint>& c) {
    if (c && (!t || *c < *t)) t = c;
  };
  take(go_away_at_);
  take(close_at_);
  if (turn_.active && turn_.next_chunk < turn_.chunks) take(turn_.next_at);
  return t;
}

void GeminiSim::send(const gw::ServerMessage& m, Outbox& out) {
  scratch_.clear();
  codec::gemini::encode_server(m, scratch_);
  emit(out, Opcode::binary, scratch_);
}

void GeminiSim::fail(std::string_view reason, Outbox& out) {
  close(out, codec::gemini::kCloseInvalidArgument, reason.substr(0, codec::gemini::kMaxCloseReason));
}

}  // namespace sy::providers::sim
