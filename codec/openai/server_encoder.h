// Encodes canonical happenings as the OpenAI server events a client receives, in the shape it
// speaks (GA names such as response.output_audio.delta, or beta names such as
// response.audio.delta). A happening without an event id gets one ("event_<n>").
//
//   openai::ServerEncoder enc(decoder.shape());
//   writer.clear();
//   if (enc.encode(happening, writer)) send_text(writer.view());
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "codec/events/happenings.h"
#include "codec/json/writer.h"
#include "codec/openai/convert.h"
#include "codec/openai/event_types.h"
#include "codec/openai/wire_events.h"

namespace sy::codec::openai {

class ServerEncoder {
 public:
  explicit ServerEncoder(Shape shape = Shape::ga) : shape_(shape) {}
  void set_shape(Shape shape) { shape_ = shape; }
  [[nodiscard]] Shape shape() const { return shape_; }

  // Appends one event to `out`. Returns false (and writes nothing) when the client's protocol has
  // no such event: goAway, resumption handles, withdrawn calls, and conversation.item.done for a
  // beta client.
  bool encode(const events::Happening& h, json::Writer& out);

 private:
  struct Visitor;
  std::string_view event_id(std::string_view given);

  Shape shape_;
  std::uint64_t next_id_ = 1;
  std::array<char, 32> id_buf_{};
  EncodeStorage storage_;
  // Reused wire structs (their vectors keep capacity).
  wire::SessionEvent session_;
  wire::ItemEvent item_;
  wire::OutputItem output_item_;
  wire::ResponseEvent response_;
  wire::RateLimits limits_;
};

}  // namespace sy::codec::openai
