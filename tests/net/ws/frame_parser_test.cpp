// Framing rules of RFC 6455 section 5 as the parser enforces them, in both roles.
#include <gtest/gtest.h>

#include <cstring>

#include "frame_test_support.h"
#include "net/ws/close.h"

namespace sy::net::ws::test {
namespace {

constexpr std::size_t kAll = static_cast<std::size_t>(-1);

Outcome once(const Bytes& stream, ParserConfig config = {}) {
  return feed(stream, kAll, config);
}

ParserConfig client_config() {
  return ParserConfig{Role::client};
}

Bytes filled(std::size_t n, std::uint8_t seed = 7) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 31 + (i >> 8));
  return b;
}

TEST(FrameParser, SingleMaskedTextFrame) {
  auto out = once(frame(Opcode::text, "Hello"));
  ASSERT_FALSE(out.error);
  ASSERT_EQ(out.got.size(), 1u);
  EXPECT_EQ(out.got[0], (Delivered{false, Opcode::text, bytes("Hello")}));
  EXPECT_EQ(out.kept, 0u);
}

TEST(FrameParser, UnmasksInPlaceWithoutMovingASingleFrame) {
  Bytes buf = frame(Opcode::binary, filled(300));
  FrameParser parser;
  std::uint8_t* seen = nullptr;
  struct H {
    std::uint8_t*& seen;
    bool on_message(Opcode, std::span<std::uint8_t> p) {
      seen = p.data();
      return true;
    }
    bool on_control(Opcode, std::span<std::uint8_t>) { return true; }
  } h{seen};
  auto r = parser.parse(buf, h);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, buf.size());
  EXPECT_EQ(seen, buf.data() + 8);  // 2 + 2 length bytes + 4 key bytes
  EXPECT_TRUE(std::equal(seen, seen + 300, filled(300).begin()));
}

// 7-bit (<=125), 16-bit (126..65535) and 64-bit (>65535) lengths at their edges.
TEST(FrameParser, LengthEncodingsAtTheirEdges) {
  for (std::size_t n : {0u, 1u, 125u, 126u, 127u, 65535u, 65536u, 70001u}) {
    Bytes payload = filled(n, static_cast<std::uint8_t>(n));
    Bytes f = frame(Opcode::binary, payload);
    EXPECT_EQ(f.size(), n + header_size(n, true));
    for (std::size_t chunk : {kAll, std::size_t{1000}, std::size_t{3}}) {
      auto out = feed(f, chunk);
      ASSERT_FALSE(out.error) << n;
      ASSERT_EQ(out.got.size(), 1u) << n;
      EXPECT_EQ(out.got[0].payload, payload) << n << " chunk " << chunk;
      EXPECT_EQ(out.broken_promises, 0u);
    }
  }
}

TEST(FrameParser, ClientRoleReadsUnmaskedFrames) {
  Bytes s = concat({frame(Opcode::text, "up", true, Role::server),
                    frame(Opcode::ping, "p", true, Role::server)});
  auto out = once(s, client_config());
  ASSERT_FALSE(out.error);
  ASSERT_EQ(out.got.size(), 2u);
  EXPECT_EQ(out.got[0], (Delivered{false, Opcode::text, bytes("up")}));
  EXPECT_EQ(out.got[1], (Delivered{true, Opcode::ping, bytes("p")}));
}

TEST(FrameParser, MaskRuleDependsOnRole) {
  EXPECT_EQ(once(frame(Opcode::text, "x", true, Role::server)).error, ParseErrc::bad_mask);
  EXPECT_EQ(once(frame(Opcode::text, "x", true, Role::client), client_config()).error,
            ParseErrc::bad_mask);
}

TEST(FrameParser, FragmentsAreCompactedIntoOneMessage) {
  Bytes s = concat({frame(Opcode::text, "Hel", false), frame(Opcode::continuation, "", false),
                    frame(Opcode::continuation, "lo, ", false),
                    frame(Opcode::continuation, "world", true)});
  auto out = once(s);
  ASSERT_FALSE(out.error);
  ASSERT_EQ(out.got.size(), 1u);
  EXPECT_EQ(out.got[0], (Delivered{false, Opcode::text, bytes("Hello, world")}));
}

