// UTF-8 validation: the RFC 3629 rules (the Autobahn 6.x classics among them), fail-fast
// positions, and pieces split anywhere, checked against an independent reference decoder.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "net/ws/utf8.h"

namespace sy::net::ws {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes b(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

// Reference: decode code points the long way and apply the rules one by one. Returns the index of
// the first byte that makes the input invalid, size() if the input ends inside a character, or
// npos if valid.
constexpr std::size_t npos = static_cast<std::size_t>(-1);
std::size_t reference_first_error(const Bytes& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::uint8_t lead = s[i];
    std::size_t len;
    std::uint32_t cp;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      len = 2, cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      len = 3, cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      len = 4, cp = lead & 0x07;
    } else {
      return i;  // continuation byte or F8-FF as a lead
    }
    if (lead == 0xC0 || lead == 0xC1 || lead > 0xF4) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if (i + k >= s.size()) return s.size();
      if ((s[i + k] & 0xC0) != 0x80) return i + k;
      cp = (cp << 6) | (s[i + k] & 0x3F);
      // As soon as the first two bytes fix the range, overlongs, surrogates and values above
      // U+10FFFF are known: a fail-fast validator rejects at the second byte.
      if (k == 1) {
        const std::uint32_t shift = 6 * static_cast<std::uint32_t>(len - 2);
        const std::uint32_t lo = cp << shift;
        const std::uint32_t hi = ((cp + 1) << shift) - 1;
        if (len == 3 && hi < 0x800) return i + 1;
        if (len == 4 && hi < 0x10000) return i + 1;
        if (len == 3 && lo >= 0xD800 && hi <= 0xDFFF) return i + 1;
        if (len == 4 && lo > 0x10FFFF) return i + 1;
      }
    }
    i += len;
  }
  return npos;
}

// What the validator says about `s` fed as the given pieces: npos if valid and complete,
// s.size() if valid so far but unfinished, else the absolute index of the failing byte.
std::size_t validate_in_pieces(const Bytes& s, const std::vector<std::size_t>& cuts) {
  Utf8Validator v;
  std::size_t at = 0;
  auto piece = [&](std::size_t to) {
    std::size_t bad = v.feed({s.data() + at, to - at});
    std::size_t from = at;
    at = to;
    return bad == Utf8Validator::kValid ? npos : from + bad;
  };
  for (std::size_t c : cuts) {
    if (c < at || c > s.size()) continue;
    if (std::size_t bad = piece(c); bad != npos) return bad;
  }
  if (std::size_t bad = piece(s.size()); bad != npos) return bad;
  return v.complete() ? npos : s.size();
}

struct Case {
  const char* name;
  std::string bytes;
  bool valid;
};

// Classic cases from Autobahn section 6 (and the Kuhn stress test they come from).
std::vector<Case> cases() {
  return {
      {"empty", "", true},
      {"ascii", "Hello-\xc2\xb5@\xc3\x9f\xc3\xb6\xc3\xa4\xc3\xbc\xc3\xa0\xc3\xa1-UTF-8!!", true},
      {"kosme", "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5", true},
      {"kosme_edited_surrogate",
       "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80"
       "edited",
       false},
      {"first_2byte", "\xc2\x80", true},
      {"first_3byte", "\xe0\xa0\x80", true},
      {"first_4byte", "\xf0\x90\x80\x80", true},
      {"last_1byte", "\x7f", true},
      {"last_2byte", "\xdf\xbf", true},
      {"last_3byte", "\xef\xbf\xbf", true},
      {"last_4byte_u10ffff", "\xf4\x8f\xbf\xbf", true},
      {"before_surrogates", "\xed\x9f\xbf", true},
      {"after_surrogates", "\xee\x80\x80", true},
      {"u_fffd", "\xef\xbf\xbd", true},
      {"above_u10ffff", "\xf4\x90\x80\x80", false},
      {"f5_lead", "\xf5\x80\x80\x80", false},
      {"five_byte_form", "\xf8\x88\x80\x80\x80", false},
      {"six_byte_form", "\xfc\x84\x80\x80\x80\x80", false},
      {"lone_continuation_first", "\x80", false},
      {"lone_continuation_last", "\xbf", false},
      {"continuations_run", "\x80\xbf\x80\xbf", false},
      {"lone_lead_then_space", "\xc0 ", false},
      {"lead_then_ascii", "\xc3\x41", false},
      {"truncated_2byte", "\xc3", false},
      {"truncated_3byte", "\xe2\x82", false},
      {"truncated_4byte", "\xf0\x9f\x98", false},
      {"truncated_in_middle", "a\xe2\x82z", false},
      {"fe", "\xfe", false},
      {"ff", "\xff", false},
      {"fe_fe_ff_ff", "\xfe\xfe\xff\xff", false},
      {"overlong_slash_2", "\xc0\xaf", false},
      {"overlong_slash_3", "\xe0\x80\xaf", false},
      {"overlong_slash_4", "\xf0\x80\x80\xaf", false},
      {"overlong_max_2", "\xc1\xbf", false},
      {"overlong_max_3", "\xe0\x9f\xbf", false},
      {"overlong_max_4", "\xf0\x8f\xbf\xbf", false},
      {"overlong_nul_2", "\xc0\x80", false},
      {"overlong_nul_3", "\xe0\x80\x80", false},
      {"surrogate_d800", "\xed\xa0\x80", false},
      {"surrogate_dbff", "\xed\xad\xbf", false},
      {"surrogate_dc00", "\xed\xb0\x80", false},
      {"surrogate_dfff", "\xed\xbf\xbf", false},
      {"surrogate_pair", "\xed\xa0\x80\xed\xb0\x80", false},
      {"noncharacter_fffe", "\xef\xbf\xbe", true},
      {"noncharacter_ffff", "\xef\xbf\xbf", true},
  };
}

