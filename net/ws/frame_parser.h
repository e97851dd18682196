// The receiving half of the RFC 6455 codec: a pure parser over a caller-owned buffer. No I/O, no
// allocation; payloads are unmasked in place and the fragments of a message compacted into one
// contiguous run in the same pass, so a message reaches its handler as one span into the receive
// buffer.
//
// Buffer contract. parse(buf) takes the bytes kept from the previous call followed by newly
// received bytes and returns how many leading bytes the caller may drop; it keeps the rest for
// the next call. The kept region starts with the part of an unfinished data message received so
// far (already unmasked, validated and compacted), then possibly dead header bytes that compaction
// left behind (tracked by the parser and reclaimed once they exceed 1/8 of the message, so the
// move costs stay linear and the region stays within 12.5% of the message), then the start of a
// frame that is still incomplete: a partial header or a partial control frame (131 bytes at
// most). Data payload is consumed as it arrives, so text fails fast on bad UTF-8 mid-frame and a
// large frame never has to be buffered apart from its message.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/base/result.h"
#include "net/ws/opcode.h"
#include "net/ws/utf8.h"

namespace sy::net::ws {

struct ParserConfig {
  Role role = Role::server;
  // OpenAI accepts audio events of up to 15 MiB; 16 MiB leaves room for the JSON around them.
  std::uint64_t max_message_bytes = 16u << 20;
};

// Handler concept: two callbacks, each returning false to stop parsing right after the frame.
//   bool on_message(Opcode op, std::span<std::uint8_t> payload);  // text or binary, complete
//   bool on_control(Opcode op, std::span<std::uint8_t> payload);  // ping, pong or close
// Spans point into the caller's buffer and are valid until the caller drops or reuses the bytes.
// A close payload has been validated (parse_close_payload succeeds on it) before on_control.
template <class H>
concept FrameHandler = requires(H& h, Opcode op, std::span<std::uint8_t> p) {
  { h.on_message(op, p) } -> std::convertible_to<bool>;
  { h.on_control(op, p) } -> std::convertible_to<bool>;
};

class FrameParser {
 public:
  explicit FrameParser(ParserConfig config = {}) noexcept : config_(config) {}

  // Parses every complete frame in buf (see the buffer contract above) and returns the number of
  // bytes consumed from the front. Stops early when a callback returns false, and for good after a
  // close frame: later calls consume and ignore everything. Errors carry a ParseErrc and the byte
  // offset in buf; after one, the parser stays failed until reset() (close the connection).
  template <FrameHandler Handler>
  [[nodiscard]] sy::Result<std::size_t> parse(std::span<std::uint8_t> buf, Handler& h);

  // Total bytes the kept region must hold before the next frame can complete (so a caller can
  // grow its buffer once, e.g. to a whole 1 MiB frame), or 0 while the frame's length is unknown.
  [[nodiscard]] std::size_t bytes_needed() const noexcept { return need_; }

  [[nodiscard]] bool closed() const noexcept { return flags_ & kClosed; }
  [[nodiscard]] bool in_message() const noexcept { return flags_ & kInMessage; }
  [[nodiscard]] const ParserConfig& config() const noexcept { return config_; }
  void reset() noexcept;

 private:
  // Cursor over one call's buffer: [msg_base, w) is the message so far, [w, r) dead bytes,
  // [r, size) not parsed yet.
  struct Scan {
    std::uint8_t* buf;
    std::size_t size;
    std::size_t r;
    std::size_t w;
    std::size_t msg_base;
  };
  enum class Step : std::uint8_t { need_more, message, control, error, frame_done };
  struct Event {
    Step step;
    Opcode op;
    std::span<std::uint8_t> payload;
    sy::Error error;
  };

  [[nodiscard]] sy::Result<Scan> begin(std::span<std::uint8_t> buf) noexcept;
  [[nodiscard]] Event next(Scan& s) noexcept;
  [[nodiscard]] Event header(Scan& s) noexcept;
  [[nodiscard]] Event consume_payload(Scan& s) noexcept;
  [[nodiscard]] Event fail(ParseErrc code, const char* message, std::size_t offset) noexcept;
  [[nodiscard]] std::size_t finish(Scan& s) noexcept;

  enum Flags : std::uint8_t {
    kInMessage = 1,  // a data message has started and not finished
    kInFrame = 2,    // a data frame's header is consumed, payload bytes still to come
    kFrameFin = 4,   // ... and that frame ends the message
    kText = 8,       // the message in progress is text (validate UTF-8)
    kClosed = 16,    // a close frame was parsed
    kFailed = 32,    // an error was returned
  };

  // State carried between calls: 39 bytes plus the 16-byte config, 56 with padding (checked).
  ParserConfig config_;
  std::uint64_t msg_len_ = 0;     // message bytes at the front of the kept region
  std::uint64_t gap_ = 0;         // dead bytes after them
  std::uint64_t frame_left_ = 0;  // payload bytes of the current data frame not received yet
  std::uint64_t need_ = 0;        // bytes_needed()
  std::uint32_t mask_key_ = 0;    // key of the current data frame, wire order
  std::uint8_t mask_phase_ = 0;   // key offset of the next payload byte of that frame
  Utf8Validator utf8_;            // one byte
  std::uint8_t flags_ = 0;
};

template <FrameHandler Handler>
sy::Result<std::size_t> FrameParser::parse(std::span<std::uint8_t> buf, Handler& h) {
  if (flags_ & kClosed) return buf.size();
  auto started = begin(buf);
  if (!started) return started.error();
  Scan s = *started;
  for (;;) {
    Event e = next(s);
    switch (e.step) {
      case Step::need_more:
        return finish(s);
      case Step::error:
        return e.error;
      case Step::message:
        if (!h.on_message(e.op, e.payload)) return finish(s);
        break;
      case Step::control:
        if (!h.on_control(e.op, e.payload) || e.op == Opcode::close) return finish(s);
        break;
      case Step::frame_done:  // internal to next()
        break;
    }
  }
}

}  // namespace sy::net::ws
