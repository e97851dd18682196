#include "codec/json/reader.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sy::codec::json {
namespace {

enum class Color : std::uint8_t { red, green, default_ };
BOOST_DESCRIBE_ENUM(Color, red, green, default_)

struct Inner {
  std::uint16_t rate = 0;
  std::optional<std::string_view> label;
};
BOOST_DESCRIBE_STRUCT(Inner, (), (rate, label))

struct Outer {
  std::string_view name;
  std::optional<std::int32_t> count;
  std::optional<double> ratio;
  std::optional<bool> flag;
  std::optional<Inner> inner;
  std::optional<std::vector<std::string_view>> tags;
  std::optional<Color> color;
  std::optional<RawJson> schema;
  Nullable<Inner> maybe;
  std::optional<std::string> owned;
};
BOOST_DESCRIBE_STRUCT(Outer, (), (name, count, ratio, flag, inner, tags, color, schema, maybe, owned))

// A padded copy of a literal, the way the receive buffer holds a frame.
struct Padded {
  explicit Padded(std::string_view s) : buf(s.size() + kPadding, '\0') {
    buf.replace(0, s.size(), s);
    size = s.size();
  }
  std::string_view view() const { return {buf.data(), size}; }
  std::string buf;
  std::size_t size;
};

TEST(JsonReader, ReadsEveryKindOfMember) {
  Padded in(R"({"name":"n1","count":-7,"ratio":0.25,"flag":true,
      "inner":{"rate":24000,"label":"pcm"},"tags":["a","b"],"color":"green",
      "schema":{"type":"object","properties":{"x":[1,2]}},"maybe":null,"owned":"o"})");
  Reader r;
  Outer o;
  ASSERT_TRUE(r.read<OpenAiOptions>(in.view(), in.buf.size(), o).ok());
  EXPECT_EQ(o.name, "n1");
  EXPECT_EQ(o.count, -7);
  EXPECT_EQ(o.ratio, 0.25);
  EXPECT_EQ(o.flag, true);
  ASSERT_TRUE(o.inner.has_value());
  EXPECT_EQ(o.inner->rate, 24000);
  EXPECT_EQ(o.inner->label, "pcm");
  ASSERT_TRUE(o.tags.has_value());
  EXPECT_EQ(*o.tags, (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(o.color, Color::green);
  EXPECT_EQ(o.schema->json, R"({"type":"object","properties":{"x":[1,2]}})");
  EXPECT_TRUE(o.maybe.is_null());
  EXPECT_EQ(o.owned, "o");
}

TEST(JsonReader, PlainStringsAreViewsIntoThePaddedInput) {
  Padded in(R"({"name":"abcdefghijklmnopqrstuvwxyz0123456789+/="})");
  Reader r;
  Outer o;
  ASSERT_TRUE(r.read<OpenAiOptions>(in.view(), in.buf.size(), o).ok());
  EXPECT_GE(o.name.data(), in.buf.data());
  EXPECT_LT(o.name.data(), in.buf.data() + in.size);
  EXPECT_EQ(o.name, "abcdefghijklmnopqrstuvwxyz0123456789+/=");
}

TEST(JsonReader, EscapedStringsAreUnescaped) {
  Padded in(R"({"name":"a\"b\\c\n\u00e9\ud83d\ude00"})");
  Reader r;
  Outer o;
  ASSERT_TRUE(r.read<OpenAiOptions>(in.view(), in.buf.size(), o).ok());
  EXPECT_EQ(o.name, "a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80");
}

TEST(JsonReader, UnpaddedInputIsCopiedAndStillReadable) {
  std::string s = R"({"name":"x","inner":{"rate":8000}})";
  Reader r;
  Outer o;
  ASSERT_TRUE(r.read<OpenAiOptions>(s, o).ok());
  EXPECT_EQ(o.name, "x");
  EXPECT_EQ(o.inner->rate, 8000);
  EXPECT_TRUE(o.maybe.absent());
}

TEST(JsonReader, UnknownFieldsAreSkippedAtAnyDepth) {
  Padded in(R"({"zzz":{"a":[{"b":{"c":[[[1]]]}}]},"name":"n","extra":"\u0000","n2":1e999999})");
  Reader r;
  Outer o;
  ASSERT_TRUE(r.read<OpenAiOptions>(in.view(), in.buf.size(), o).ok());
  EXPECT_EQ(o.name, "n");
}

TEST(JsonReader, MissingRequiredFieldIsNamed) {
  Padded in(R"({"name":"n","inner":{"label":"x"}})");
  Reader r;
  Outer o;
  auto st = r.read<OpenAiOptions>(in.view(), in.buf.size(), o);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.error().is(JsonErrc::missing_field));
  EXPECT_EQ(r.failed_field(), "rate");
  char buf[64];
  EXPECT_EQ(r.failed_path(buf), "inner.rate");
  EXPECT_EQ(st.error().offset, 12u);  // the `inner` key, whose object lacks `rate`
}

TEST(JsonReader, WrongTypeNamesTheFieldAndOffset) {
  Padded in(R"({"name":"n","inner":{"rate":"fast"}})");
  Reader r;
  Outer o;
  auto st = r.read<OpenAiOptions>(in.view(), in.buf.size(), o);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.error().is(JsonErrc::wrong_type));
  char buf[64];
  EXPECT_EQ(r.failed_path(buf), "inner.rate");
  EXPECT_EQ(in.view().substr(st.error().offset, 5), "\"rate");
}

