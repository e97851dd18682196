// Decoding of Gemini Live frames, both directions: client messages (what a Gemini-dialect client
// sends the gateway) and server messages (what the Gemini core sends upstream connections). The
// JSON is read by reflection over simdjson into the wire structs of wire.h (camelCase and
// snake_case keys alike); then the rules the service enforces are checked: exactly one top-level
// message, required members, audio mime types, objects where objects are due.
//
// A failure carries a GeminiErrc, the byte offset and a static message, and the decoder formats
// the reason for the close frame (1007) the session sends, the way the real service answers
// malformed input: "Invalid JSON payload received. <what> at '<path>'."
//
//   gemini::Decoder dec;
//   auto kind = dec.decode_client(frame, capacity);
//   if (!kind) close(1007, dec.close_reason());
//   else if (*kind == ClientKind::realtime_input) use(dec.client().realtime_input->audio...);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codec/gemini/wire.h"
#include "codec/json/reader.h"
#include "core/base/result.h"

namespace sy::codec::gemini {

enum class GeminiErrc : std::uint16_t {
  invalid_json = 1,   // not JSON, or not an object
  wrong_type,         // a member has the wrong JSON type
  missing_field,      // a required member is absent
  out_of_range,       // a number does not fit
  invalid_value,      // a string names nothing we know (mime type, role...)
  unknown_message,    // no known top-level member
  multiple_messages,  // more than one top-level member
  too_large,          // the frame exceeds the decoder's limit
  too_deep,           // nesting beyond the reader's cap
};

// The WebSocket close code the real service uses for invalid client input.
inline constexpr std::uint16_t kCloseInvalidArgument = 1007;
inline constexpr std::uint16_t kCloseInternal = 1011;
// RFC 6455 leaves 123 bytes for a close reason.
inline constexpr std::size_t kMaxCloseReason = 123;

enum class ClientKind : std::uint8_t { setup, client_content, realtime_input, tool_response };

enum class ServerKind : std::uint8_t {
  setup_complete,
  server_content,
  tool_call,
  tool_call_cancellation,
  go_away,
  session_resumption_update,
  usage_metadata,  // usageMetadata alone (it may also ride along with any other kind)
};

[[nodiscard]] std::string_view client_kind_name(ClientKind kind) noexcept;
[[nodiscard]] std::string_view server_kind_name(ServerKind kind) noexcept;

class Decoder {
 public:
  explicit Decoder(std::size_t max_bytes = std::size_t{24} << 20);

  // `capacity` is how many bytes are readable from frame.data() (json::kPadding slack lets the
  // frame be parsed in place); the overloads without it copy the frame once into scratch space.
  // Views in client()/server() stay valid until the next decode and while the frame lives.
  [[nodiscard]] Result<ClientKind> decode_client(std::string_view frame, std::size_t capacity);
  [[nodiscard]] Result<ClientKind> decode_client(std::string_view frame);
  [[nodiscard]] Result<ServerKind> decode_server(std::string_view frame, std::size_t capacity);
  [[nodiscard]] Result<ServerKind> decode_server(std::string_view frame);

  [[nodiscard]] const wire::ClientMessage& client() const { return client_; }
  [[nodiscard]] const wire::ServerMessage& server() const { return server_; }

  // After a failed decode: the close reason (at most kMaxCloseReason bytes, static or held here).
  [[nodiscard]] std::string_view close_reason() const { return {reason_, reason_len_}; }

 private:
  Result<ClientKind> finish_client(Status read);
  Result<ServerKind> finish_server(Status read);
  Error fail_json(const Error& e);
  Error fail(GeminiErrc code, const char* message, std::string_view path,
             std::uint32_t offset = 0);

  json::Reader reader_;
  wire::ClientMessage client_;
  wire::ServerMessage server_;
  char reason_[kMaxCloseReason] = {};
  std::size_t reason_len_ = 0;
};

}  // namespace sy::codec::gemini
