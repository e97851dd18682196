// Conversion between the OpenAI wire objects (wire.h) and the canonical model (codec/events), in
// both directions and both shapes. Lists in the canonical model are spans over the Storage the
// caller passes, so a decoder or encoder that keeps its Storage allocates only while warming up.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "codec/events/happenings.h"
#include "codec/events/intents.h"
#include "codec/openai/event_types.h"
#include "codec/openai/wire.h"
#include "core/base/result.h"

namespace sy::codec::openai {

enum class OpenAiErrc : std::uint16_t {
  invalid_json = 1,  // not JSON, or not an object
  missing_field,     // a required field is absent
  wrong_type,        // a field has the wrong JSON type
  out_of_range,      // a number does not fit
  invalid_value,     // a string names nothing we know (format, modality, role...)
  unknown_event,     // `type` names no event
  missing_type,      // no `type` at all
  too_large,         // the frame exceeds the reader's limit
};

// Canonical lists produced while decoding one event.
struct DecodeStorage {
  std::vector<events::Tool> tools;
  std::vector<events::ContentPart> parts;
  std::vector<events::Item> items;
  std::vector<events::RateLimit> limits;
  void clear() {
    tools.clear();
    parts.clear();
    items.clear();
    limits.clear();
  }
};

// Wire lists produced while encoding one event.
struct EncodeStorage {
  std::vector<std::string_view> modalities;
  std::vector<wire::Tool> tools;
  void clear() {
    modalities.clear();
    tools.clear();
  }
};

// A semantic problem found after the JSON itself was fine: what and where (a static name).
struct Problem {
  Error error;
  std::string_view param;
};

// Which shape the fields of a session object belong to (beta-only or GA-only members seen).
struct ShapeEvidence {
  bool beta = false;
  bool ga = false;
};

[[nodiscard]] Status to_config(const wire::Session& in, events::SessionConfig& out,
                               DecodeStorage& storage, ShapeEvidence& evidence, Problem& problem);
[[nodiscard]] Status to_response_options(const wire::ResponseParams& in,
                                         events::ResponseOptions& out, DecodeStorage& storage,
                                         Problem& problem);
// Converts items; the parts of all of them go into storage.parts, reserved up front so the
// spans stay valid.
[[nodiscard]] Status to_items(const std::vector<wire::Item>& in, DecodeStorage& storage,
                              Problem& problem);
[[nodiscard]] Status to_item(const wire::Item& in, events::Item& out, DecodeStorage& storage,
                             Problem& problem);
events::Usage to_usage(const wire::Usage& in);
events::ErrorInfo to_error(const wire::Error& in);
[[nodiscard]] Status to_part(const wire::ContentPart& in, events::ContentPart& out,
                             Problem& problem);

// Writes only what the config sets. storage.modalities must not be cleared while `out` is used.
void from_config(const events::SessionConfig& in, Shape shape, wire::Session& out,
                 EncodeStorage& storage);
void from_response_options(const events::ResponseOptions& in, wire::ResponseParams& out,
                           EncodeStorage& storage);
// Reuses out.content's capacity when `out` is reused.
void from_item(const events::Item& in, Shape shape, wire::Item& out);
wire::Usage from_usage(const events::Usage& in);
wire::ContentPart from_part(const events::ContentPart& in, events::Role role, Shape shape);
std::string_view status_name(events::ResponseStatus status);
std::string_view item_status_name(events::ItemStatus status);

}  // namespace sy::codec::openai