TEST(FrameParser, ControlFramesInterleaveWithFragments) {
  Bytes s = concat({frame(Opcode::binary, "ab", false), frame(Opcode::ping, "1"),
                    frame(Opcode::continuation, "cd", false), frame(Opcode::pong, "2"),
                    frame(Opcode::ping, ""), frame(Opcode::continuation, "ef", true),
                    frame(Opcode::text, "next")});
  auto out = once(s);
  ASSERT_FALSE(out.error);
  std::vector<Delivered> want{{true, Opcode::ping, bytes("1")},
                              {true, Opcode::pong, bytes("2")},
                              {true, Opcode::ping, {}},
                              {false, Opcode::binary, bytes("abcdef")},
                              {false, Opcode::text, bytes("next")}};
  EXPECT_EQ(out.got, want);
}

TEST(FrameParser, EmptyMessagesAreDelivered) {
  auto out = once(concat({frame(Opcode::text, ""), frame(Opcode::binary, ""),
                          frame(Opcode::text, "", false), frame(Opcode::continuation, "")}));
  ASSERT_FALSE(out.error);
  ASSERT_EQ(out.got.size(), 3u);
  for (const auto& d : out.got) EXPECT_TRUE(d.payload.empty());
}

// The kept region holds the unmasked, compacted part of the unfinished message, then the
// incomplete frame; the next call continues from there.
TEST(FrameParser, KeptRegionStartsWithTheCompactedMessage) {
  Bytes first = concat({frame(Opcode::text, "abc", false), frame(Opcode::ping, "p"),
                        frame(Opcode::continuation, "def", false)});
  Bytes last = frame(Opcode::continuation, "ghi", true);
  Bytes buf = concat({first, Bytes(last.begin(), last.begin() + 4)});
  FrameParser parser;
  Recorder rec;
  auto r = parser.parse(buf, rec);
  ASSERT_TRUE(r);
  Bytes kept(buf.begin() + static_cast<std::ptrdiff_t>(*r), buf.end());
  ASSERT_GE(kept.size(), 6u);
  EXPECT_EQ(Bytes(kept.begin(), kept.begin() + 6), bytes("abcdef"));
  EXPECT_TRUE(parser.in_message());
  kept.insert(kept.end(), last.begin() + 4, last.end());
  r = parser.parse(kept, rec);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, kept.size());
  ASSERT_EQ(rec.got.size(), 2u);
  EXPECT_EQ(rec.got[1], (Delivered{false, Opcode::text, bytes("abcdefghi")}));
}

// Headers removed by compaction stay as dead bytes only up to 1/8 of the message.
TEST(FrameParser, DeadHeaderBytesStayBounded) {
  Bytes s = frame(Opcode::binary, "x", false);
  for (int i = 0; i < 2000; ++i) {
    auto f = frame(Opcode::continuation, "y", false);
    auto p = frame(Opcode::ping, "0123456789");
    s.insert(s.end(), f.begin(), f.end());
    s.insert(s.end(), p.begin(), p.end());
  }
  for (std::size_t chunk : {kAll, std::size_t{1}, std::size_t{7}, std::size_t{500}}) {
    auto out = feed(s, chunk);
    ASSERT_FALSE(out.error);
    EXPECT_EQ(out.got.size(), 2000u);
    EXPECT_LE(out.kept, 2001u + 2001u / 8 + 1) << chunk;
  }
}

TEST(FrameParser, ReservedBitsFail) {
  for (std::uint8_t rsv : {0x40, 0x20, 0x10}) {
    auto out = once(raw_frame(static_cast<std::uint8_t>(0x81 | rsv), {0x01}, {'a'}));
    EXPECT_EQ(out.error, ParseErrc::reserved_bits);
  }
}

