#include "persistence/checkpoint/records.h"

#include <boost/describe/enum.hpp>
#include <optional>
#include <vector>

#include "codec/json/writer.h"

namespace sy::persist::checkpoint {

namespace ev = codec::events;
namespace json = codec::json;

// ---- The payload schema, described once for the reflected reader and writer ----
namespace rec {

enum class ItemType { message, function_call, function_call_output };
enum class Role { user, assistant, system };
enum class Status { unset, in_progress, completed, incomplete };
enum class Encoding { pcm16, g711_ulaw, g711_alaw };
enum class TurnMode { manual, server_vad, semantic_vad };
enum class Dialect { openai, gemini };
BOOST_DESCRIBE_ENUM(ItemType, message, function_call, function_call_output)
BOOST_DESCRIBE_ENUM(Role, user, assistant, system)
BOOST_DESCRIBE_ENUM(Status, unset, in_progress, completed, incomplete)
BOOST_DESCRIBE_ENUM(Encoding, pcm16, g711_ulaw, g711_alaw)
BOOST_DESCRIBE_ENUM(TurnMode, manual, server_vad, semantic_vad)
BOOST_DESCRIBE_ENUM(Dialect, openai, gemini)

struct Identity {
  std::string_view account;
  std::string_view session_id;
  Dialect dialect = Dialect::openai;
  bool openai_beta = false;
  std::string_view core;
  std::string_view model;
};
BOOST_DESCRIBE_STRUCT(Identity, (), (account, session_id, dialect, openai_beta, core, model))

struct Format {
  Encoding encoding = Encoding::pcm16;
  std::uint32_t rate = 24000;
};
BOOST_DESCRIBE_STRUCT(Format, (), (encoding, rate))

struct Modalities {
  bool text = false;
  bool audio = false;
};
BOOST_DESCRIBE_STRUCT(Modalities, (), (text, audio))

struct TurnDetection {
  TurnMode mode = TurnMode::server_vad;
  std::optional<double> threshold;
  std::optional<std::uint32_t> prefix_padding_ms;
  std::optional<std::uint32_t> silence_duration_ms;
  std::optional<std::uint32_t> idle_timeout_ms;
  std::optional<bool> create_response;
  std::optional<bool> interrupt_response;
  std::optional<std::string_view> eagerness;
};
BOOST_DESCRIBE_STRUCT(TurnDetection, (),
                      (mode, threshold, prefix_padding_ms, silence_duration_ms, idle_timeout_ms,
                       create_response, interrupt_response, eagerness))

struct Transcription {
  bool enabled = true;
  std::optional<std::string_view> model;
  std::optional<std::string_view> language;
  std::optional<std::string_view> prompt;
};
BOOST_DESCRIBE_STRUCT(Transcription, (), (enabled, model, language, prompt))

struct Tool {
  std::string_view name;
  std::optional<std::string_view> description;
  std::optional<json::RawJson> parameters;
};
BOOST_DESCRIBE_STRUCT(Tool, (), (name, description, parameters))

struct MaxTokens {
  bool infinite = true;
  std::uint32_t count = 0;
};
BOOST_DESCRIBE_STRUCT(MaxTokens, (), (infinite, count))

struct Config {
  std::optional<std::string_view> model;
  std::optional<std::string_view> instructions;
  std::optional<std::string_view> voice;
  std::optional<Modalities> modalities;
  std::optional<Format> input_format;
  std::optional<Format> output_format;
  std::optional<TurnDetection> turn_detection;
  std::optional<Transcription> transcription;
  std::optional<bool> output_transcription;
  std::optional<std::string_view> noise_reduction;
  std::optional<std::vector<Tool>> tools;
  std::optional<std::string_view> tool_choice;
  std::optional<double> temperature;
  std::optional<MaxTokens> max_output_tokens;
  std::optional<double> speed;
};
BOOST_DESCRIBE_STRUCT(Config, (),
                      (model, instructions, voice, modalities, input_format, output_format,
                       turn_detection, transcription, output_transcription, noise_reduction,
                       tools, tool_choice,
                       temperature, max_output_tokens, speed))

struct Item {
  std::string_view id;
  ItemType type = ItemType::message;
  Role role = Role::user;
  Status status = Status::completed;
  std::optional<bool> spoken;
  std::optional<std::string_view> text;
  std::optional<std::string_view> call_id;
  std::optional<std::string_view> name;
  std::optional<std::uint32_t> audio_ms;
  std::optional<std::uint32_t> heard_ms;
};
BOOST_DESCRIBE_STRUCT(Item, (),
                      (id, type, role, status, spoken, text, call_id, name, audio_ms, heard_ms))

struct Usage {
  std::uint64_t total_tokens = 0;
  std::uint64_t input_tokens = 0;
  std::uint64_t output_tokens = 0;
  std::uint64_t input_text_tokens = 0;
  std::uint64_t input_audio_tokens = 0;
  std::uint64_t input_cached_tokens = 0;
  std::uint64_t output_text_tokens = 0;
  std::uint64_t output_audio_tokens = 0;
};
BOOST_DESCRIBE_STRUCT(Usage, (),
                      (total_tokens, input_tokens, output_tokens, input_text_tokens,
                       input_audio_tokens, input_cached_tokens, output_text_tokens,
                       output_audio_tokens))

// One delta: `k` names the kind; the members it needs are set.
struct Delta {
  std::int64_t t = 0;
  std::string_view k;
  std::optional<Identity> identity;
  std::optional<Config> config;
  std::optional<Item> item;
  std::optional<std::string_view> id;
  std::optional<std::string_view> after;
  std::optional<std::string_view> text;
  std::optional<Status> status;
  std::optional<std::uint32_t> ms;
  std::optional<std::string_view> handle;
  std::optional<std::int64_t> handle_t;
  std::optional<Usage> usage;
  std::optional<std::string_view> core;
  std::optional<std::string_view> model;
};
BOOST_DESCRIBE_STRUCT(Delta, (),
                      (t, k, identity, config, item, id, after, text, status, ms, handle,
                       handle_t, usage, core, model))

struct Snapshot {
  std::int64_t t = 0;
  Identity identity;
  std::optional<Config> config;
  std::optional<std::string_view> client_session_id;
  std::vector<Item> items;
  std::optional<std::string_view> handle;
  std::optional<std::int64_t> handle_t;
  std::optional<Usage> usage;
};
BOOST_DESCRIBE_STRUCT(Snapshot, (),
                      (t, identity, config, client_session_id, items, handle, handle_t, usage))

struct Ended {
  std::int64_t t = 0;
  std::string_view reason;
};
BOOST_DESCRIBE_STRUCT(Ended, (), (t, reason))

}  // namespace rec

namespace {

template <class To, class From>
To cast(From v) {
  return static_cast<To>(static_cast<int>(v));
}

std::optional<std::string_view> opt(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// ---- canonical -> record ----
rec::Identity to_rec(const conv::Identity& i) {
  return rec::Identity{i.account, i.session_id, cast<rec::Dialect>(i.dialect), i.openai_beta,
                       i.core, i.model};
}

rec::Format to_rec(const ev::AudioFormat& f) {
  return rec::Format{cast<rec::Encoding>(f.encoding), f.sample_rate};
}

rec::Config to_rec(const ev::SessionConfig& c) {
  rec::Config r;
  r.model = c.model;
  r.instructions = c.instructions;
  r.voice = c.voice;
  if (c.modalities) r.modalities = rec::Modalities{c.modalities->text, c.modalities->audio};
  if (c.input_format) r.input_format = to_rec(*c.input_format);
  if (c.output_format) r.output_format = to_rec(*c.output_format);
  if (c.turn_detection) {
    const ev::TurnDetection& t = *c.turn_detection;
    r.turn_detection = rec::TurnDetection{cast<rec::TurnMode>(t.mode), t.threshold,
                                          t.prefix_padding_ms, t.silence_duration_ms,
                                          t.idle_timeout_ms, t.create_response,
                                          t.interrupt_response, opt(t.eagerness)};
  }
  if (c.transcription) {
    const ev::Transcription& t = *c.transcription;
    r.transcription = rec::Transcription{t.enabled, opt(t.model), opt(t.language), opt(t.prompt)};
  }
  r.output_transcription = c.output_transcription;
  r.noise_reduction = c.noise_reduction;
  if (c.tools) {
    auto& tools = r.tools.emplace();
    for (const ev::Tool& t : *c.tools) {
      rec::Tool rt;
      rt.name = t.name;
      rt.description = opt(t.description);
      if (!t.parameters_json.empty()) rt.parameters = json::RawJson{t.parameters_json};
      tools.push_back(rt);
    }
  }
  r.tool_choice = c.tool_choice;
  r.temperature = c.temperature;
  if (c.max_output_tokens)
    r.max_output_tokens = rec::MaxTokens{c.max_output_tokens->infinite, c.max_output_tokens->count};
  r.speed = c.speed;
  return r;
}

rec::Item to_rec(const conv::ItemView& v) {
  rec::Item r;
  r.id = v.id;
  r.type = cast<rec::ItemType>(v.type);
  r.role = cast<rec::Role>(v.role);
  r.status = cast<rec::Status>(v.status);
  if (v.spoken) r.spoken = true;
  r.text = opt(v.text);
  r.call_id = opt(v.call_id);
  r.name = opt(v.name);
  if (v.audio_ms) r.audio_ms = v.audio_ms;
  r.heard_ms = v.heard_ms;
  return r;
}

rec::Usage to_rec(const ev::Usage& u) {
  return rec::Usage{u.total_tokens,       u.input_tokens,        u.output_tokens,
                    u.input_text_tokens,  u.input_audio_tokens,  u.input_cached_tokens,
                    u.output_text_tokens, u.output_audio_tokens};
}

// ---- record -> canonical ----
conv::Identity from_rec(const rec::Identity& i) {
  return conv::Identity{std::string(i.account), std::string(i.session_id),
                        cast<conv::Dialect>(i.dialect), i.openai_beta, std::string(i.core),
                        std::string(i.model)};
}

ev::AudioFormat from_rec(const rec::Format& f) {
  return ev::AudioFormat{cast<ev::AudioEncoding>(f.encoding), f.rate};
}

ev::Usage from_rec(const rec::Usage& u) {
  return ev::Usage{u.total_tokens,       u.input_tokens,        u.output_tokens,
                   u.input_text_tokens,  u.input_audio_tokens,  u.input_cached_tokens,
                   u.output_text_tokens, u.output_audio_tokens};
}

conv::ItemView from_rec(const rec::Item& r) {
  conv::ItemView v;
  v.id = r.id;
  v.type = cast<ev::ItemType>(r.type);
  v.role = cast<ev::Role>(r.role);
  v.status = cast<ev::ItemStatus>(r.status);
  v.spoken = r.spoken.value_or(false);
  v.text = r.text.value_or("");
  v.call_id = r.call_id.value_or("");
  v.name = r.name.value_or("");
  v.audio_ms = r.audio_ms.value_or(0);
  v.heard_ms = r.heard_ms;
  return v;
}

}  // namespace

struct RecordReader::Scratch {
  rec::Delta delta;
  rec::Snapshot snapshot;
  rec::Ended ended;
  conv::Identity identity;
  std::vector<ev::Tool> tools;
};

namespace {

ev::SessionConfig from_rec(const rec::Config& r, std::vector<ev::Tool>& tools) {
  ev::SessionConfig c;
  c.model = r.model;
  c.instructions = r.instructions;
  c.voice = r.voice;
  if (r.modalities) c.modalities = ev::Modalities{r.modalities->text, r.modalities->audio};
  if (r.input_format) c.input_format = from_rec(*r.input_format);
  if (r.output_format) c.output_format = from_rec(*r.output_format);
  if (r.turn_detection) {
    const rec::TurnDetection& t = *r.turn_detection;
    ev::TurnDetection td;
    td.mode = cast<ev::TurnDetectionMode>(t.mode);
    td.threshold = t.threshold;
    td.prefix_padding_ms = t.prefix_padding_ms;
    td.silence_duration_ms = t.silence_duration_ms;
    td.idle_timeout_ms = t.idle_timeout_ms;
    td.create_response = t.create_response;
    td.interrupt_response = t.interrupt_response;
    td.eagerness = t.eagerness.value_or("");
    c.turn_detection = td;
  }
  if (r.transcription) {
    const rec::Transcription& t = *r.transcription;
    c.transcription = ev::Transcription{t.enabled, t.model.value_or(""), t.language.value_or(""),
                                        t.prompt.value_or("")};
  }
  c.output_transcription = r.output_transcription;
  c.noise_reduction = r.noise_reduction;
  if (r.tools) {
    tools.clear();
    for (const rec::Tool& t : *r.tools) {
      tools.push_back(ev::Tool{t.name, t.description.value_or(""),
                               t.parameters ? t.parameters->json : std::string_view{}});
    }
    c.tools = std::span<const ev::Tool>(tools);
  }
  c.tool_choice = r.tool_choice;
  c.temperature = r.temperature;
  if (r.max_output_tokens)
    c.max_output_tokens = ev::MaxTokens{r.max_output_tokens->infinite, r.max_output_tokens->count};
  c.speed = r.speed;
  return c;
}

template <class T>
void write_payload(const T& value, std::string& out) {
  json::Writer w;
  w.buffer().swap(out);
  w.clear();
  json::write<json::OpenAiOptions>(w, value);
  w.buffer().swap(out);
}

}  // namespace

bool is_checkpoint_type(std::uint16_t type) noexcept {
  return type == kSnapshot || type == kDelta || type == kEnded;
}

std::string_view type_name(std::uint16_t type) noexcept {
  switch (type) {
    case kSnapshot: return "snapshot";
    case kDelta: return "delta";
    case kEnded: return "ended";
    default: return "unknown";
  }
}

std::uint64_t session_key(std::string_view account, std::string_view session_id) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&](unsigned char c) {
    h ^= c;
    h *= 0x100000001b3ULL;
  };
  for (char c : account) mix(static_cast<unsigned char>(c));
  mix(0);
  for (char c : session_id) mix(static_cast<unsigned char>(c));
  return h;
}

