// Decodes the frames an OpenAI-dialect client sends (GA or beta shape) into canonical intents.
// One decoder per client connection; it reuses its parser and storage, so decoding does not
// allocate once warm (except for the lists of a session.update or an item, which are rare).
//
//   openai::ClientDecoder dec(openai::is_beta_header(header) ? Shape::beta : Shape::ga);
//   auto intent = dec.decode(frame, readable_bytes_from_frame_start);
//   if (!intent) {
//     // Bad input: answer with an `error` event and carry on with the session.
//     encoder.encode({"", events::ProviderError{dec.error_info()}}, writer);
//   }
//
// Views in the intent point into the frame (or into the decoder, for strings with escapes) and
// stay valid until the next decode() and while the frame's buffer lives. The audio of an append is
// the base64 text as a view into the frame: never copied, never decoded here.
#pragma once

#include <string>
#include <string_view>

#include "codec/events/intents.h"
#include "codec/json/reader.h"
#include "codec/openai/convert.h"
#include "codec/openai/event_types.h"
#include "codec/openai/wire_events.h"

namespace sy::codec::openai {

class ClientDecoder {
 public:
  explicit ClientDecoder(Shape shape = Shape::ga) : shape_(shape), header_beta_(shape == Shape::beta) {}

  // `capacity`: bytes readable from frame.data() (>= size + json::kPadding to parse in place).
  [[nodiscard]] Result<events::Intent> decode(std::string_view frame, std::size_t capacity);
  // A frame with no padding after it (copied once into the decoder's scratch buffer).
  [[nodiscard]] Result<events::Intent> decode(std::string_view frame);

  // The client's shape: beta when the connection said so, or when a session.update used only
  // beta-shaped fields. The server encoder for this client should follow it.
  [[nodiscard]] Shape shape() const { return shape_; }

  // After a failed decode: the OpenAI error (invalid_request_error, a code, a message naming the
  // field, the offending event_id). Views stay valid until the next decode().
  [[nodiscard]] events::ErrorInfo error_info() const;
  [[nodiscard]] OpenAiErrc error_code() const { return static_cast<OpenAiErrc>(error_.code); }

 private:
  Result<events::Intent> decode_open();
  Result<events::Intent> decode_type(ClientType type);
  Error fail_json(const Error& e);
  Error fail_problem();
  Error fail(OpenAiErrc code, const char* message, std::string_view param);
  void compose_message(std::string_view lead, std::string_view param, std::string_view detail);

  json::Reader reader_;
  DecodeStorage storage_;
  Problem problem_;
  ShapeEvidence evidence_;
  Shape shape_;
  bool header_beta_;

  // Reused wire structs (their vectors keep capacity).
  wire::Envelope envelope_;
  wire::SessionUpdate session_update_;
  wire::AudioAppend append_;
  wire::Bare bare_;
  wire::ItemCreate item_create_;
  wire::ItemRef item_ref_;
  wire::Truncate truncate_;
  wire::ResponseCreate response_create_;
  wire::ResponseCancel response_cancel_;

  // Failure report (copied: the frame's views may be overwritten by a second pass).
  Error error_{};
  std::string error_event_id_;
  std::string error_param_;
  std::string error_message_;
};

std::string_view error_code_name(OpenAiErrc code);

}  // namespace sy::codec::openai