TEST(FrameParser, ReservedOpcodesFail) {
  for (std::uint8_t op : {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
    auto out = once(raw_frame(static_cast<std::uint8_t>(0x80 | op), {0x00}, {}));
    EXPECT_EQ(out.error, ParseErrc::reserved_opcode) << int(op);
  }
}

TEST(FrameParser, ControlFrameRules) {
  // Fragmented ping.
  EXPECT_EQ(once(raw_frame(0x09, {0x00}, {})).error, ParseErrc::bad_control_frame);
  // Ping of 126 bytes (16-bit length), and pong with 125 bytes which is fine.
  EXPECT_EQ(once(raw_frame(0x89, {126, 0x00, 126}, Bytes(126, 'a'))).error,
            ParseErrc::bad_control_frame);
  auto ok = once(frame(Opcode::pong, Bytes(125, 'b')));
  ASSERT_FALSE(ok.error);
  EXPECT_EQ(ok.got[0].payload.size(), 125u);
}

TEST(FrameParser, ContinuationRules) {
  EXPECT_EQ(once(frame(Opcode::continuation, "x")).error, ParseErrc::bad_continuation);
  EXPECT_EQ(once(concat({frame(Opcode::text, "a", false), frame(Opcode::text, "b")})).error,
            ParseErrc::bad_continuation);
  EXPECT_EQ(once(concat({frame(Opcode::binary, "a", false), frame(Opcode::binary, "b")})).error,
            ParseErrc::bad_continuation);
  // After a complete message a continuation is again without a start.
  EXPECT_EQ(once(concat({frame(Opcode::text, "a"), frame(Opcode::continuation, "b")})).error,
            ParseErrc::bad_continuation);
}

TEST(FrameParser, LengthsMustBeMinimal) {
  EXPECT_EQ(once(raw_frame(0x82, {126, 0x00, 125}, Bytes(125, 1))).error, ParseErrc::bad_length);
  EXPECT_EQ(once(raw_frame(0x82, {127, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF}, Bytes(65535, 1))).error,
            ParseErrc::bad_length);
  EXPECT_EQ(once(raw_frame(0x82, {127, 0x80, 0, 0, 0, 0, 0, 0, 1}, {})).error,
            ParseErrc::bad_length);
}

TEST(FrameParser, MessageSizeIsCheckedFromTheHeader) {
  ParserConfig small{Role::server, 100};
  EXPECT_FALSE(once(frame(Opcode::binary, Bytes(100, 1)), small).error);
  // Only the header of a 101-byte frame: fails before the payload arrives.
  Bytes f = frame(Opcode::binary, Bytes(101, 1));
  EXPECT_EQ(once(Bytes(f.begin(), f.begin() + 4), small).error, ParseErrc::message_too_big);
  // The limit applies to the whole fragmented message.
  Bytes frag = concat({frame(Opcode::text, Bytes(60, 'a'), false),
                       frame(Opcode::continuation, Bytes(41, 'a'), true)});
  EXPECT_EQ(once(frag, small).error, ParseErrc::message_too_big);
  // A 2^62-byte frame announced with no payload at all.
  EXPECT_EQ(once(raw_frame(0x82, {127, 0x40, 0, 0, 0, 0, 0, 0, 0}, {})).error,
            ParseErrc::message_too_big);
}

TEST(FrameParser, DefaultLimitIs16MiB) {
  EXPECT_EQ(ParserConfig{}.max_message_bytes, 16u << 20);
  Bytes big(16u << 20, 'z');
  auto out = once(frame(Opcode::binary, big));
  ASSERT_FALSE(out.error);
  EXPECT_EQ(out.got[0].payload.size(), big.size());
  big.push_back('z');
  Bytes f = frame(Opcode::binary, big);
  EXPECT_EQ(once(Bytes(f.begin(), f.begin() + 14)).error, ParseErrc::message_too_big);
}

TEST(FrameParser, InvalidUtf8FailsFastMidFrame) {
  Bytes payload = concat({Bytes(40, 'a'), {0xED, 0xA0, 0x80}, Bytes(4000, 'b')});
  Bytes f = frame(Opcode::text, payload);
  // Only the header and the first 43 payload bytes: the frame is far from complete.
  auto out = once(Bytes(f.begin(), f.begin() + 4 + 4 + 43));
  EXPECT_EQ(out.error, ParseErrc::invalid_utf8);
}

TEST(FrameParser, Utf8IsValidatedAcrossFragments) {
  // U+20AC (E2 82 AC) split over three fragments with a ping in between.
  Bytes ok = concat({frame(Opcode::text, Bytes{'x', 0xE2}, false), frame(Opcode::ping, ""),
                     frame(Opcode::continuation, Bytes{0x82}, false),
                     frame(Opcode::continuation, Bytes{0xAC}, true)});
  auto out = once(ok);
  ASSERT_FALSE(out.error);
  EXPECT_EQ(out.got.back().payload, (Bytes{'x', 0xE2, 0x82, 0xAC}));
  // A surrogate split the same way fails on its second byte, before the message ends.
  Bytes bad = concat(
      {frame(Opcode::text, Bytes{0xED}, false), frame(Opcode::continuation, Bytes{0xA0}, false)});
  EXPECT_EQ(once(bad).error, ParseErrc::invalid_utf8);
  // A message that ends inside a sequence.
  Bytes cut = concat({frame(Opcode::text, Bytes{'a', 0xE2}, false),
                      frame(Opcode::continuation, Bytes{0x82}, true)});
  EXPECT_EQ(once(cut).error, ParseErrc::invalid_utf8);
  // Binary messages are not UTF-8 checked.
  EXPECT_FALSE(once(frame(Opcode::binary, Bytes{0xFF, 0xED, 0xA0})).error);
}

// Autobahn 6.2.4 / 6.4.1 style: a multibyte text message in one-byte fragments; and the same
// with a character above U+10FFFF, which fails on its second byte's fragment.
TEST(FrameParser, OneByteFragmentsOfMultibyteText) {
  const std::string_view text =
      "Hello-\xc2\xb5@\xc3\x9f\xc3\xb6\xc3\xa4\xc3\xbc\xc3\xa0\xc3\xa1-UTF-8!!";
  auto fragments = [](std::string_view t) {
    Bytes s;
    for (std::size_t i = 0; i < t.size(); ++i) {
      Bytes f =
          frame(i == 0 ? Opcode::text : Opcode::continuation, t.substr(i, 1), i + 1 == t.size());
      s.insert(s.end(), f.begin(), f.end());
    }
    return s;
  };
  Bytes ok = fragments(text);
  for (std::size_t chunk : {kAll, std::size_t{1}, std::size_t{5}}) {
    auto out = feed(ok, chunk);
    ASSERT_FALSE(out.error);
    ASSERT_EQ(out.got.size(), 1u);
    EXPECT_EQ(out.got[0].payload, bytes(text));
  }
  Bytes bad = fragments(
      "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xf4\x90\x80\x80"
      "edited");
  // Each fragment is 7 bytes. Through the fragment holding F4 (byte 11) all is well; the one
  // holding 0x90 (byte 12) already fails, long before the message ends.
  EXPECT_FALSE(once(Bytes(bad.begin(), bad.begin() + 12 * 7)).error);
  EXPECT_EQ(once(Bytes(bad.begin(), bad.begin() + 13 * 7)).error, ParseErrc::invalid_utf8);
}

TEST(FrameParser, CloseFrameIsValidatedAndStopsParsing) {
  std::uint8_t payload[kMaxControlPayload];
  std::size_t n = write_close_payload(payload, 1000, "bye");
  Bytes s = concat({frame(Opcode::close, Bytes(payload, payload + n)),
                    Bytes{0xFF, 0xFF, 0xFF}});  // garbage after close is never parsed
  FrameParser parser;
  Recorder rec;
  auto r = parser.parse(s, rec);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, s.size() - 3);
  EXPECT_TRUE(parser.closed());
  ASSERT_EQ(rec.got.size(), 1u);
  EXPECT_EQ(rec.got[0].op, Opcode::close);
  auto cp = parse_close_payload(rec.got[0].payload);
  ASSERT_TRUE(cp);
  EXPECT_EQ(cp->code, 1000);
  EXPECT_EQ(cp->reason, "bye");
  // Later calls ignore everything.
  Bytes more{0xFF, 0x00};
  r = parser.parse(more, rec);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, more.size());
  EXPECT_EQ(rec.got.size(), 1u);
}

