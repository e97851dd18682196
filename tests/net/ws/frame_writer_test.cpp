// Frame headers and masking: exact wire bytes, the vector masking against a byte-wise reference
// at every phase, length and overlap, and round trips through the parser in both roles.
#include <gtest/gtest.h>

#include <cstring>

#include "frame_test_support.h"
#include "net/ws/frame_writer.h"
#include "net/ws/mask.h"

namespace sy::net::ws::test {
namespace {

Bytes header(Opcode op, std::uint64_t len, bool fin = true, const std::uint32_t* key = nullptr) {
  Bytes out(kMaxHeaderBytes);
  out.resize(write_header(out.data(), op, len, fin, key));
  return out;
}

TEST(FrameWriter, ShortestLengthEncoding) {
  EXPECT_EQ(header(Opcode::text, 0), (Bytes{0x81, 0x00}));
  EXPECT_EQ(header(Opcode::binary, 125), (Bytes{0x82, 125}));
  EXPECT_EQ(header(Opcode::binary, 126), (Bytes{0x82, 126, 0x00, 126}));
  EXPECT_EQ(header(Opcode::binary, 65535), (Bytes{0x82, 126, 0xFF, 0xFF}));
  EXPECT_EQ(header(Opcode::binary, 65536), (Bytes{0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0}));
  EXPECT_EQ(header(Opcode::binary, 0x0102030405060708ull),
            (Bytes{0x82, 127, 1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(header(Opcode::text, 5, false), (Bytes{0x01, 5}));
  EXPECT_EQ(header(Opcode::continuation, 5, true), (Bytes{0x80, 5}));
  EXPECT_EQ(header(Opcode::close, 2), (Bytes{0x88, 2}));
  EXPECT_EQ(header(Opcode::ping, 0), (Bytes{0x89, 0}));
  EXPECT_EQ(header(Opcode::pong, 0), (Bytes{0x8A, 0}));
}

TEST(FrameWriter, MaskedHeaderCarriesTheKeyInWireOrder) {
  const std::uint8_t key_bytes[4] = {0x37, 0xFA, 0x21, 0x3D};
  std::uint32_t key;
  std::memcpy(&key, key_bytes, 4);
  EXPECT_EQ(header(Opcode::text, 5, true, &key), (Bytes{0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D}));
  EXPECT_EQ(header(Opcode::binary, 70000, true, &key).size(), kMaxHeaderBytes);
  // RFC 6455 5.7: "Hello" masked with that key.
  Bytes hello = bytes("Hello");
  apply_mask(hello, key);
  EXPECT_EQ(hello, (Bytes{0x7F, 0x9F, 0x4D, 0x51, 0x58}));
}

TEST(FrameWriter, HeaderSizeMatchesWhatIsWritten) {
  std::uint32_t key = 1;
  for (std::uint64_t n : {0ull, 125ull, 126ull, 65535ull, 65536ull, 1ull << 40}) {
    EXPECT_EQ(header(Opcode::binary, n).size(), header_size(n, false));
    EXPECT_EQ(header(Opcode::binary, n, true, &key).size(), header_size(n, true));
  }
}

void reference_mask(std::uint8_t* dst, const std::uint8_t* src, std::size_t n, std::uint32_t key,
                    std::size_t phase) {
  std::uint8_t k[4];
  std::memcpy(k, &key, 4);
  Bytes tmp(src, src + n);
  for (std::size_t i = 0; i < n; ++i) dst[i] = tmp[i] ^ k[(i + phase) % 4];
}

TEST(Mask, MatchesByteWiseReferenceAtEveryPhaseAndLength) {
  const std::uint32_t key = 0xA1B2C3D4;
  for (std::size_t n = 0; n <= 300; ++n) {
    for (std::size_t phase = 0; phase < 4; ++phase) {
      Bytes data(n + 3);
      for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7);
      Bytes want = data;
      // Start at an odd address too, so nothing depends on alignment.
      reference_mask(want.data() + 3, want.data() + 3, n, key, phase);
      apply_mask({data.data() + 3, n}, key, phase);
      ASSERT_EQ(data, want) << n << " phase " << phase;
    }
  }
}

TEST(Mask, OverlappingForwardMoveMatchesReference) {
  const std::uint32_t key = 0x01234567;
  for (std::size_t dist : {0u, 1u, 2u, 3u, 6u, 14u, 31u, 32u, 33u, 64u, 127u, 128u, 129u, 200u}) {
    for (std::size_t n : {0u, 1u, 17u, 32u, 100u, 128u, 129u, 500u, 1000u}) {
      Bytes buf(dist + n + 5);
      for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<std::uint8_t>(i * 13 + 1);
      Bytes want = buf;
      reference_mask(want.data() + 1, want.data() + 1 + dist, n, key, 2);
      unmask_move(buf.data() + 1, buf.data() + 1 + dist, n, key, 2);
      ASSERT_EQ(Bytes(buf.begin(), buf.begin() + 1 + n), Bytes(want.begin(), want.begin() + 1 + n))
          << "dist " << dist << " n " << n;
    }
  }
}

TEST(Mask, PiecewiseMaskingWithPhaseEqualsWhole) {
  Bytes whole(1000), pieces(1000);
  for (std::size_t i = 0; i < whole.size(); ++i)
    whole[i] = pieces[i] = static_cast<std::uint8_t>(i);
  apply_mask(whole, 0xDEADBEEF);
  std::size_t at = 0;
  for (std::size_t len : {1u, 2u, 5u, 33u, 100u, 859u}) {
    apply_mask({pieces.data() + at, len}, 0xDEADBEEF, at);
    at += len;
  }
  EXPECT_EQ(whole, pieces);
}

TEST(FrameWriter, RoundTripsThroughTheParserInBothRoles) {
  for (Role sender : {Role::client, Role::server}) {
    ParserConfig config{sender == Role::client ? Role::server : Role::client};
    for (std::size_t n : {0u, 3u, 125u, 126u, 65535u, 65536u, 200000u}) {
      Bytes payload(n);
      for (std::size_t i = 0; i < n; ++i) payload[i] = static_cast<std::uint8_t>(i ^ (i >> 7));
      auto out =
          feed(frame(Opcode::binary, payload, true, sender), static_cast<std::size_t>(-1), config);
      ASSERT_FALSE(out.error);
      ASSERT_EQ(out.got.size(), 1u);
      EXPECT_EQ(out.got[0].payload, payload);
    }
  }
}

}  // namespace
}  // namespace sy::net::ws::test