TEST(Utf8Validator, ClassicCases) {
  for (const auto& c : cases()) {
    Bytes s = b(c.bytes);
    EXPECT_EQ(is_valid_utf8(std::span<const std::uint8_t>(s)), c.valid) << c.name;
    EXPECT_EQ(is_valid_utf8(std::string_view(c.bytes)), c.valid) << c.name;
    EXPECT_EQ(reference_first_error(s) == npos, c.valid) << c.name << " (reference)";
  }
}

// Each case padded with ASCII so it also takes the bulk path, split at every position.
TEST(Utf8Validator, EveryTwoWaySplitAgreesWithOneShot) {
  for (const auto& c : cases()) {
    for (std::size_t pad : {0u, 5u, 40u, 100u}) {
      Bytes s(pad, 'p');
      Bytes body = b(c.bytes);
      s.insert(s.end(), body.begin(), body.end());
      s.insert(s.end(), pad, 'q');
      const std::size_t want = reference_first_error(s);
      EXPECT_EQ(validate_in_pieces(s, {}), want) << c.name << " pad " << pad;
      for (std::size_t cut = 0; cut <= s.size(); ++cut)
        ASSERT_EQ(validate_in_pieces(s, {cut}), want) << c.name << " pad " << pad << " cut " << cut;
    }
  }
}

TEST(Utf8Validator, ByteByByteFailsOnTheFirstImpossibleByte) {
  // Invalid as soon as the second byte is seen, without waiting for the rest of the character.
  for (std::string_view prefix : {"\xed\xa0", "\xf4\x90", "\xe0\x80", "\xf0\x80"}) {
    Utf8Validator v;
    EXPECT_EQ(v.feed(b(prefix.substr(0, 1))), Utf8Validator::kValid);
    EXPECT_EQ(v.feed(b(prefix.substr(1, 1))), 0u) << "fails on the second byte";
    EXPECT_TRUE(v.failed());
    EXPECT_EQ(v.feed(b("a")), 0u) << "stays failed";
  }
  Utf8Validator v;
  EXPECT_EQ(v.feed(b("\xc1")), 0u);
}

TEST(Utf8Validator, IncompleteSequenceIsNotComplete) {
  Utf8Validator v;
  EXPECT_EQ(v.feed(b("abc\xf0\x9f")), Utf8Validator::kValid);
  EXPECT_FALSE(v.complete());
  EXPECT_EQ(v.feed(b("\x98")), Utf8Validator::kValid);
  EXPECT_FALSE(v.complete());
  EXPECT_EQ(v.feed(b("\x80")), Utf8Validator::kValid);
  EXPECT_TRUE(v.complete());
}

TEST(Utf8Validator, StateSurvivesARoundTripThroughOneByte) {
  Utf8Validator a;
  EXPECT_EQ(a.feed(b("\xe2\x82")), Utf8Validator::kValid);
  Utf8Validator c;
  c.set_state(a.state());
  EXPECT_EQ(c.feed(b("\xac")), Utf8Validator::kValid);
  EXPECT_TRUE(c.complete());
}

TEST(Utf8Validator, LongInputsReportTheExactFailingByte) {
  for (std::size_t at : {0u, 1u, 31u, 32u, 63u, 64u, 65u, 1000u, 4095u}) {
    Bytes s(5000, 'a');
    s[at] = 0xFF;
    Utf8Validator v;
    EXPECT_EQ(v.feed(s), at);
  }
  Bytes s(5000, 'a');
  s[2000] = 0xED, s[2001] = 0xA0, s[2002] = 0x80;
  Utf8Validator v;
  EXPECT_EQ(v.feed(s), 2001u);
}

// Random inputs from an alphabet rich in edge bytes, split at random, against the reference.
TEST(Utf8Validator, RandomInputsMatchTheReference) {
  const std::uint8_t alphabet[] = {'a',  0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                   0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
                                   0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
  std::mt19937 rng(42);
  for (int iter = 0; iter < 20000; ++iter) {
    Bytes s(rng() % 80);
    const bool mostly_valid = iter % 2;
    for (auto& x : s) x = alphabet[rng() % sizeof(alphabet)];
    if (mostly_valid) {
      // Keep only well-formed characters, then break one in a few.
      Bytes good;
      for (std::size_t i = 0; i < s.size(); ++i) {
        static const char* chars[] = {"a",
                                      "\xc2\x80",
                                      "\xdf\xbf",
                                      "\xe0\xa0\x80",
                                      "\xed\x9f\xbf",
                                      "\xef\xbf\xbf",
                                      "\xf0\x90\x80\x80",
                                      "\xf4\x8f\xbf\xbf"};
        std::string_view ch = chars[rng() % 8];
        good.insert(good.end(), ch.begin(), ch.end());
      }
      if (!good.empty() && rng() % 4 == 0)
        good[rng() % good.size()] = alphabet[rng() % sizeof(alphabet)];
      s = good;
    }
    std::vector<std::size_t> cuts;
    for (std::size_t k = rng() % 4; k > 0; --k) cuts.push_back(s.empty() ? 0 : rng() % s.size());
    std::sort(cuts.begin(), cuts.end());
    ASSERT_EQ(validate_in_pieces(s, cuts), reference_first_error(s)) << "iteration " << iter;
  }
}

}  // namespace
}  // namespace sy::net::ws