TEST(FrameParser, CloseFrameInsideAFragmentedMessage) {
  Bytes s = concat({frame(Opcode::text, "part", false), frame(Opcode::close, Bytes{0x03, 0xE8})});
  auto out = once(s);
  ASSERT_FALSE(out.error);
  ASSERT_EQ(out.got.size(), 1u);
  EXPECT_EQ(out.got[0].op, Opcode::close);
  EXPECT_EQ(out.kept, 0u);
}

TEST(FrameParser, InvalidClosePayloads) {
  EXPECT_FALSE(once(frame(Opcode::close, Bytes{})).error);
  EXPECT_EQ(once(frame(Opcode::close, Bytes{0x03})).error, ParseErrc::invalid_close);
  for (std::uint16_t code : {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
    Bytes p{static_cast<std::uint8_t>(code >> 8), static_cast<std::uint8_t>(code)};
    EXPECT_EQ(once(frame(Opcode::close, p)).error, ParseErrc::invalid_close) << code;
  }
  EXPECT_EQ(once(frame(Opcode::close, Bytes{0x03, 0xE8, 'o', 0xC0, 0x80})).error,
            ParseErrc::invalid_utf8);
}

TEST(FrameParser, ErrorOffsetPointsAtTheFrame) {
  Bytes good = frame(Opcode::text, "fine");
  Bytes s = concat({good, raw_frame(0xC1, {0x01}, {'a'})});
  FrameParser parser;
  Recorder rec;
  auto r = parser.parse(s, rec);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().is(ParseErrc::reserved_bits));
  EXPECT_EQ(r.error().offset, good.size());
  EXPECT_EQ(close_code_for(r.error()), 1002);
  // A failed parser stays failed until reset().
  EXPECT_FALSE(parser.parse(good, rec));
  parser.reset();
  EXPECT_TRUE(parser.parse(good, rec));
}