void encode_delta(const conv::Delta& delta, std::int64_t unix_ms, std::string& out) {
  rec::Delta r;
  r.t = unix_ms;
  r.k = conv::delta_name(delta);
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, conv::SetIdentity>) {
          if (d.identity) r.identity = to_rec(*d.identity);
        } else if constexpr (std::is_same_v<T, conv::SetConfig>) {
          r.config = to_rec(d.config);
        } else if constexpr (std::is_same_v<T, conv::SetClientSessionId>) {
          r.id = d.id;
        } else if constexpr (std::is_same_v<T, conv::PutItem>) {
          r.item = to_rec(d.item);
          r.after = d.after;
        } else if constexpr (std::is_same_v<T, conv::AppendText>) {
          r.id = d.id;
          r.text = d.text;
        } else if constexpr (std::is_same_v<T, conv::SetItemState>) {
          r.id = d.id;
          r.status = cast<rec::Status>(d.status);
          r.ms = d.audio_ms;
        } else if constexpr (std::is_same_v<T, conv::SetHeard>) {
          r.id = d.id;
          r.ms = d.heard_ms;
        } else if constexpr (std::is_same_v<T, conv::RemoveItem>) {
          r.id = d.id;
        } else if constexpr (std::is_same_v<T, conv::SetUpstreamHandle>) {
          r.handle = d.handle;
          r.handle_t = d.unix_ms;
        } else if constexpr (std::is_same_v<T, conv::AddUsage>) {
          r.usage = to_rec(d.usage);
        } else if constexpr (std::is_same_v<T, conv::SetCore>) {
          r.core = d.core;
          r.model = d.model;
        }
      },
      delta);
  write_payload(r, out);
}