TEST(JsonReader, NumbersAreRangeChecked) {
  Reader r;
  Outer o;
  struct Case {
    const char* json;
    const char* field;
  };
  for (auto c : {Case{R"({"name":"n","inner":{"rate":70000}})", "rate"},
                 Case{R"({"name":"n","inner":{"rate":-1}})", "rate"},
                 Case{R"({"name":"n","count":3000000000})", "count"},
                 Case{R"({"name":"n","count":99999999999999999999999})", "count"},
                 Case{R"({"name":"n","count":1.5})", "count"},
                 Case{R"({"name":"n","ratio":1e400})", "ratio"}}) {
    Padded in(c.json);
    auto st = r.read<OpenAiOptions>(in.view(), in.buf.size(), o);
    ASSERT_FALSE(st.ok()) << c.json;
    EXPECT_TRUE(st.error().is(JsonErrc::number_out_of_range)) << c.json << " " << st.error().message;
    EXPECT_EQ(r.failed_field(), c.field);
  }
}

TEST(JsonReader, EnumsAreReadByName) {
  Reader r;
  Outer o;
  Padded ok(R"({"name":"n","color":"default"})");
  ASSERT_TRUE(r.read<OpenAiOptions>(ok.view(), ok.buf.size(), o).ok());
  EXPECT_EQ(o.color, Color::default_);
  Padded bad(R"({"name":"n","color":"blue"})");
  auto st = r.read<OpenAiOptions>(bad.view(), bad.buf.size(), o);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.error().is(JsonErrc::unknown_enum));
  EXPECT_EQ(r.failed_field(), "color");
}

TEST(JsonReader, RejectsMalformedDocuments) {
  Reader r;
  Outer o;
  struct Case {
    const char* json;
    JsonErrc code;
  };
  for (auto c : {Case{"", JsonErrc::empty}, Case{"[1,2]", JsonErrc::not_object},
                 Case{R"({"name":"n"} {})", JsonErrc::trailing_content},
                 Case{R"({"name":"n",})", JsonErrc::malformed},
                 Case{R"({"name":"n")", JsonErrc::malformed},
                 Case{"{\"name\":\"\xff\"}", JsonErrc::invalid_utf8},
                 Case{"{\"name\":\"a\x01\"}", JsonErrc::invalid_string},
                 Case{R"({"name":"n","inner":[]})", JsonErrc::not_object}}) {
    Padded in(c.json);
    auto st = r.read<OpenAiOptions>(in.view(), in.buf.size(), o);
    ASSERT_FALSE(st.ok()) << c.json;
    EXPECT_EQ(st.error().code, static_cast<std::uint16_t>(c.code)) << c.json << " "
                                                                   << st.error().message;
  }
}

struct Node {
  std::optional<std::vector<Node>> kids;
};
BOOST_DESCRIBE_STRUCT(Node, (), (kids))

TEST(JsonReader, NestingDepthIsCapped) {
  std::string deep = R"({"kids":[)";
  for (int i = 0; i < 10; ++i) deep += R"({"kids":[)";
  for (int i = 0; i < 10; ++i) deep += "]}";
  deep += "]}";
  Reader r;
  Node n;
  ASSERT_TRUE((r.read<Options<AsDeclared, 32>>(deep, n).ok()));
  auto st = r.read<Options<AsDeclared, 8>>(deep, n);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.error().is(JsonErrc::too_deep));
}

struct ProtoMsg {
  std::optional<std::string_view> mime_type;
  std::optional<std::int64_t> total_token_count;
  std::optional<bool> turn_complete;
};
BOOST_DESCRIBE_STRUCT(ProtoMsg, (), (mime_type, total_token_count, turn_complete))

TEST(JsonReader, ProtoOptionsAcceptBothCasingsAndQuotedIntegers) {
  Reader r;
  ProtoMsg m;
  ASSERT_TRUE(r.read<ProtoOptions>(
                   std::string_view(R"({"mimeType":"audio/pcm","totalTokenCount":"42","turn_complete":true})"), m)
                  .ok());
  EXPECT_EQ(m.mime_type, "audio/pcm");
  EXPECT_EQ(m.total_token_count, 42);
  EXPECT_EQ(m.turn_complete, true);
  ASSERT_TRUE(r.read<ProtoOptions>(std::string_view(R"({"mime_type":"x","total_token_count":7})"), m).ok());
  EXPECT_EQ(m.mime_type, "x");
  EXPECT_EQ(m.total_token_count, 7);
  // The OpenAI options do not know camelCase (the field is simply unknown there).
  ASSERT_TRUE(r.read<OpenAiOptions>(std::string_view(R"({"mimeType":"x"})"), m).ok());
  EXPECT_FALSE(m.mime_type.has_value());
}

TEST(JsonReader, AReusedStructIsResetBetweenReads) {
  Reader r;
  Outer o;
  ASSERT_TRUE(r.read<OpenAiOptions>(std::string_view(R"({"name":"a","count":1,"tags":["x"]})"), o).ok());
  ASSERT_TRUE(r.read<OpenAiOptions>(std::string_view(R"({"name":"b"})"), o).ok());
  EXPECT_EQ(o.name, "b");
  EXPECT_FALSE(o.count.has_value());
  EXPECT_FALSE(o.tags.has_value());
}

}  // namespace
}  // namespace sy::codec::json