TEST(FrameParser, Utf8ErrorOffsetPointsAtTheBadByte) {
  Bytes s = frame(Opcode::text, concat({Bytes(50, 'a'), {0xFF}, Bytes(50, 'a')}));
  FrameParser parser;
  Recorder rec;
  auto r = parser.parse(s, rec);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().offset, 2u + 4u + 50u);
  EXPECT_EQ(close_code_for(r.error()), 1007);
}

TEST(FrameParser, HandlerCanStopAfterAnyFrame) {
  Bytes s = concat({frame(Opcode::text, "a"), frame(Opcode::ping, "b"), frame(Opcode::text, "c")});
  FrameParser parser;
  Recorder rec;
  rec.stop_after = 1;
  auto r = parser.parse(s, rec);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, frame(Opcode::text, "a").size());
  EXPECT_EQ(rec.got.size(), 1u);
  Bytes rest(s.begin() + static_cast<std::ptrdiff_t>(*r), s.end());
  rec.stop_after = kAll;
  r = parser.parse(rest, rec);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, rest.size());
  EXPECT_EQ(rec.got.size(), 3u);
}

TEST(FrameParser, BytesNeededSizesTheBufferOnce) {
  constexpr std::size_t kMiB = 1u << 20;
  Bytes f = frame(Opcode::binary, filled(kMiB));
  FrameParser parser;
  Recorder rec;
  Bytes buf(f.begin(), f.begin() + 2);  // length is in the next 8 bytes: unknown
  ASSERT_TRUE(parser.parse(buf, rec));
  EXPECT_EQ(parser.bytes_needed(), 0u);
  buf.assign(f.begin(), f.begin() + 10);  // length known, masking key not yet
  auto r = parser.parse(buf, rec);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 0u);
  EXPECT_EQ(parser.bytes_needed(), 14 + kMiB);
  buf.assign(f.begin(), f.begin() + 1000);  // header consumed, payload flows in
  r = parser.parse(buf, rec);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 14u);
  EXPECT_EQ(parser.bytes_needed(), kMiB);
  // A partial control frame after the message so far.
  Bytes s = concat({frame(Opcode::text, "abcd", false), frame(Opcode::ping, "0123456789")});
  FrameParser p2;
  Bytes part(s.begin(), s.end() - 3);
  r = p2.parse(part, rec);
  ASSERT_TRUE(r);
  EXPECT_EQ(p2.bytes_needed(), part.size() - *r + 3);
}

// The heart of the buffer contract: however the stream is cut, the same messages come out and
// the same error ends it.
struct Stream {
  const char* name;
  Bytes bytes;
  ParserConfig config;
};

