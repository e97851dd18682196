#include "codec/translate/control.h"

#include "codec/gemini/decoder.h"
#include "codec/json/reader.h"
#include "codec/json/writer.h"

namespace sy::codec::translate {

namespace {

struct OpenAiSwitch {
  std::string_view type;
  std::optional<std::string_view> core;
  std::optional<std::string_view> event_id;
};
BOOST_DESCRIBE_STRUCT(OpenAiSwitch, (), (type, core, event_id))

struct SwitchBody {
  std::optional<std::string_view> core;
};
BOOST_DESCRIBE_STRUCT(SwitchBody, (), (core))

struct GeminiSwitch {
  std::optional<SwitchBody> switchyard_switch;
};
BOOST_DESCRIBE_STRUCT(GeminiSwitch, (), (switchyard_switch))

}  // namespace

std::optional<std::string> read_switch_request(Dialect dialect, std::string_view bytes) {
  // Cheap refusals first: every other frame goes by without being parsed, and audio-sized ones
  // without being scanned.
  if (bytes.size() > kMaxControlBytes || bytes.find("witchyard") == std::string_view::npos)
    return std::nullopt;
  json::Reader reader(std::size_t{64} << 10);
  if (dialect == Dialect::openai) {
    OpenAiSwitch s;
    if (!reader.read<json::OpenAiOptions>(bytes, s).ok() || s.type != "switchyard.switch")
      return std::nullopt;
    return std::string(s.core.value_or(""));
  }
  GeminiSwitch g;
  if (!reader.read<json::ProtoOptions>(bytes, g).ok() || !g.switchyard_switch) return std::nullopt;
  return std::string(g.switchyard_switch->core.value_or(""));
}

void encode_switch_notice(Dialect dialect, std::string_view from, std::string_view to,
                          std::string_view reason, FrameList& out) {
  json::Writer& w = out.begin(dialect == Dialect::openai ? Opcode::text : Opcode::binary);
  w.begin_object();
  if (dialect == Dialect::openai) {
    w.key("type");
    w.string("switchyard.core_switched");
    w.key("event_id");
    w.string("evt_switchyard_switch");
  } else {
    w.key("switchyardCoreSwitched");
    w.begin_object();
  }
  w.key("from");
  w.string(from);
  w.key("to");
  w.string(to);
  w.key("reason");
  w.string(reason);
  if (dialect == Dialect::gemini) w.end_object();
  w.end_object();
  out.end();
}

void encode_switch_refused(Dialect dialect, std::string_view core, std::string_view reason,
                           FrameList& out) {
  json::Writer& w = out.begin(dialect == Dialect::openai ? Opcode::text : Opcode::binary);
  w.begin_object();
  if (dialect == Dialect::openai) {
    w.key("type");
    w.string("error");
    w.key("event_id");
    w.string("evt_switchyard_switch");
    w.key("error");
    w.begin_object();
    w.key("type");
    w.string("invalid_request_error");
    w.key("code");
    w.string("unknown_core");
    w.key("message");
    w.string(reason);
    w.key("param");
    w.string("core");
    w.end_object();
  } else {
    w.key("switchyardSwitchRefused");
    w.begin_object();
    w.key("core");
    w.string(core);
    w.key("reason");
    w.string(reason);
    w.end_object();
  }
  w.end_object();
  out.end();
}

void encode_session_error(Dialect dialect, std::string_view code, std::string_view message,
                          FrameList& out) {
  if (dialect != Dialect::openai) return;
  json::Writer& w = out.begin(Opcode::text);
  w.begin_object();
  w.key("type");
  w.string("error");
  w.key("event_id");
  w.string("evt_gateway");
  w.key("error");
  w.begin_object();
  w.key("type");
  w.string("invalid_request_error");
  w.key("code");
  w.string(code);
  w.key("message");
  w.string(message);
  w.end_object();
  w.end_object();
  out.end();
}

GeminiHello read_gemini_hello(std::string_view first_message) {
  GeminiHello h;
  gemini::Decoder d;
  auto kind = d.decode_client(first_message);
  if (!kind || *kind != gemini::ClientKind::setup) return h;
  const gemini::wire::Setup& s = *d.client().setup;
  h.is_setup = true;
  std::string_view m = s.model.value_or("");
  if (m.substr(0, 7) == "models/") m.remove_prefix(7);
  h.model = std::string(m);
  if (s.session_resumption) {
    h.wants_resumption = true;
    h.handle = std::string(s.session_resumption->handle.value_or(""));
  }
  return h;
}

}  // namespace sy::codec::translate