void encode_snapshot(const conv::Conversation& c, std::int64_t unix_ms, std::string& out) {
  rec::Snapshot s;
  s.t = unix_ms;
  s.identity = to_rec(c.identity());
  if (c.has_config()) s.config = to_rec(c.config());
  s.client_session_id = opt(c.client_session_id());
  s.items.reserve(c.items().size());
  for (const conv::Item& i : c.items()) s.items.push_back(to_rec(conv::view(i)));
  if (!c.upstream_handle().empty()) {
    s.handle = c.upstream_handle();
    s.handle_t = c.upstream_handle_unix_ms();
  }
  if (c.usage() != ev::Usage{}) s.usage = to_rec(c.usage());
  write_payload(s, out);
}

void encode_ended(std::string_view reason, std::int64_t unix_ms, std::string& out) {
  write_payload(rec::Ended{unix_ms, reason}, out);
}

RecordReader::RecordReader() : reader_(std::size_t{8} << 20), scratch_(std::make_unique<Scratch>()) {}
RecordReader::~RecordReader() = default;

Status RecordReader::read(std::uint16_t type, std::string_view payload, std::int64_t& unix_ms,
                          const std::function<void(const conv::Delta&)>& sink) {
  Scratch& s = *scratch_;
  if (type == kEnded) {
    if (auto st = reader_.read<json::OpenAiOptions>(payload, s.ended); !st) return st;
    unix_ms = s.ended.t;
    reason_.assign(s.ended.reason);
    return {};
  }
  if (type == kSnapshot) {
    if (auto st = reader_.read<json::OpenAiOptions>(payload, s.snapshot); !st) return st;
    const rec::Snapshot& r = s.snapshot;
    unix_ms = r.t;
    s.identity = from_rec(r.identity);
    sink(conv::SetIdentity{&s.identity});
    if (r.config) sink(conv::SetConfig{from_rec(*r.config, s.tools)});
    if (r.client_session_id) sink(conv::SetClientSessionId{*r.client_session_id});
    for (const rec::Item& i : r.items) sink(conv::PutItem{from_rec(i), std::nullopt});
    if (r.handle) sink(conv::SetUpstreamHandle{*r.handle, r.handle_t.value_or(0)});
    if (r.usage) sink(conv::AddUsage{from_rec(*r.usage)});
    return {};
  }
  if (type != kDelta) return Error{static_cast<std::uint16_t>(RecordErrc::unknown_type), 0, "not a checkpoint record"};
  if (auto st = reader_.read<json::OpenAiOptions>(payload, s.delta); !st) return st;
  const rec::Delta& r = s.delta;
  unix_ms = r.t;
  const Error missing{static_cast<std::uint16_t>(RecordErrc::missing_member), 0,
                      "a checkpoint delta lacks a member its kind needs"};
  const std::string_view k = r.k;
  if (k == "set_identity") {
    if (!r.identity) return missing;
    s.identity = from_rec(*r.identity);
    sink(conv::SetIdentity{&s.identity});
  } else if (k == "set_config") {
    if (!r.config) return missing;
    sink(conv::SetConfig{from_rec(*r.config, s.tools)});
  } else if (k == "set_client_session_id") {
    if (!r.id) return missing;
    sink(conv::SetClientSessionId{*r.id});
  } else if (k == "put_item") {
    if (!r.item) return missing;
    sink(conv::PutItem{from_rec(*r.item), r.after});
  } else if (k == "append_text") {
    if (!r.id || !r.text) return missing;
    sink(conv::AppendText{*r.id, *r.text});
  } else if (k == "set_item_state") {
    if (!r.id || !r.status) return missing;
    sink(conv::SetItemState{*r.id, cast<ev::ItemStatus>(*r.status), r.ms.value_or(0)});
  } else if (k == "set_heard") {
    if (!r.id || !r.ms) return missing;
    sink(conv::SetHeard{*r.id, *r.ms});
  } else if (k == "remove_item") {
    if (!r.id) return missing;
    sink(conv::RemoveItem{*r.id});
  } else if (k == "set_upstream_handle") {
    if (!r.handle) return missing;
    sink(conv::SetUpstreamHandle{*r.handle, r.handle_t.value_or(0)});
  } else if (k == "add_usage") {
    if (!r.usage) return missing;
    sink(conv::AddUsage{from_rec(*r.usage)});
  } else if (k == "set_core") {
    if (!r.core) return missing;
    sink(conv::SetCore{*r.core, r.model.value_or("")});
  } else {
    return Error{static_cast<std::uint16_t>(RecordErrc::unknown_kind), 0,
                 "a checkpoint delta of a kind this build does not know"};
  }
  return {};
}

}  // namespace sy::persist::checkpoint