std::vector<Stream> streams() {
  std::uint8_t close_payload[kMaxControlPayload];
  std::size_t cn = write_close_payload(close_payload, 1001, "going away: \xce\xba\xe1\xbd\xb9");
  Bytes close_frame = frame(Opcode::close, Bytes(close_payload, close_payload + cn));
  ParserConfig small{Role::server, 300};
  return {
      {"mixed",
       concat({frame(Opcode::text, "hello"), frame(Opcode::binary, filled(200)),
               frame(Opcode::ping, "ping"),
               frame(Opcode::text, "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5")}),
       {}},
      {"fragmented",
       concat({frame(Opcode::text, "\xce\xba\xe1", false), frame(Opcode::ping, "x"),
               frame(Opcode::continuation, "\xbd\xb9\xcf", false),
               frame(Opcode::continuation, "", false), frame(Opcode::pong, ""),
               frame(Opcode::continuation, "\x83 end", true),
               frame(Opcode::binary, filled(130), false),
               frame(Opcode::continuation, filled(3), true)}),
       {}},
      {"lengths",
       concat({frame(Opcode::binary, filled(125)), frame(Opcode::binary, filled(126)),
               frame(Opcode::binary, filled(1000))}),
       {}},
      {"close",
       concat({frame(Opcode::text, "a", false), frame(Opcode::continuation, "b"), close_frame,
               frame(Opcode::text, "after")}),
       {}},
      {"client",
       concat({frame(Opcode::text, "srv", false, Role::server),
               frame(Opcode::ping, "p", true, Role::server),
               frame(Opcode::continuation, "!", true, Role::server)}),
       client_config()},
      {"bad_utf8_mid",
       concat({frame(Opcode::text, "ok"), frame(Opcode::text, "ab\xed", false),
               frame(Opcode::continuation, "\xa0\x80zz")}),
       {}},
      {"bad_utf8_end", concat({frame(Opcode::text, "ab\xf0\x9f\x98", true)}), {}},
      {"too_big",
       concat(
           {frame(Opcode::binary, filled(200), false), frame(Opcode::continuation, filled(101))}),
       small},
      {"bad_close",
       concat({frame(Opcode::ping, "1"), frame(Opcode::close, Bytes{0x03, 0xED})}),
       {}},
      {"unmasked",
       concat({frame(Opcode::text, "m"), frame(Opcode::text, "u", true, Role::server)}),
       {}},
      {"continuation", concat({frame(Opcode::binary, "m"), frame(Opcode::continuation, "u")}), {}},
      {"reserved", concat({frame(Opcode::binary, "m"), raw_frame(0x83, {0x00}, {})}), {}},
  };
}

TEST(FrameParser, EveryChunkSizeGivesTheSameResult) {
  for (const auto& s : streams()) {
    const Outcome whole = once(s.bytes, s.config);
    for (std::size_t chunk = 1; chunk <= s.bytes.size(); ++chunk) {
      const Outcome split = feed(s.bytes, chunk, s.config);
      ASSERT_EQ(split.got, whole.got) << s.name << " chunk " << chunk;
      ASSERT_EQ(split.error, whole.error) << s.name << " chunk " << chunk;
      ASSERT_EQ(split.broken_promises, 0u) << s.name << " chunk " << chunk;
    }
  }
}

TEST(FrameParser, EveryTwoWaySplitGivesTheSameResult) {
  for (const auto& s : streams()) {
    const Outcome whole = once(s.bytes, s.config);
    for (std::size_t a = 1; a < s.bytes.size(); ++a) {
      const std::size_t step = std::max<std::size_t>(1, s.bytes.size() / 40);
      for (std::size_t b = a; b < s.bytes.size(); b += step) {
        const Outcome split = feed_split(s.bytes, {a, b}, s.config);
        ASSERT_EQ(split.got, whole.got) << s.name << " cuts " << a << "," << b;
        ASSERT_EQ(split.error, whole.error) << s.name << " cuts " << a << "," << b;
      }
    }
  }
}

TEST(FrameParser, ExpectedOutcomesOfTheChunkedStreams) {
  auto all = streams();
  auto find = [&](std::string_view n) {
    for (auto& s : all)
      if (n == s.name) return once(s.bytes, s.config);
    return Outcome{};
  };
  EXPECT_EQ(find("mixed").got.size(), 4u);
  EXPECT_EQ(find("fragmented").got.size(), 4u);
  EXPECT_EQ(find("fragmented").got[2].payload, bytes("\xce\xba\xe1\xbd\xb9\xcf\x83 end"));
  EXPECT_EQ(find("close").got.size(), 2u);
  EXPECT_EQ(find("client").got.size(), 2u);
  EXPECT_EQ(find("bad_utf8_mid").error, ParseErrc::invalid_utf8);
  EXPECT_EQ(find("bad_utf8_end").error, ParseErrc::invalid_utf8);
  EXPECT_EQ(find("too_big").error, ParseErrc::message_too_big);
  EXPECT_EQ(find("bad_close").error, ParseErrc::invalid_close);  // 0x03ED is 1005
  EXPECT_EQ(find("unmasked").error, ParseErrc::bad_mask);
  EXPECT_EQ(find("continuation").error, ParseErrc::bad_continuation);
  EXPECT_EQ(find("reserved").error, ParseErrc::reserved_opcode);
}

}  // namespace
}  // namespace sy::net::ws::test
