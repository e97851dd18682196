// Per-session translators between a client's dialect and the core's: pure state machines, no
// I/O. The session feeds every frame it receives (from the client or from the upstream), the
// timer and connection events, and sends what the translator leaves in Outputs.
//
//   auto t = translate::make_translator(Dialect::openai, Dialect::gemini, options);
//   Outputs out;                              // one per session, reused for every call
//   t->on_client_open(now, out);              // OpenAI clients get session.created at once
//   ... on a client frame:   out.clear(); t->on_client_frame(bytes, capacity, opcode, now, out);
//   ... on an upstream frame: out.clear(); t->on_upstream_frame(bytes, capacity, opcode, now, out);
//   ... when now >= *t->deadline(): out.clear(); t->on_timer(now, out);
//   ... upstream closed:     out.clear(); t->on_upstream_closed(code, reason, out);
//   ... upstream reconnected: out.clear(); t->on_upstream_reopened(now, out);
//   then: if out.forward_upstream send the input frame itself upstream (same opcode), likewise
//   forward_client; send out.upstream frames upstream and out.client frames to the client, in
//   order; if out.close_client, close the client connection with that code and reason.
//
// Frames in Outputs are appended into buffers that keep their capacity across calls, so a warm
// translator does not allocate per audio message. Views passed in (the frame bytes) are not kept
// beyond the call.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codec/events/items.h"
#include "codec/events/session_config.h"
#include "codec/json/writer.h"

namespace sy::codec::translate {

enum class Dialect : std::uint8_t { openai, gemini };

// WebSocket data opcodes (RFC 6455 values). OpenAI speaks text frames; the Gemini service sends
// binary frames (its SDKs decode bytes) and accepts either.
enum class Opcode : std::uint8_t { text = 0x1, binary = 0x2 };

// Why client input was refused (each refusal also answers the client in its dialect).
enum class TranslationFault : std::uint8_t {
  malformed,    // not JSON, or not the shape the dialect defines
  unknown,      // a well-formed event this dialect does not know
  unsupported,  // known, but with no equivalent on the core
  audio,        // bad base64, odd sample count, an unsupported rate
};

using Clock = std::chrono::steady_clock;

// Heap capacity of a buffer (libstdc++ strings keep up to 15 bytes inline).
inline std::size_t heap_bytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }
template <class T>
std::size_t heap_bytes(const std::vector<T>& v) { return v.capacity() * sizeof(T); }

// Appends to text that accumulates over a turn (transcripts, text answers): the first append
// reserves room for a typical turn, so its deltas do not reallocate, and trim() gives the room
// back once the session is quiet. Nothing is reserved before a turn uses it.
inline void append_turn_text(std::string& s, std::string_view more) {
  constexpr std::size_t kTypicalTurn = 4096;
  if (s.capacity() < kTypicalTurn) s.reserve(kTypicalTurn);
  s.append(more);
}

// A sequence of frames in one growing buffer.
class FrameList {
 public:
  // Starts a frame: write its bytes with the returned writer (or append to writer().buffer()),
  // then call end(). Only one frame is open at a time.
  json::Writer& begin(Opcode opcode) {
    start_ = writer_.size();
    opcode_ = opcode;
    return writer_;
  }
  void end() {
    if (writer_.size() > start_) frames_.push_back({start_, writer_.size() - start_, opcode_});
  }
  void append(std::string_view bytes, Opcode opcode) {
    begin(opcode).buffer().append(bytes);
    end();
  }

