// OpenAI face: responses. One at a time; its output is prepared whole when it starts and then
// streamed one chunk (audio and the matching slice of transcript, or a slice of text) per timer
// step, so an interruption can land in the middle of it.
#include <algorithm>

#include "codec/audio/base64.h"
#include "codec/audio/g711.h"
#include "providers/sim/openai_sim.h"

namespace sy::providers::sim {

namespace ev = codec::events;

std::vector<ToolSpec> OpenAiSim::tools_for(const ev::ResponseOptions& options) const {
  std::vector<ToolSpec> out;
  std::span<const ev::Tool> tools =
      options.tools ? *options.tools
                    : config_.get().tools.value_or(std::span<const ev::Tool>{});
  for (const ev::Tool& t : tools) {
    out.push_back(ToolSpec{std::string(t.name), std::string(t.parameters_json)});
  }
  return out;
}

void OpenAiSim::create_response(TimePoint now, const ev::ResponseOptions& options,
                                std::string_view event_id, Outbox& out) {
  if (resp_.active) {
    error("conversation_already_has_active_response",
          "Conversation already has an active response in progress: " + resp_.id +
              ". Wait until the response is finished before creating a new one.",
          "", event_id, out);
    return;
  }
  const ev::SessionConfig& cfg = config_.get();
  const bool in_conversation = options.conversation.value_or("auto") != "none";

  // What the answer answers: the latest user message or tool output in its context.
  std::string user_text;
  std::string tool_output, tool_name;
  bool after_tool = false;
  bool from_audio = false;
  std::uint64_t in_text = 0, in_audio = 0;
  auto consider = [&](const ev::Item& it, std::uint64_t audio_ms, bool latest_wanted) {
    for (const auto& p : it.content) in_text += text_tokens(p.text);
    in_audio += input_audio_tokens(audio_ms);
    if (!latest_wanted) return;
    if (it.type == ev::ItemType::function_call_output) {
      after_tool = true;
      tool_output = it.output;
      for (const ConvItem& c : conversation_) {
        if (c.type == ev::ItemType::function_call && c.call_id == it.call_id) tool_name = c.name;
      }
    } else if (it.type == ev::ItemType::message && it.role == ev::Role::user) {
      after_tool = false;
      user_text.clear();
      from_audio = false;
      for (const auto& p : it.content) {
        std::string_view t = p.kind == ev::PartKind::text ? p.text : p.transcript;
        if (p.kind == ev::PartKind::audio) from_audio = true;
        if (!user_text.empty() && !t.empty()) user_text += ' ';
        user_text += t;
      }
    }
  };
  if (options.input) {
    for (const ev::Item& it : *options.input) consider(it, 0, true);
  } else {
    std::vector<ev::ContentPart> parts;
    for (const ConvItem& c : conversation_) consider(view(c, parts), c.audio_ms, true);
  }
  (void)from_audio;

  resp_ = Response{};
  resp_.active = true;
  resp_.id = next_id("resp_");
  resp_.in_conversation = in_conversation;
  ++record_.responses;

  ev::Modalities modalities = options.modalities.value_or(cfg.modalities.value_or(ev::Modalities{false, true}));
  std::string_view voice = options.voice.value_or(cfg.voice.value_or("alloy"));
  send(ev::ResponseStarted{resp_.id, modalities, voice}, out);

  std::vector<ToolSpec> tools = tools_for(options);
  std::string_view choice = options.tool_choice.value_or(cfg.tool_choice.value_or("auto"));
  int tool = after_tool ? -1 : requested_tool(user_text, tools, choice);
  if (tool >= 0) {
    resp_.usage = make_usage(in_text, in_audio, 0, 0);
    start_function_call(tools[static_cast<std::size_t>(tool)], user_text, in_conversation, out);
    return;
  }

  resp_.text = after_tool ? tool_result_text(tool_name, tool_output) : answer_text(user_text);
  resp_.kind = modalities.audio ? AnswerKind::audio : AnswerKind::text;
  resp_.item_id = next_id("item_");
  if (resp_.kind == AnswerKind::audio) {
    const ev::AudioFormat of = cfg.output_format.value_or(ev::AudioFormat{});
    const bool pcm = of.encoding == ev::AudioEncoding::pcm16;
    const std::uint32_t rate = pcm ? of.sample_rate : 8000;
    std::vector<std::int16_t> samples;
    if (options_.answer_audio == AnswerAudio::echo && !last_user_audio_.empty()) {
      append_resampled(samples, last_user_audio_, last_user_rate_, rate);
    } else {
      append_tone(samples, rate, options_.tone_ms);
    }
    resp_.audio_ms = samples.size() * 1000 / rate;
    if (pcm) {
      resp_.audio.resize(samples.size() * 2);
      for (std::size_t i = 0; i < samples.size(); ++i) {
        auto v = static_cast<std::uint16_t>(samples[i]);
        resp_.audio[2 * i] = static_cast<std::uint8_t>(v & 0xff);
        resp_.audio[2 * i + 1] = static_cast<std::uint8_t>(v >> 8);
      }
    } else {
      resp_.audio.resize(samples.size());
      if (of.encoding == ev::AudioEncoding::g711_ulaw) {
        codec::audio::ulaw_encode(samples, resp_.audio);
      } else {
        codec::audio::alaw_encode(samples, resp_.audio);
      }
    }
    resp_.chunk_bytes =
        std::max<std::size_t>(1, std::size_t{rate} * options_.chunk_ms / 1000 * (pcm ? 2 : 1));
    resp_.chunks = std::max<std::size_t>(1, (resp_.audio.size() + resp_.chunk_bytes - 1) /
                                                 resp_.chunk_bytes);
    resp_.usage = make_usage(in_text, in_audio, text_tokens(resp_.text),
                             output_audio_tokens(resp_.audio_ms));
  } else {
    resp_.chunks = std::max<std::size_t>(1, static_cast<std::size_t>(std::count(
                                                resp_.text.begin(), resp_.text.end(), ' ')) + 1);
    resp_.usage = make_usage(in_text, in_audio, text_tokens(resp_.text), 0);
  }
  resp_.text_chunks = split_text(resp_.text, resp_.chunks);

  ConvItem item;
  item.id = resp_.item_id;
  item.role = ev::Role::assistant;
  item.status = ev::ItemStatus::in_progress;
  std::optional<std::string> prev;
  if (!conversation_.empty()) prev = conversation_.back().id;
  std::vector<ev::ContentPart> parts;
  ev::Item v = view(item, parts);
  auto prev_view = prev ? std::optional<std::string_view>(*prev) : std::nullopt;
  send(ev::OutputItemAdded{resp_.id, 0, v}, out);
  if (in_conversation) {
    send(ev::ItemAdded{prev_view, v}, out);
    conversation_.push_back(std::move(item));
  }
  ev::ContentPart part;
  part.kind = resp_.kind == AnswerKind::audio ? ev::PartKind::audio : ev::PartKind::text;
  send(ev::ContentPartAdded{ev::ResponseRef{resp_.id, resp_.item_id, 0, 0}, part}, out);

  resp_.next_at = now;
  if (resp_.kind == AnswerKind::audio) resp_.next_at += std::chrono::milliseconds(options_.delay_first_audio_ms);
  pump(now, out);
}

void OpenAiSim::start_function_call(const ToolSpec& tool, std::string_view text,
                                    bool in_conversation, Outbox& out) {
  ConvItem item;
  item.id = next_id("item_");
  item.type = ev::ItemType::function_call;
  item.role = ev::Role::assistant;
  item.status = ev::ItemStatus::in_progress;
  item.call_id = next_id("call_");
  item.name = tool.name;
  std::string args = tool_arguments(tool, text);
  std::optional<std::string> prev;
  if (!conversation_.empty()) prev = conversation_.back().id;
  auto prev_view = prev ? std::optional<std::string_view>(*prev) : std::nullopt;
  std::vector<ev::ContentPart> parts;
  ev::Item v = view(item, parts);
  const ev::ResponseRef ref{resp_.id, item.id, 0, 0};
  send(ev::OutputItemAdded{resp_.id, 0, v}, out);
  if (in_conversation) send(ev::ItemAdded{prev_view, v}, out);
  send(ev::FunctionCallArgumentsDelta{ref, item.call_id, args}, out);
  send(ev::FunctionCall{ref, item.call_id, item.name, args}, out);
  item.status = ev::ItemStatus::completed;
  item.arguments = args;
  v = view(item, parts);
  send(ev::OutputItemDone{resp_.id, 0, v}, out);
  if (in_conversation) send(ev::ItemDone{prev_view, v}, out);
  resp_.active = false;
  ev::ResponseDone done;
  done.response_id = resp_.id;
  done.status = ev::ResponseStatus::completed;
  done.usage = resp_.usage;
  done.output = std::span<const ev::Item>(&v, 1);
  send(done, out);
  if (in_conversation) conversation_.push_back(std::move(item));
}

void OpenAiSim::pump(TimePoint now, Outbox& out) {
  const auto interval = std::chrono::milliseconds(options_.chunk_interval_ms);
  while (resp_.active && !closed_ && resp_.next_chunk < resp_.chunks && resp_.next_at <= now) {
    const std::size_t i = resp_.next_chunk++;
    const ev::ResponseRef ref{resp_.id, resp_.item_id, 0, 0};
    const std::string& words = resp_.text_chunks[i];
    if (resp_.kind == AnswerKind::audio) {
      std::size_t begin = i * resp_.chunk_bytes;
      std::size_t end = std::min(resp_.audio.size(), begin + resp_.chunk_bytes);
      std::string b64;
      if (end > begin) {
        codec::audio::base64_encode_append(
            std::span<const std::uint8_t>(resp_.audio.data() + begin, end - begin), b64);
        send(ev::AudioDelta{ref, b64}, out);
      }
      if (!words.empty()) send(ev::OutputTranscriptDelta{ref, words}, out);
    } else if (!words.empty()) {
      send(ev::TextDelta{ref, words}, out);
    }
    resp_.said += words;
    resp_.next_at += interval;
  }
  if (resp_.active && resp_.next_chunk >= resp_.chunks) {
    finish_response(ev::ResponseStatus::completed, "", out);
  }
}

void OpenAiSim::finish_response(ev::ResponseStatus status, std::string_view reason, Outbox& out) {
  const ev::ResponseRef ref{resp_.id, resp_.item_id, 0, 0};
  const bool audio = resp_.kind == AnswerKind::audio;
  const bool completed = status == ev::ResponseStatus::completed;
  ev::ContentPart part;
  part.kind = audio ? ev::PartKind::audio : ev::PartKind::text;
  if (audio) {
    send(ev::AudioDone{ref}, out);
    send(ev::OutputTranscriptDone{ref, resp_.said}, out);
    part.transcript = resp_.said;
  } else {
    send(ev::TextDone{ref, resp_.said}, out);
    part.text = resp_.said;
  }
  send(ev::ContentPartDone{ref, part}, out);

  ConvItem item;
  item.id = resp_.item_id;
  item.role = ev::Role::assistant;
  item.status = completed ? ev::ItemStatus::completed : ev::ItemStatus::incomplete;
  item.parts.push_back(Part{part.kind, audio ? "" : resp_.said, audio ? resp_.said : ""});
  std::vector<ev::ContentPart> parts;
  ev::Item v = view(item, parts);
  send(ev::OutputItemDone{resp_.id, 0, v}, out);
  if (resp_.in_conversation) {
    std::optional<std::string> prev;
    auto it = std::find_if(conversation_.begin(), conversation_.end(),
                           [&](const ConvItem& c) { return c.id == item.id; });
    if (it != conversation_.end() && it != conversation_.begin()) prev = std::prev(it)->id;
    auto prev_view = prev ? std::optional<std::string_view>(*prev) : std::nullopt;
    send(ev::ItemDone{prev_view, v}, out);
    if (it != conversation_.end()) *it = item;
  }
  resp_.active = false;
  ev::ResponseDone done;
  done.response_id = resp_.id;
  done.status = status;
  if (!completed) {
    done.status_type = "cancelled";
    done.status_reason = reason;
  }
  // Usage counts what was produced: a cut answer bills only what was said.
  ev::Usage usage = resp_.usage;
  if (!completed) {
    std::uint64_t ms = resp_.chunks ? resp_.audio_ms * resp_.next_chunk / resp_.chunks : 0;
    usage = make_usage(usage.input_text_tokens, usage.input_audio_tokens, text_tokens(resp_.said),
                       audio ? output_audio_tokens(ms) : 0);
  }
  done.usage = usage;
  done.output = std::span<const ev::Item>(&v, 1);
  send(done, out);
}

void OpenAiSim::cancel_response(std::string_view reason, Outbox& out) {
  if (!resp_.active) return;
  ++record_.cancelled;
  finish_response(ev::ResponseStatus::cancelled, reason, out);
}

}  // namespace sy::providers::sim
