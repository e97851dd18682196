// Close payloads (RFC 6455 5.5.1, 7.4): which codes may travel, writing and parsing them, and the
// close code each parse error maps to.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "net/ws/close.h"
#include "net/ws/opcode.h"
#include "net/ws/utf8.h"

namespace sy::net::ws {
namespace {

using Bytes = std::vector<std::uint8_t>;

TEST(CloseCode, WireValidityOverTheWholeRange) {
  for (std::uint32_t c = 0; c <= 0xFFFF; ++c) {
    const bool want =
        (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1014) || (c >= 3000 && c <= 4999);
    ASSERT_EQ(is_valid_close_code(static_cast<std::uint16_t>(c)), want) << c;
  }
}

TEST(ClosePayload, WritesCodeBigEndianAndReason) {
  std::uint8_t out[kMaxControlPayload];
  std::size_t n = write_close_payload(out, 1001, "bye");
  ASSERT_EQ(n, 5u);
  EXPECT_EQ(out[0], 0x03);
  EXPECT_EQ(out[1], 0xE9);
  EXPECT_EQ(std::string(out + 2, out + 5), "bye");
  EXPECT_EQ(write_close_payload(out, close_code::no_status, "ignored"), 0u);
}

TEST(ClosePayload, TruncatesTheReasonAtACharacterBoundary) {
  std::string reason;
  for (int i = 0; i < 70; ++i) reason += "\xc3\xa9";  // 140 bytes of U+00E9
  std::uint8_t out[kMaxControlPayload];
  std::size_t n = write_close_payload(out, 1000, reason);
  EXPECT_EQ(n, 2u + 122u);  // 123 would split a character
  auto parsed = parse_close_payload({out, n});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->reason, reason.substr(0, 122));
  std::string ascii(200, 'x');
  EXPECT_EQ(write_close_payload(out, 1000, ascii), kMaxControlPayload);
  std::string four;
  for (int i = 0; i < 40; ++i) four += "\xf0\x9f\x98\x80";  // 160 bytes of 4-byte characters
  n = write_close_payload(out, 4000, four);
  EXPECT_EQ(n, 2u + 120u);
  EXPECT_TRUE(parse_close_payload({out, n}));
}

TEST(ClosePayload, ParsesEmptyAsNoStatus) {
  auto parsed = parse_close_payload({});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->code, close_code::no_status);
  EXPECT_TRUE(parsed->reason.empty());
}

TEST(ClosePayload, RejectsWhatMayNotTravel) {
  Bytes one{0x03};
  auto r = parse_close_payload(one);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().is(ParseErrc::invalid_close));
  for (std::uint16_t code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000}) {
    Bytes p{static_cast<std::uint8_t>(code >> 8), static_cast<std::uint8_t>(code)};
    auto e = parse_close_payload(p);
    ASSERT_FALSE(e) << code;
    EXPECT_TRUE(e.error().is(ParseErrc::invalid_close)) << code;
  }
  Bytes bad_reason{0x03, 0xE8, 'o', 'k', 0xED, 0xA0, 0x80};
  auto u = parse_close_payload(bad_reason);
  ASSERT_FALSE(u);
  EXPECT_TRUE(u.error().is(ParseErrc::invalid_utf8));
  EXPECT_EQ(u.error().offset, 5u);
  Bytes cut_reason{0x03, 0xE8, 'o', 0xE2, 0x82};
  auto c = parse_close_payload(cut_reason);
  ASSERT_FALSE(c);
  EXPECT_TRUE(c.error().is(ParseErrc::invalid_utf8));
  Bytes too_long(126, 'a');
  too_long[0] = 0x03, too_long[1] = 0xE8;
  EXPECT_FALSE(parse_close_payload(too_long));
}

TEST(ClosePayload, AcceptsEveryValidCode) {
  for (std::uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
                             3000, 3999, 4000, 4999}) {
    std::uint8_t out[kMaxControlPayload];
    std::size_t n = write_close_payload(out, code, "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5");
    auto p = parse_close_payload({out, n});
    ASSERT_TRUE(p) << code;
    EXPECT_EQ(p->code, code);
  }
}

TEST(CloseCodeFor, MapsParseErrors) {
  EXPECT_EQ(close_code_for(make_error(ParseErrc::invalid_utf8, "")), 1007);
  EXPECT_EQ(close_code_for(make_error(ParseErrc::message_too_big, "")), 1009);
  for (ParseErrc e : {ParseErrc::protocol_error, ParseErrc::invalid_close, ParseErrc::reserved_bits,
                      ParseErrc::reserved_opcode, ParseErrc::bad_mask, ParseErrc::bad_control_frame,
                      ParseErrc::bad_continuation, ParseErrc::bad_length})
    EXPECT_EQ(close_code_for(make_error(e, "")), 1002);
}

}  // namespace
}  // namespace sy::net::ws
