// Fuzz target for the frame parser. Input: [flags][chunk seed][stream...]. The stream is parsed
// once whole and once split into pseudo-random chunks (partial headers, partial payloads, partial
// control frames); both runs must deliver the same messages and end with the same error, and
// everything delivered must satisfy the parser's promises.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "net/ws/close.h"
#include "net/ws/frame_parser.h"
#include "net/ws/utf8.h"

namespace {

using sy::net::ws::FrameParser;
using sy::net::ws::Opcode;
using sy::net::ws::ParserConfig;
using sy::net::ws::Role;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

struct Digest {
  std::uint64_t hash = 1469598103934665603ull;
  std::size_t count = 0;
  void mix(const std::uint8_t* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) hash = (hash ^ p[i]) * 1099511628211ull;
  }
  bool record(bool control, Opcode op, std::span<std::uint8_t> payload) {
    const std::uint8_t tag[2] = {static_cast<std::uint8_t>(control), static_cast<std::uint8_t>(op)};
    mix(tag, 2);
    std::uint64_t len = payload.size();
    mix(reinterpret_cast<const std::uint8_t*>(&len), sizeof(len));
    mix(payload.data(), payload.size());
    ++count;
    return true;
  }
  bool on_message(Opcode op, std::span<std::uint8_t> p) {
    check(op == Opcode::text || op == Opcode::binary);
    if (op == Opcode::text) check(sy::net::ws::is_valid_utf8(std::span<const std::uint8_t>(p)));
    return record(false, op, p);
  }
  bool on_control(Opcode op, std::span<std::uint8_t> p) {
    check(sy::net::ws::is_control(op) && p.size() <= 125);
    if (op == Opcode::close) check(sy::net::ws::parse_close_payload(p).ok());
    return record(true, op, p);
  }
};

struct Run {
  Digest digest;
  bool failed = false;
  std::uint16_t code = 0;
};

Run run(const std::uint8_t* data, std::size_t size, ParserConfig config, std::uint32_t seed,
        bool chunked) {
  FrameParser parser(config);
  Run out;
  std::vector<std::uint8_t> kept;
  std::size_t at = 0;
  std::uint32_t lcg = seed | 1;
  while (at < size) {
    std::size_t n = size - at;
    if (chunked) {
      lcg = lcg * 1664525u + 1013904223u;
      n = std::min<std::size_t>(n, 1 + (lcg >> 24) % (1 + (seed & 0xFF)));
    }
    kept.insert(kept.end(), data + at, data + at + n);
    at += n;
    auto r = parser.parse(kept, out.digest);
    if (!r) {
      out.failed = true;
      out.code = r.error().code;
      check(r.error().offset <= kept.size());
      return out;
    }
    check(*r <= kept.size());
    kept.erase(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(*r));
    if (!parser.closed() && parser.bytes_needed() != 0) check(parser.bytes_needed() > kept.size());
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  ParserConfig config;
  config.role = (data[0] & 1) ? Role::client : Role::server;
  config.max_message_bytes = (data[0] & 2) ? 1000 : (1u << 20);
  const std::uint32_t seed = data[1] | (static_cast<std::uint32_t>(data[0]) << 8);
  Run whole = run(data + 2, size - 2, config, seed, false);
  Run pieces = run(data + 2, size - 2, config, seed, true);
  check(whole.failed == pieces.failed && whole.code == pieces.code);
  check(whole.digest.count == pieces.digest.count && whole.digest.hash == pieces.digest.hash);
  return 0;
}
