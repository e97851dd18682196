#include "codec/openai/client_decoder.h"

#include <array>
#include <charconv>

namespace sy::codec::openai {

namespace ev = events;
using json::JsonErrc;
using json::OpenAiOptions;

std::string_view error_code_name(OpenAiErrc code) {
  switch (code) {
    case OpenAiErrc::invalid_json: return "invalid_json";
    case OpenAiErrc::missing_field: return "missing_required_parameter";
    case OpenAiErrc::wrong_type: return "invalid_type";
    case OpenAiErrc::out_of_range: return "invalid_value";
    case OpenAiErrc::invalid_value: return "invalid_value";
    case OpenAiErrc::unknown_event: return "invalid_value";
    case OpenAiErrc::missing_type: return "invalid_event";
    case OpenAiErrc::too_large: return "payload_too_large";
  }
  return "invalid_request";
}

Result<ev::Intent> ClientDecoder::decode(std::string_view frame, std::size_t capacity) {
  error_event_id_.clear();
  if (auto st = reader_.open(frame, capacity); !st) return fail_json(st.error());
  return decode_open();
}

Result<ev::Intent> ClientDecoder::decode(std::string_view frame) {
  error_event_id_.clear();
  if (auto st = reader_.open(frame); !st) return fail_json(st.error());
  return decode_open();
}

Result<ev::Intent> ClientDecoder::decode_open() {
  storage_.clear();
  problem_ = {};
  if (auto st = reader_.read_open<OpenAiOptions>(envelope_); !st) {
    // A `type` or `event_id` of the wrong type: report it like any other field.
    return fail_json(st.error());
  }
  if (envelope_.event_id) error_event_id_.assign(*envelope_.event_id);
  if (!envelope_.type) return fail(OpenAiErrc::missing_type, "The 'type' field is missing.", "type");
  auto type = client_type(*envelope_.type);
  if (!type) return fail(OpenAiErrc::unknown_event, "Unknown event type.", "type");
  return decode_type(*type);
}

Result<ev::Intent> ClientDecoder::decode_type(ClientType type) {
  auto id = [](const wire::Str& s) { return s.value_or(std::string_view{}); };
  switch (type) {
    case ClientType::audio_append: {
      if (auto st = reader_.read_open<OpenAiOptions>(append_); !st) return fail_json(st.error());
      return ev::Intent{id(append_.event_id), ev::AppendAudio{append_.audio}};
    }
    case ClientType::audio_commit:
    case ClientType::audio_clear:
    case ClientType::output_audio_clear: {
      if (auto st = reader_.read_open<OpenAiOptions>(bare_); !st) return fail_json(st.error());
      if (type == ClientType::audio_commit) return ev::Intent{id(bare_.event_id), ev::CommitAudio{}};
      if (type == ClientType::audio_clear) return ev::Intent{id(bare_.event_id), ev::ClearAudio{}};
      return ev::Intent{id(bare_.event_id), ev::ClearOutputAudio{}};
    }
    case ClientType::session_update:
    case ClientType::transcription_session_update: {
      if (auto st = reader_.read_open<OpenAiOptions>(session_update_); !st) {
        return fail_json(st.error());
      }
      ev::ConfigureSession cs;
      if (auto st = to_config(session_update_.session, cs.config, storage_, evidence_, problem_);
          !st) {
        return fail_problem();
      }
      if (type == ClientType::transcription_session_update) evidence_.beta = true;
      if (!header_beta_) shape_ = (evidence_.beta && !evidence_.ga) ? Shape::beta : Shape::ga;
      return ev::Intent{id(session_update_.event_id), cs};
    }
    case ClientType::item_create: {
      if (auto st = reader_.read_open<OpenAiOptions>(item_create_); !st) {
        return fail_json(st.error());
      }
      ev::AddItem add;
      if (item_create_.previous_item_id.has_value()) {
        add.previous_item_id = item_create_.previous_item_id.value;
      }
      if (auto st = to_item(item_create_.item, add.item, storage_, problem_); !st) {
        return fail_problem();
      }
      return ev::Intent{id(item_create_.event_id), add};
    }
    case ClientType::item_retrieve:
    case ClientType::item_delete: {
      if (auto st = reader_.read_open<OpenAiOptions>(item_ref_); !st) return fail_json(st.error());
      if (type == ClientType::item_retrieve) {
        return ev::Intent{id(item_ref_.event_id), ev::RetrieveItem{item_ref_.item_id}};
      }
      return ev::Intent{id(item_ref_.event_id), ev::DeleteItem{item_ref_.item_id}};
    }
    case ClientType::item_truncate: {
      if (auto st = reader_.read_open<OpenAiOptions>(truncate_); !st) return fail_json(st.error());
      return ev::Intent{id(truncate_.event_id),
                        ev::TruncateItem{truncate_.item_id, truncate_.content_index,
                                         truncate_.audio_end_ms}};
    }
    case ClientType::response_create: {
      if (auto st = reader_.read_open<OpenAiOptions>(response_create_); !st) {
        return fail_json(st.error());
      }
      ev::CreateResponse cr;
      if (response_create_.response) {
        if (auto st = to_response_options(*response_create_.response, cr.options, storage_,
                                          problem_);
            !st) {
          problem_.param = problem_.param.empty() ? "response" : problem_.param;
          return fail_problem();
        }
      }
      return ev::Intent{id(response_create_.event_id), cr};
    }
    case ClientType::response_cancel: {
      if (auto st = reader_.read_open<OpenAiOptions>(response_cancel_); !st) {
        return fail_json(st.error());
      }
      return ev::Intent{id(response_cancel_.event_id),
                        ev::CancelResponse{id(response_cancel_.response_id)}};
    }
  }
  return fail(OpenAiErrc::unknown_event, "Unknown event type.", "type");
}

void ClientDecoder::compose_message(std::string_view lead, std::string_view param,
                                    std::string_view detail) {
  error_message_.assign(lead);
  if (!param.empty()) {
    error_message_.append(" '");
    error_message_.append(param);
    error_message_.append("'");
  }
  if (!detail.empty()) {
    error_message_.append(": ");
    error_message_.append(detail);
  }
  error_message_.append(".");
}

Error ClientDecoder::fail_json(const Error& e) {
  const auto& ctx = reader_.context();
  std::array<char, 256> path_buf;
  std::string_view path = ctx.format_path(path_buf);
  error_param_.assign(path);
  std::string_view detail = e.message;
  if (!detail.empty() && detail.back() == '.') detail.remove_suffix(1);
  OpenAiErrc code;
  switch (static_cast<JsonErrc>(e.code)) {
    case JsonErrc::missing_field:
      code = OpenAiErrc::missing_field;
      compose_message("Missing required parameter", path, {});
      break;
    case JsonErrc::wrong_type:
      code = OpenAiErrc::wrong_type;
      compose_message("Invalid type for", path, detail);
      break;
    case JsonErrc::not_object:
      code = path.empty() ? OpenAiErrc::invalid_json : OpenAiErrc::wrong_type;
      compose_message(path.empty() ? "Invalid event" : "Invalid type for", path, detail);
      break;
    case JsonErrc::number_out_of_range:
      code = OpenAiErrc::out_of_range;
      compose_message("Invalid value for", path, detail);
      break;
    case JsonErrc::unknown_enum:
      code = OpenAiErrc::invalid_value;
      compose_message("Invalid value for", path, detail);
      break;
    case JsonErrc::too_large:
      code = OpenAiErrc::too_large;
      compose_message("Event too large", {}, {});
      break;
    default: {
      code = OpenAiErrc::invalid_json;
      char at[16];
      auto r = std::to_chars(at, at + sizeof(at), e.offset);
      error_message_.assign("Invalid JSON at byte ");
      error_message_.append(at, static_cast<std::size_t>(r.ptr - at));
      error_message_.append(": ");
      error_message_.append(detail);
      error_message_.append(".");
      break;
    }
  }
  error_ = make_error(code, e.message, e.offset);
  return error_;
}

Error ClientDecoder::fail_problem() {
  error_param_.assign(problem_.param);
  std::string_view detail = problem_.error.message;
  compose_message(problem_.error.is(OpenAiErrc::missing_field) ? "Missing required parameter"
                                                                : "Invalid value for",
                  problem_.param, problem_.error.is(OpenAiErrc::missing_field) ? "" : detail);
  error_ = problem_.error;
  return error_;
}

Error ClientDecoder::fail(OpenAiErrc code, const char* message, std::string_view param) {
  error_param_.assign(param);
  error_message_.assign(message);
  if (code == OpenAiErrc::unknown_event && envelope_.type) {
    error_message_.assign("Invalid value: '");
    // At most 64 bytes of the client's text, cut on a UTF-8 character boundary.
    std::string_view shown = *envelope_.type;
    if (shown.size() > 64) {
      std::size_t cut = 64;
      while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
      shown = shown.substr(0, cut);
    }
    error_message_.append(shown);
    error_message_.append("'. Unknown event type.");
  }
  error_ = make_error(code, message);
  return error_;
}

ev::ErrorInfo ClientDecoder::error_info() const {
  return ev::ErrorInfo{"invalid_request_error", error_code_name(static_cast<OpenAiErrc>(error_.code)),
                       error_message_, error_param_, error_event_id_};
}

}  // namespace sy::codec::openai
