#include "codec/json/writer.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "codec/json/reader.h"

namespace sy::codec::json {
namespace {

TEST(JsonWriter, EscapesQuotesBackslashesAndControlBytes) {
  Writer w;
  w.string(std::string_view("a\"b\\c\n\r\t\b\f\x01\x1f/", 13));
  EXPECT_EQ(w.view(), R"("a\"b\\c\n\r\t\b\f\u0001\u001f/")");
}

TEST(JsonWriter, PassesValidUtf8Through) {
  Writer w;
  w.string("caf\xc3\xa9 \xf0\x9f\x98\x80 \xe2\x80\xa8");
  EXPECT_EQ(w.view(), "\"caf\xc3\xa9 \xf0\x9f\x98\x80 \xe2\x80\xa8\"");
}

TEST(JsonWriter, EscapesInsideLongRunsAtEveryPosition) {
  // The word-at-a-time scan must find an escape at any offset of a 8-byte word.
  for (std::size_t at = 0; at < 24; ++at) {
    std::string s(24, 'x');
    s[at] = '"';
    Writer w;
    w.string(s);
    std::string expect = "\"" + s.substr(0, at) + "\\\"" + s.substr(at + 1) + "\"";
    EXPECT_EQ(w.view(), expect) << at;
  }
}

TEST(JsonWriter, IntegersAreExact) {
  Writer w;
  w.begin_array();
  w.integer(std::numeric_limits<std::int64_t>::min());
  w.integer(std::numeric_limits<std::int64_t>::max());
  w.unsigned_integer(std::numeric_limits<std::uint64_t>::max());
  w.integer(0);
  w.end_array();
  EXPECT_EQ(w.view(), "[-9223372036854775808,9223372036854775807,18446744073709551615,0]");
}

TEST(JsonWriter, DoublesAreShortestAndRoundTrip) {
  for (double d : {0.1, 0.8, 1.0, -2.5, 1e300, 5e-324, 123456.789, 1.0 / 3.0}) {
    Writer w;
    w.number(d);
    double back = 0;
    auto text = w.view();
    std::from_chars(text.data(), text.data() + text.size(), back);
    EXPECT_EQ(back, d) << text;
  }
  Writer w;
  w.number(0.8);
  EXPECT_EQ(w.view(), "0.8");
}

TEST(JsonWriter, NonFiniteNumbersBecomeNull) {
  Writer w;
  w.begin_array();
  w.number(std::nan(""));
  w.number(std::numeric_limits<double>::infinity());
  w.end_array();
  EXPECT_EQ(w.view(), "[null,null]");
}

enum class Mode : std::uint8_t { server_vad, semantic_vad };
BOOST_DESCRIBE_ENUM(Mode, server_vad, semantic_vad)

struct Part {
  std::string_view text;
};
BOOST_DESCRIBE_STRUCT(Part, (), (text))

struct Msg {
  std::string_view type;
  std::optional<std::string_view> event_id;
  std::optional<std::uint32_t> audio_end_ms;
  std::optional<double> temperature;
  std::vector<Part> parts;
  Nullable<Mode> turn_detection;
  std::optional<RawJson> parameters;
  std::optional<bool> turn_complete;
};
BOOST_DESCRIBE_STRUCT(Msg, (), (type, event_id, audio_end_ms, temperature, parts, turn_detection,
                                parameters, turn_complete))

TEST(JsonWriter, ReflectedStructsSkipUnsetOptionals) {
  Writer w;
  Msg m;
  m.type = "t";
  m.parts = {Part{"a"}, Part{"b"}};
  write<OpenAiOptions>(w, m);
  EXPECT_EQ(w.view(), R"({"type":"t","parts":[{"text":"a"},{"text":"b"}]})");
}

TEST(JsonWriter, ReflectedStructsWriteEverySetMember) {
  Writer w;
  Msg m;
  m.type = "t";
  m.event_id = "e\"1";
  m.audio_end_ms = 1500;
  m.temperature = 0.7;
  m.turn_detection = Nullable<Mode>::null_value();
  m.parameters = RawJson{R"({"type":"object"})"};
  m.turn_complete = false;
  write<OpenAiOptions>(w, m);
  EXPECT_EQ(w.view(),
            R"({"type":"t","event_id":"e\"1","audio_end_ms":1500,"temperature":0.7,"parts":[],)"
            R"("turn_detection":null,"parameters":{"type":"object"},"turn_complete":false})");
  w.clear();
  m.turn_detection = Nullable<Mode>::of(Mode::semantic_vad);
  m.parameters.reset();
  write<ProtoOptions>(w, m);
  EXPECT_EQ(w.view(),
            R"({"type":"t","eventId":"e\"1","audioEndMs":1500,"temperature":0.7,"parts":[],)"
            R"("turnDetection":"semantic_vad","turnComplete":false})");
}

TEST(JsonWriter, WrittenStructsReadBack) {
  Writer w;
  Msg m;
  m.type = "type\\with\nescapes";
  m.event_id = "\xc3\xa9v";
  m.audio_end_ms = 4294967295u;
  m.temperature = 1e-7;
  m.parts = {Part{"x"}};
  m.turn_detection = Nullable<Mode>::of(Mode::server_vad);
  write<ProtoOptions>(w, m);
  Reader r;
  Msg back;
  ASSERT_TRUE(r.read<ProtoOptions>(w.view(), back).ok());
  EXPECT_EQ(back.type, m.type);
  EXPECT_EQ(back.event_id, m.event_id);
  EXPECT_EQ(back.audio_end_ms, m.audio_end_ms);
  EXPECT_EQ(back.temperature, m.temperature);
  ASSERT_EQ(back.parts.size(), 1u);
  EXPECT_EQ(back.parts[0].text, "x");
  EXPECT_EQ(back.turn_detection, m.turn_detection);
}

TEST(JsonWriter, AWarmWriterDoesNotReallocate) {
  Writer w;
  Msg m;
  m.type = "response.output_audio.delta";
  m.parts = {Part{std::string_view("AAAA", 4)}};
  write<OpenAiOptions>(w, m);
  const char* data = w.buffer().data();
  std::size_t cap = w.buffer().capacity();
  for (int i = 0; i < 100; ++i) {
    w.clear();
    write<OpenAiOptions>(w, m);
  }
  EXPECT_EQ(w.buffer().data(), data);
  EXPECT_EQ(w.buffer().capacity(), cap);
}

TEST(JsonWriter, CommasAreManagedAcrossNesting) {
  Writer w;
  w.begin_object();
  w.key("a");
  w.begin_array();
  w.begin_object();
  w.end_object();
  w.begin_array();
  w.end_array();
  w.integer(1);
  w.end_array();
  w.key("b");
  w.raw(R"({"x":1})");
  w.escaped_key("c\"");
  w.raw("");
  w.end_object();
  EXPECT_EQ(w.view(), R"({"a":[{},[],1],"b":{"x":1},"c\"":null})");
}

}  // namespace
}  // namespace sy::codec::json
