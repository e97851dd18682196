#include "net/ws/frame_parser.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "net/ws/close.h"
#include "net/ws/mask.h"

namespace sy::net::ws {
namespace {

constexpr std::uint8_t kFin = 0x80;
constexpr std::uint8_t kRsv = 0x70;
constexpr std::uint8_t kOpcodeBits = 0x0F;
constexpr std::uint8_t kMaskBit = 0x80;
constexpr std::uint8_t kLen16 = 126;
constexpr std::uint8_t kLen64 = 127;

// Dead bytes are reclaimed (by moving the message over them) once they exceed 1/8 of the message:
// the move then costs at most 8 bytes per dead byte, linear overall, and the kept region stays
// within 12.5% of the message.
constexpr std::uint64_t kGapRatio = 8;

std::uint32_t clamp_offset(std::size_t offset) noexcept {
  return static_cast<std::uint32_t>(
      std::min<std::size_t>(offset, std::numeric_limits<std::uint32_t>::max()));
}

// Total size of the frame starting at p (header and payload) if the bytes available tell it,
// else 0. Used only for bytes_needed() of an incomplete frame.
std::uint64_t frame_size_if_known(const std::uint8_t* p, std::size_t avail) noexcept {
  if (avail < 2) return 0;
  const std::uint8_t len7 = p[1] & 0x7F;
  const std::uint64_t mask = (p[1] & kMaskBit) ? 4 : 0;
  if (len7 < kLen16) return 2 + mask + len7;
  if (len7 == kLen16) {
    if (avail < 4) return 0;
    return 4 + mask + ((std::uint64_t{p[2]} << 8) | p[3]);
  }
  if (avail < 10) return 0;
  std::uint64_t len = 0;
  for (int i = 0; i < 8; ++i) len = (len << 8) | p[2 + i];
  return 10 + mask + len;
}

}  // namespace

// The per-connection cost of the codec: keep it within one cache line.
static_assert(sizeof(FrameParser) <= 64, "FrameParser state grew past a cache line");

void FrameParser::reset() noexcept {
  msg_len_ = gap_ = frame_left_ = need_ = 0;
  mask_key_ = 0;
  mask_phase_ = 0;
  utf8_.reset();
  flags_ = 0;
}

FrameParser::Event FrameParser::fail(ParseErrc code, const char* message,
                                     std::size_t offset) noexcept {
  flags_ |= kFailed;
  return Event{
      Step::error, Opcode::continuation, {}, make_error(code, message, clamp_offset(offset))};
}

sy::Result<FrameParser::Scan> FrameParser::begin(std::span<std::uint8_t> buf) noexcept {
  if (flags_ & kFailed)
    return make_error(ParseErrc::protocol_error, "parser used after an error", 0);
  Scan s{buf.data(), buf.size(), 0, 0, 0};
  if (flags_ & kInMessage) {
    if (buf.size() < msg_len_ + gap_) {
      flags_ |= kFailed;
      return make_error(ParseErrc::protocol_error, "buffer lost the bytes kept from the last call",
                        0);
    }
    s.w = msg_len_;
    s.r = msg_len_ + gap_;
  }
  return s;
}

// Moves the available payload of the current data frame to the end of the message, unmasking it on
// the way, and validates it if the message is text.
FrameParser::Event FrameParser::consume_payload(Scan& s) noexcept {
  const std::size_t k =
      static_cast<std::size_t>(std::min<std::uint64_t>(frame_left_, s.size - s.r));
  if (k != 0) {
    std::uint8_t* dst = s.buf + s.w;
    const std::uint8_t* src = s.buf + s.r;
    if (config_.role == Role::server)
      unmask_move(dst, src, k, mask_key_, mask_phase_);
    else if (dst != src)
      std::memmove(dst, src, k);
    if (flags_ & kText) {
      std::size_t bad = utf8_.feed({dst, k});
      if (bad != Utf8Validator::kValid)
        return fail(ParseErrc::invalid_utf8, "text message is not UTF-8", s.r + bad);
    }
    s.w += k;
    s.r += k;
    frame_left_ -= k;
    mask_phase_ = static_cast<std::uint8_t>((mask_phase_ + k) & 3);
  }
  if (frame_left_ != 0) return Event{Step::need_more, Opcode::continuation, {}, {}};
  flags_ &= ~kInFrame;
  if (!(flags_ & kFrameFin)) return Event{Step::frame_done, Opcode::continuation, {}, {}};
  if ((flags_ & kText) && !utf8_.complete())
    return fail(ParseErrc::invalid_utf8, "text message ends inside a UTF-8 sequence", s.r);
  const Opcode op = (flags_ & kText) ? Opcode::text : Opcode::binary;
  flags_ &= ~(kInMessage | kText);
  utf8_.reset();
  return Event{Step::message, op, {s.buf + s.msg_base, s.w - s.msg_base}, {}};
}

FrameParser::Event FrameParser::next(Scan& s) noexcept {
  for (;;) {
    Event e = (flags_ & kInFrame) ? consume_payload(s) : header(s);
    if (e.step != Step::frame_done) return e;
  }
}

// Parses the frame header at s.r. A control frame is handled whole; a data frame's header is
// consumed and its payload handled by consume_payload() as it arrives.
FrameParser::Event FrameParser::header(Scan& s) noexcept {
  const std::size_t at = s.r;
  const std::size_t avail = s.size - at;
  const std::uint8_t* p = s.buf + at;
  const Event more{Step::need_more, Opcode::continuation, {}, {}};
  if (avail < 1) return more;

  // First byte: everything in it can be judged before the rest arrives.
  const std::uint8_t b0 = p[0];
  const bool fin = b0 & kFin;
  const std::uint8_t raw_op = b0 & kOpcodeBits;
  if (b0 & kRsv) return fail(ParseErrc::reserved_bits, "reserved bits set", at);
  if (!is_known_opcode(raw_op)) return fail(ParseErrc::reserved_opcode, "reserved opcode", at);
  const auto op = static_cast<Opcode>(raw_op);
  const bool control = is_control(op);
  if (control && !fin) return fail(ParseErrc::bad_control_frame, "fragmented control frame", at);
  if (!control) {
    const bool in_msg = flags_ & kInMessage;
    if (op == Opcode::continuation && !in_msg)
      return fail(ParseErrc::bad_continuation, "continuation frame without a message", at);
    if (op != Opcode::continuation && in_msg)
      return fail(ParseErrc::bad_continuation, "new data frame inside a fragmented message", at);
  }
  if (avail < 2) return more;

  const std::uint8_t b1 = p[1];
  const bool masked = b1 & kMaskBit;
  if (masked != (config_.role == Role::server))
    return fail(ParseErrc::bad_mask,
                masked ? "masked frame sent to a client" : "unmasked frame sent to a server", at);
  const std::uint8_t len7 = b1 & 0x7F;
  if (control && len7 > kMaxControlPayload)
    return fail(ParseErrc::bad_control_frame, "control frame over 125 bytes", at);
  const std::size_t ext = len7 == kLen16 ? 2 : len7 == kLen64 ? 8 : 0;
  if (avail < 2 + ext) return more;

  std::uint64_t len = len7;
  if (len7 == kLen16) {
    len = (std::uint64_t{p[2]} << 8) | p[3];
    if (len < kLen16) return fail(ParseErrc::bad_length, "non-minimal 16-bit length", at);
  } else if (len7 == kLen64) {
    len = 0;
    for (int i = 0; i < 8; ++i) len = (len << 8) | p[2 + i];
    if (len >> 63) return fail(ParseErrc::bad_length, "64-bit length with the top bit set", at);
    if (len <= 0xFFFF) return fail(ParseErrc::bad_length, "non-minimal 64-bit length", at);
  }
  // The size limit is checked as soon as the length is known, before any payload is buffered.
  const std::uint64_t so_far = (flags_ & kInMessage) ? s.w - s.msg_base : 0;
  if (!control && len > config_.max_message_bytes - std::min(so_far, config_.max_message_bytes))
    return fail(ParseErrc::message_too_big, "message over the size limit", at);
  const std::size_t header = 2 + ext + (masked ? 4 : 0);
  if (avail < header) return more;
  std::uint32_t key = 0;
  if (masked) std::memcpy(&key, p + 2 + ext, 4);

  if (control) {
    if (avail < header + len) return more;
    std::uint8_t* payload = s.buf + at + header;
    const auto n = static_cast<std::size_t>(len);
    if (masked) unmask_move(payload, payload, n, key, 0);
    s.r = at + header + n;
    if (op == Opcode::close) {
      auto parsed = parse_close_payload({payload, n});
      if (!parsed) {
        const sy::Error& e = parsed.error();
        return fail(static_cast<ParseErrc>(e.code), e.message, at + header + e.offset);
      }
      flags_ |= kClosed;
    }
    return Event{Step::control, op, {payload, n}, {}};
  }

  s.r = at + header;
  if (op != Opcode::continuation) {
    // A new message starts where its payload already is: a single-frame message never moves.
    s.msg_base = s.w = s.r;
    flags_ |= kInMessage;
    if (op == Opcode::text) flags_ |= kText;
    utf8_.reset();
  }
  flags_ = static_cast<std::uint8_t>((flags_ & ~kFrameFin) | kInFrame | (fin ? kFrameFin : 0));
  frame_left_ = len;
  mask_key_ = key;
  mask_phase_ = 0;
  return Event{Step::frame_done, Opcode::continuation, {}, {}};
}

std::size_t FrameParser::finish(Scan& s) noexcept {
  std::size_t consumed = s.r;
  if (flags_ & kClosed) {
    // Nothing after a close frame is parsed; a message it interrupted is dropped.
    flags_ = kClosed;
    msg_len_ = gap_ = frame_left_ = need_ = 0;
    return consumed;
  }
  if (flags_ & kInMessage) {
    msg_len_ = s.w - s.msg_base;
    gap_ = s.r - s.w;
    consumed = s.msg_base;
    if (gap_ != 0 && gap_ * kGapRatio > msg_len_) {
      std::memmove(s.buf + s.msg_base + gap_, s.buf + s.msg_base, msg_len_);
      consumed += gap_;
      gap_ = 0;
    }
  } else {
    msg_len_ = gap_ = 0;
  }
  const std::size_t kept = s.size - consumed;
  if (flags_ & kInFrame) {
    need_ = kept + frame_left_;  // the payload is consumed as it comes, so nothing is pending
  } else {
    const std::size_t tail = s.size - s.r;
    const std::uint64_t frame = frame_size_if_known(s.buf + s.r, tail);
    need_ = frame == 0 ? 0 : kept - tail + frame;
  }
  return consumed;
}

}  // namespace sy::net::ws