  [[nodiscard]] std::size_t size() const { return frames_.size(); }
  [[nodiscard]] bool empty() const { return frames_.empty(); }
  [[nodiscard]] std::string_view data(std::size_t i) const {
    return writer_.view().substr(frames_[i].offset, frames_[i].size);
  }
  [[nodiscard]] Opcode opcode(std::size_t i) const { return frames_[i].opcode; }
  [[nodiscard]] json::Writer& writer() { return writer_; }
  [[nodiscard]] std::size_t heap_bytes() const {
    return translate::heap_bytes(writer_.buffer()) + translate::heap_bytes(frames_);
  }
  void clear() {
    writer_.clear();
    frames_.clear();
  }
  // Gives the buffers' capacity back (they regrow on the next frame).
  void release() {
    std::string().swap(writer_.buffer());
    std::vector<Frame>().swap(frames_);
  }

 private:
  struct Frame {
    std::size_t offset;
    std::size_t size;
    Opcode opcode;
  };
  json::Writer writer_;
  std::vector<Frame> frames_;
  std::size_t start_ = 0;
  Opcode opcode_ = Opcode::text;
};

struct CloseInstruction {
  std::uint16_t code = 1000;
  std::string reason;  // at most 123 bytes, cut on a UTF-8 boundary
};

struct Outputs {
  bool forward_upstream = false;  // send the input client frame upstream unchanged
  bool forward_client = false;    // send the input upstream frame to the client unchanged
  FrameList upstream;
  FrameList client;
  std::optional<CloseInstruction> close_client;
  // The core announced it will close the upstream connection in this many milliseconds (Gemini
  // goAway); a provider may reconnect with Translator::resumption_handle().
  std::optional<std::uint64_t> upstream_going_away_ms;
  // Client input the translator refused (the client was told), by kind, for the metrics.
  std::optional<TranslationFault> fault;

  // Capacity back to the allocator, for a session that went quiet (Session::trim).
  void release() {
    clear();
    upstream.release();
    client.release();
  }
  [[nodiscard]] std::size_t heap_bytes() const { return upstream.heap_bytes() + client.heap_bytes(); }

  void clear() {
    forward_upstream = false;
    forward_client = false;
    upstream.clear();
    client.clear();
    close_client.reset();
    upstream_going_away_ms.reset();
    fault.reset();
  }
};

// What a new upstream connection needs to carry on an existing conversation.
struct Restore {
  // The client's effective configuration, in the client's own naming; null when none is known.
  const events::SessionConfig* config = nullptr;
  // The conversation so far, oldest first, to replay as conversation items.
  std::span<const events::Item> history;
  // Resume the core's own session with this handle instead of replaying (Gemini cores), "" for
  // none. Only given when it is still valid.
  std::string_view upstream_handle;
};

// A client connection taking over an existing conversation.
struct Resume {
  const events::SessionConfig* config = nullptr;  // as in Restore
  std::string_view session_id;                    // what an OpenAI client was told, "" = keep
};

// The answer the client is being given, as the client has seen it (for passthrough sessions,
// which do not follow responses themselves).
struct InFlightAnswer {
  bool active = false;
  std::string_view response_id;
};

struct TranslatorOptions {
  // OpenAI clients: speak the beta shape (`OpenAI-Beta: realtime=v1`).
  bool openai_beta = false;
  // Gemini core: the model resource for setup, and how long to wait for the client's first
  // session.update or audio before sending setup with defaults.
  std::string gemini_model = "models/gemini-2.0-flash-live-001";
  std::chrono::milliseconds setup_delay{500};
  // OpenAI core: the transcription model asked for when a Gemini client enables input
  // transcription (Gemini names none).
  std::string openai_transcription_model = "gpt-4o-mini-transcribe";
  // OpenAI clients of a Gemini core: the model named in session.created/updated.
  std::string reported_model = "gemini-2.0-flash-live-001";
  // Gemini clients: the gateway's own resumption handle for this session, sent to a client that
  // asked for session resumption (sessionResumptionUpdate) in place of any handle of the core's.
  std::string client_handle;
  // Seeds the ids the translator synthesises (resp_, item_, sess_), so tests are reproducible and
  // two sessions differ.
  std::uint64_t id_seed = 0;
};

class Translator {
 public:
  virtual ~Translator() = default;

