// Kind names for intents and happenings. Tables indexed by the variant index, so adding an
// alternative without a name fails to compile.
#include <array>

#include "codec/events/happenings.h"
#include "codec/events/intents.h"

namespace sy::codec::events {

namespace {

constexpr std::array<std::string_view, std::variant_size_v<IntentBody>> kIntentNames = {
    "configure_session", "append_audio",    "commit_audio", "clear_audio",
    "add_item",          "create_response", "cancel_response", "truncate_item",
    "retrieve_item",     "delete_item",     "clear_output_audio"};

constexpr std::array<std::string_view, std::variant_size_v<HappeningBody>> kHappeningNames = {
    "session_ready",
    "session_updated",
    "speech_started",
    "speech_stopped",
    "audio_committed",
    "audio_cleared",
    "input_transcript_delta",
    "input_transcript_done",
    "input_transcript_failed",
    "item_added",
    "item_done",
    "item_retrieved",
    "item_deleted",
    "item_truncated",
    "response_started",
    "output_item_added",
    "output_item_done",
    "content_part_added",
    "content_part_done",
    "audio_delta",
    "audio_done",
    "text_delta",
    "text_done",
    "output_transcript_delta",
    "output_transcript_done",
    "function_call_arguments_delta",
    "function_call",
    "function_calls_cancelled",
    "response_done",
    "rate_limits_updated",
    "output_audio_buffer",
    "provider_error",
    "go_away",
    "resumption_handle",
    "unhandled"};

constexpr bool all_named(auto const& names) {
  for (auto n : names) {
    if (n.empty()) return false;
  }
  return true;
}
static_assert(all_named(kIntentNames) && all_named(kHappeningNames));

}  // namespace

std::string_view intent_name(const IntentBody& body) noexcept { return kIntentNames[body.index()]; }

std::string_view happening_name(const HappeningBody& body) noexcept {
  return kHappeningNames[body.index()];
}

}  // namespace sy::codec::events
