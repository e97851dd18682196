// Test support for the frame codec: building frames (valid or deliberately broken), a handler that
// records what the parser delivers, and a caller that feeds a byte stream in chunks while keeping
// the unconsumed bytes exactly as the connection does.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "net/ws/frame_parser.h"
#include "net/ws/frame_writer.h"
#include "net/ws/mask.h"

namespace sy::net::ws::test {

using Bytes = std::vector<std::uint8_t>;

inline Bytes bytes(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

inline Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// A frame as a peer in `sender` role would send it: clients mask, servers do not.
inline Bytes frame(Opcode op, const Bytes& payload, bool fin = true, Role sender = Role::client,
                   std::uint32_t key = 0x9C3A51E7) {
  Bytes out(kMaxHeaderBytes + payload.size());
  const std::uint32_t* k = sender == Role::client ? &key : nullptr;
  std::size_t h = write_header(out.data(), op, payload.size(), fin, k);
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<std::ptrdiff_t>(h));
  out.resize(h + payload.size());
  if (k) apply_mask({out.data() + h, payload.size()}, key);
  return out;
}

inline Bytes frame(Opcode op, std::string_view payload, bool fin = true,
                   Role sender = Role::client) {
  return frame(op, bytes(payload), fin, sender);
}

// A masked frame with an arbitrary first byte and a hand-written length field, for the rules a
// well-behaved writer cannot break.
inline Bytes raw_frame(std::uint8_t b0, const Bytes& length_field, const Bytes& payload,
                       bool masked = true) {
  Bytes out{b0};
  out.insert(out.end(), length_field.begin(), length_field.end());
  if (masked) {
    out[1] |= 0x80;
    Bytes key{0x01, 0x02, 0x03, 0x04};
    out.insert(out.end(), key.begin(), key.end());
    for (std::size_t i = 0; i < payload.size(); ++i) out.push_back(payload[i] ^ key[i % 4]);
  } else {
    out.insert(out.end(), payload.begin(), payload.end());
  }
  return out;
}

struct Delivered {
  bool control;
  Opcode op;
  Bytes payload;
  bool operator==(const Delivered&) const = default;
};

struct Recorder {
  std::vector<Delivered> got;
  std::size_t stop_after = static_cast<std::size_t>(-1);  // return false from the Nth callback
  bool on_message(Opcode op, std::span<std::uint8_t> p) {
    got.push_back({false, op, Bytes(p.begin(), p.end())});
    return got.size() < stop_after;
  }
  bool on_control(Opcode op, std::span<std::uint8_t> p) {
    got.push_back({true, op, Bytes(p.begin(), p.end())});
    return got.size() < stop_after;
  }
};

struct Outcome {
  std::vector<Delivered> got;
  std::optional<ParseErrc> error;
  std::size_t kept = 0;             // bytes left unconsumed at the end
  std::size_t broken_promises = 0;  // calls after which bytes_needed() <= the kept bytes
};

// After a call, a known bytes_needed() must exceed what is kept (the next frame is incomplete).
inline void check_promise(const FrameParser& parser, std::size_t kept, Outcome& out) {
  if (parser.bytes_needed() != 0 && parser.bytes_needed() <= kept) ++out.broken_promises;
}

// Feeds `stream` in pieces of `chunk` bytes (the last may be shorter) like a connection would:
// append to the kept bytes, parse, drop what was consumed. Stops at the first error. Also counts
// calls that broke the bytes_needed() promise.
inline Outcome feed(const Bytes& stream, std::size_t chunk, ParserConfig config = {}) {
  FrameParser parser(config);
  Recorder rec;
  Outcome out;
  Bytes kept;
  for (std::size_t at = 0; at < stream.size() || (at == 0 && stream.empty());) {
    std::size_t n = std::min(chunk, stream.size() - at);
    kept.insert(kept.end(), stream.begin() + static_cast<std::ptrdiff_t>(at),
                stream.begin() + static_cast<std::ptrdiff_t>(at + n));
    at += n;
    auto r = parser.parse(kept, rec);
    if (!r) {
      out.error = static_cast<ParseErrc>(r.error().code);
      break;
    }
    kept.erase(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(*r));
    if (!parser.closed()) check_promise(parser, kept.size(), out);
    if (stream.empty()) break;
  }
  out.got = std::move(rec.got);
  out.kept = kept.size();
  return out;
}

// Feeds `stream` split at the given cut points.
inline Outcome feed_split(const Bytes& stream, const std::vector<std::size_t>& cuts,
                          ParserConfig config = {}) {
  FrameParser parser(config);
  Recorder rec;
  Outcome out;
  Bytes kept;
  std::size_t at = 0;
  auto step = [&](std::size_t to) {
    kept.insert(kept.end(), stream.begin() + static_cast<std::ptrdiff_t>(at),
                stream.begin() + static_cast<std::ptrdiff_t>(to));
    at = to;
    auto r = parser.parse(kept, rec);
    if (!r) {
      out.error = static_cast<ParseErrc>(r.error().code);
      return false;
    }
    kept.erase(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(*r));
    if (!parser.closed()) check_promise(parser, kept.size(), out);
    return true;
  };
  bool ok = true;
  for (std::size_t c : cuts)
    if (ok && c > at && c <= stream.size()) ok = step(c);
  if (ok) step(stream.size());
  out.got = std::move(rec.got);
  out.kept = kept.size();
  return out;
}

}  // namespace sy::net::ws::test