  // The client connection is open (after the handshake).
  virtual void on_client_open(Clock::time_point now, Outputs& out) = 0;
  // `capacity`: bytes readable from bytes.data() (json::kPadding slack parses in place).
  virtual void on_client_frame(std::string_view bytes, std::size_t capacity, Opcode opcode,
                               Clock::time_point now, Outputs& out) = 0;
  virtual void on_upstream_frame(std::string_view bytes, std::size_t capacity, Opcode opcode,
                                 Clock::time_point now, Outputs& out) = 0;
  // When the translator wants on_timer() called (nullopt: no timer pending).
  [[nodiscard]] virtual std::optional<Clock::time_point> deadline() const = 0;
  virtual void on_timer(Clock::time_point now, Outputs& out) = 0;
  // A new upstream connection is open after an earlier one closed (a reconnect, e.g. after
  // goAway): a Gemini core gets its setup again, with the resumption handle. The first upstream
  // connection needs no call: frames produced before it opens are simply queued by the session.
  virtual void on_upstream_reopened(Clock::time_point now, Outputs& out) {
    (void)now;
    (void)out;
  }
  // The upstream connection closed (or failed) with this close code and reason.
  virtual void on_upstream_closed(std::uint16_t code, std::string_view reason, Outputs& out) = 0;

  // A new upstream connection carries on an existing conversation (after a restart, a lost
  // upstream, a switch of core): configures it and replays the history, or resumes with the
  // handle. The core's answers to this are kept from the client, which has seen it all before.
  // Called instead of on_client_open for a translator made for an existing conversation.
  virtual void on_upstream_restore(const Restore& restore, Clock::time_point now,
                                   Outputs& out) = 0;
  // A client connection takes the conversation over (a resume): greets it as its dialect expects
  // of a new connection, without involving the core. OpenAI: session.created with the
  // configuration. Gemini: the client's next setup is answered here, not sent upstream.
  virtual void on_client_resume(const Resume& resume, Clock::time_point now, Outputs& out) = 0;
  // Asks the core to answer now (after a restore that replaced a core which failed while an
  // answer was due): OpenAI response.create, Gemini clientContent{turnComplete:true}.
  virtual void request_answer(Outputs& out) = 0;
  // Ends the answer in flight for the client, as an answer cut short ends in its dialect (the
  // session is about to switch cores). `seen` is the client's view, for translators that keep
  // none of their own.
  virtual void end_answer(const InFlightAnswer& seen, std::string_view reason, Outputs& out) = 0;

  // Lets go of per-stream state nothing has used for a while (resamplers: tens of KiB each, after
  // 2 s without audio that way) and of scratch buffers' capacity (after 2 s without any frame),
  // so a quiet session stays small; all of it is made again when traffic comes. The session calls
  // it about once a second.
  virtual void trim(Clock::time_point now) { (void)now; }
  // Heap bytes this translator's buffers hold beyond its own object (scratch and transcript
  // capacity, audio converters' buffers; not the conversation's items, not libsoxr's state), so
  // tests and diagnostics can see what trim() gives back.
  [[nodiscard]] virtual std::size_t retained_bytes() const { return 0; }
  // Audio streams with converter state (resamplers) alive: 0 to 2.
  [[nodiscard]] virtual int audio_streams() const { return 0; }

  // The latest handle to resume the upstream session on a new connection ("" when none).
  [[nodiscard]] virtual std::string_view resumption_handle() const { return {}; }
  // True when client and core speak the same protocol and frames are forwarded unchanged.
  [[nodiscard]] virtual bool passthrough() const { return false; }
};

std::unique_ptr<Translator> make_translator(Dialect client, Dialect core,
                                            const TranslatorOptions& options);

// Cuts a close reason to what a close frame holds (123 bytes) without splitting a UTF-8 sequence.
std::string close_reason(std::string_view text);

}  // namespace sy::codec::translate
