#include "net/ws/utf8.h"

#include <simdjson.h>
#include <array>

namespace sy::net::ws {
namespace {

// Byte classes: what a byte may be, as far as well-formedness (RFC 3629, Table 3-7 of Unicode)
// goes.
enum Class : std::uint8_t {
  kAscii,   // 00-7F
  kCont8,   // 80-8F continuation
  kCont9,   // 90-9F continuation
  kContA,   // A0-BF continuation
  kBad,     // C0-C1 (overlong lead), F5-FF (above U+10FFFF)
  kLead2,   // C2-DF
  kLeadE0,  // E0: second byte A0-BF (no overlongs)
  kLead3,   // E1-EC, EE-EF
  kLeadED,  // ED: second byte 80-9F (no surrogates)
  kLeadF0,  // F0: second byte 90-BF (no overlongs)
  kLead4,   // F1-F3
  kLeadF4,  // F4: second byte 80-8F (nothing above U+10FFFF)
  kClasses
};

// States: 0 accept, 1 reject, 2-4 need 1-3 more continuation bytes, 5-8 after E0/ED/F0/F4.
enum State : std::uint8_t {
  kAccept,
  kReject,
  kNeed1,
  kNeed2,
  kNeed3,
  kAfterE0,
  kAfterED,
  kAfterF0,
  kAfterF4,
  kStates
};

constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> c{};
  for (int b = 0; b < 256; ++b) {
    Class k = kBad;
    if (b < 0x80)
      k = kAscii;
    else if (b < 0x90)
      k = kCont8;
    else if (b < 0xA0)
      k = kCont9;
    else if (b < 0xC0)
      k = kContA;
    else if (b < 0xC2)
      k = kBad;
    else if (b < 0xE0)
      k = kLead2;
    else if (b == 0xE0)
      k = kLeadE0;
    else if (b == 0xED)
      k = kLeadED;
    else if (b < 0xF0)
      k = kLead3;
    else if (b == 0xF0)
      k = kLeadF0;
    else if (b < 0xF4)
      k = kLead4;
    else if (b == 0xF4)
      k = kLeadF4;
    c[b] = k;
  }
  return c;
}

constexpr std::array<std::array<std::uint8_t, kClasses>, kStates> make_transitions() {
  std::array<std::array<std::uint8_t, kClasses>, kStates> t{};
  for (auto& row : t) row.fill(kReject);
  t[kAccept][kAscii] = kAccept;
  t[kAccept][kLead2] = kNeed1;
  t[kAccept][kLeadE0] = kAfterE0;
  t[kAccept][kLead3] = kNeed2;
  t[kAccept][kLeadED] = kAfterED;
  t[kAccept][kLeadF0] = kAfterF0;
  t[kAccept][kLead4] = kNeed3;
  t[kAccept][kLeadF4] = kAfterF4;
  for (std::uint8_t c : {kCont8, kCont9, kContA}) {
    t[kNeed1][c] = kAccept;
    t[kNeed2][c] = kNeed1;
    t[kNeed3][c] = kNeed2;
  }
  t[kAfterE0][kContA] = kNeed1;
  t[kAfterED][kCont8] = kNeed1;
  t[kAfterED][kCont9] = kNeed1;
  t[kAfterF0][kCont9] = kNeed2;
  t[kAfterF0][kContA] = kNeed2;
  t[kAfterF4][kCont8] = kNeed2;
  return t;
}

constexpr auto kClassOf = make_classes();
constexpr auto kNext = make_transitions();

// Walks the state machine over p[0, n); returns the index of the failing byte or kValid.
std::size_t walk(std::uint8_t& state, const std::uint8_t* p, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    state = kNext[state][kClassOf[p[i]]];
    if (state == kReject) return i;
  }
  return Utf8Validator::kValid;
}

// Start of a trailing sequence that is cut off by the end of p[0, n), or n if none is.
std::size_t complete_prefix(const std::uint8_t* p, std::size_t n) noexcept {
  for (std::size_t back = 1; back <= 3 && back <= n; ++back) {
    std::uint8_t b = p[n - back];
    if ((b & 0xC0) == 0x80) continue;  // continuation: look further back
    if (b < 0xC0) return n;            // ASCII ends the piece cleanly
    std::size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    return len > back ? n - back : n;
  }
  // Three continuation bytes at the end: their lead, if any, is 4+ back, so the sequence is
  // either complete or malformed, and the bulk check decides which.
  return n;
}

// Below this size the state machine beats the call into the SIMD validator.
constexpr std::size_t kBulkThreshold = 32;

}  // namespace

std::size_t Utf8Validator::feed(std::span<const std::uint8_t> bytes) noexcept {
  const std::uint8_t* p = bytes.data();
  const std::size_t n = bytes.size();
  if (state_ == kReject) return 0;
  std::size_t i = 0;
  // Finish a sequence begun in an earlier piece (at most three bytes).
  while (state_ != kAccept && i < n) {
    state_ = kNext[state_][kClassOf[p[i]]];
    if (state_ == kReject) return i;
    ++i;
  }
  if (n - i < kBulkThreshold) {
    std::size_t bad = walk(state_, p + i, n - i);
    return bad == kValid ? kValid : i + bad;
  }
  std::size_t cut = i + complete_prefix(p + i, n - i);
  if (!simdjson::validate_utf8(reinterpret_cast<const char*>(p + i), cut - i)) {
    // Cold path: locate the failing byte for the error offset.
    std::uint8_t s = kAccept;
    std::size_t bad = walk(s, p + i, cut - i);
    state_ = kReject;
    // simdjson rejects a run only if it is malformed, so `walk` finds the byte or the run ended
    // inside a sequence; either way the failure is at or before `cut`.
    return i + (bad == kValid ? cut - i : bad);
  }
  std::size_t bad = walk(state_, p + cut, n - cut);
  return bad == kValid ? kValid : cut + bad;
}

bool is_valid_utf8(std::span<const std::uint8_t> bytes) noexcept {
  Utf8Validator v;
  return v.feed(bytes) == Utf8Validator::kValid && v.complete();
}

bool is_valid_utf8(std::string_view text) noexcept {
  return simdjson::validate_utf8(text.data(), text.size());
}

}  // namespace sy::net::ws
