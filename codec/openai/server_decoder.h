// Decodes the events an OpenAI core sends upstream (GA; beta names are accepted too) into
// canonical happenings. One per upstream connection; views stay valid until the next decode() and
// while the frame's buffer lives. Unknown but well-formed events become events::Unhandled with the
// frame verbatim, so a new event type upstream never breaks a session.
#pragma once

#include <string_view>

#include "codec/events/happenings.h"
#include "codec/json/reader.h"
#include "codec/openai/convert.h"
#include "codec/openai/event_types.h"
#include "codec/openai/wire_events.h"

namespace sy::codec::openai {

class ServerDecoder {
 public:
  // `capacity`: bytes readable from frame.data() (>= size + json::kPadding to parse in place).
  [[nodiscard]] Result<events::Happening> decode(std::string_view frame, std::size_t capacity);
  [[nodiscard]] Result<events::Happening> decode(std::string_view frame);

  // After a failure: the dotted path of the offending field ("response.usage.total_tokens").
  [[nodiscard]] std::string_view failed_path(std::span<char> buf) const {
    return reader_.failed_path(buf);
  }

 private:
  Result<events::Happening> decode_open();
  Result<events::Happening> decode_type(ServerType type);

  json::Reader reader_;
  DecodeStorage storage_;
  Problem problem_;
  ShapeEvidence evidence_;
  std::string_view frame_;

  wire::Envelope envelope_;
  wire::SessionEvent session_;
  wire::ItemEvent item_;
  wire::ItemIdEvent item_id_;
  wire::TruncatedEvent truncated_;
  wire::Committed committed_;
  wire::SpeechStarted speech_started_;
  wire::SpeechStopped speech_stopped_;
  wire::ServerBare bare_;
  wire::TranscriptionDelta transcription_delta_;
  wire::TranscriptionCompleted transcription_completed_;
  wire::TranscriptionFailed transcription_failed_;
  wire::ResponseEvent response_;
  wire::OutputItem output_item_;
  wire::ContentPartEvent part_;
  wire::ContentEvent content_;
  wire::FunctionArguments arguments_;
  wire::RateLimits limits_;
  wire::ErrorEvent error_;
  wire::OutputAudioBufferEvent output_audio_;
};

}  // namespace sy::codec::openai
