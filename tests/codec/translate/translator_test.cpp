// Behaviour of the translators that golden scripts show less well: the voice table both ways,
// close reasons, passthrough, audio duration across resampling, and id consistency within a
// response under varied sequences of Gemini messages.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <random>
#include <set>
#include <string>

#include "codec/audio/base64.h"
#include "codec/json/read_context.h"
#include "codec/translate/control.h"
#include "codec/translate/translator.h"
#include "codec/translate/voices.h"
#include "golden_runner.h"

namespace sy::codec::translate {
namespace {

using testing::tone_base64;

struct Harness {
  explicit Harness(Dialect client, Dialect core) {
    TranslatorOptions o;
    o.id_seed = 42;
    t = make_translator(client, core, o);
  }
  void client(const std::string& s) { feed(s, true); }
  void upstream(const std::string& s) { feed(s, false); }
  void feed(const std::string& s, bool from_client) {
    buf.assign(s);
    std::size_t n = buf.size();
    buf.resize(n + json::kPadding, '\0');
    out.clear();
    if (from_client) {
      t->on_client_frame({buf.data(), n}, buf.size(), Opcode::text, now, out);
    } else {
      t->on_upstream_frame({buf.data(), n}, buf.size(), Opcode::binary, now, out);
    }
  }
  std::unique_ptr<Translator> t;
  Clock::time_point now{};
  Outputs out;
  std::string buf;
};

TEST(Voices, TableMapsBothWaysAndDefaults) {
  const char* openai[] = {"alloy", "ash", "ballad", "coral", "echo",
                          "sage",  "shimmer", "verse", "marin", "cedar"};
  std::set<std::string_view> seen;
  for (const char* v : openai) {
    std::string_view g = gemini_voice_for(v);
    EXPECT_TRUE(seen.insert(g).second) << "two OpenAI voices share " << g;
    EXPECT_EQ(openai_voice_for(g), v);
  }
  EXPECT_EQ(gemini_voice_for("CORAL"), "Aoede");
  EXPECT_EQ(gemini_voice_for("kore"), "Kore");        // already a Gemini voice
  EXPECT_EQ(gemini_voice_for("Sulafat"), "Sulafat");  // beyond the table, still Gemini's
  EXPECT_EQ(gemini_voice_for("nobody"), "Puck");
  EXPECT_EQ(openai_voice_for("Sulafat"), "alloy");
  EXPECT_EQ(openai_voice_for("verse"), "verse");
}

TEST(CloseReason, CutsAt123BytesOnACharacterBoundary) {
  std::string s(122, 'a');
  s += "\xc3\xa9\xc3\xa9";  // é straddles byte 123
  std::string r = close_reason(s);
  EXPECT_EQ(r.size(), 122u);
  EXPECT_EQ(close_reason("short"), "short");
}

TEST(Passthrough, ForwardsWithoutCopying) {
  Harness h(Dialect::openai, Dialect::openai);
  EXPECT_TRUE(h.t->passthrough());
  h.client(R"({"type":"response.create"})");
  EXPECT_TRUE(h.out.forward_upstream);
  EXPECT_TRUE(h.out.upstream.empty());
  h.upstream(R"({"type":"response.done"})");
  EXPECT_TRUE(h.out.forward_client);
  EXPECT_TRUE(h.out.client.empty());
  EXPECT_FALSE(h.t->deadline().has_value());
}

std::size_t upstream_audio_bytes(const Outputs& out, simdjson::dom::parser& p,
                                 Dialect core) {
  std::size_t total = 0;
  for (std::size_t i = 0; i < out.upstream.size(); ++i) {
    simdjson::dom::element doc;
    if (p.parse(std::string(out.upstream.data(i))).get(doc)) continue;
    std::string_view data;
    if (core == Dialect::gemini) {
      if (doc["realtimeInput"]["audio"]["data"].get(data)) continue;
    } else {
      std::string_view type;
      if (doc["type"].get(type) || type != "input_audio_buffer.append") continue;
      if (doc["audio"].get(data)) continue;
    }
    total += audio::base64_decoded_size(data);
  }
  return total;
}

TEST(AudioProperty, DurationKeptAcrossResamplingOpenAiToGemini) {
  std::mt19937 rng(1);
  for (int round = 0; round < 5; ++round) {
    Harness h(Dialect::openai, Dialect::gemini);
    simdjson::dom::parser p;
    std::size_t in_samples = 0;
    std::size_t out_bytes = 0;
    int chunks = 0;
    for (; chunks < 20; ++chunks) {
      int ms = 5 + static_cast<int>(rng() % 60);
      in_samples += static_cast<std::size_t>(24 * ms);
      h.client(R"({"type":"input_audio_buffer.append","audio":")" + tone_base64(24000, ms) +
               "\"}");
      out_bytes += upstream_audio_bytes(h.out, p, Dialect::gemini);
    }
    h.client(R"({"type":"input_audio_buffer.commit"})");
    out_bytes += upstream_audio_bytes(h.out, p, Dialect::gemini);
    double expected = static_cast<double>(in_samples) * 16000.0 / 24000.0;
    EXPECT_NEAR(static_cast<double>(out_bytes / 2), expected, chunks) << "round " << round;
  }
}

TEST(AudioProperty, DurationKeptAcrossResamplingGeminiToOpenAi) {
  std::mt19937 rng(2);
  Harness h(Dialect::gemini, Dialect::openai);
  simdjson::dom::parser p;
  h.client(R"({"setup":{"model":"m","realtimeInputConfig":{"automaticActivityDetection":{"disabled":true}}}})");
  h.client(R"({"realtimeInput":{"activityStart":{}}})");
  std::size_t in_samples = 0;
  std::size_t out_bytes = 0;
  int chunks = 0;
  for (; chunks < 30; ++chunks) {
    int ms = 10 + static_cast<int>(rng() % 50);
    in_samples += static_cast<std::size_t>(16 * ms);
    h.client(R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":")" +
             tone_base64(16000, ms) + "\"}}}");
    out_bytes += upstream_audio_bytes(h.out, p, Dialect::openai);
  }
  h.client(R"({"realtimeInput":{"activityEnd":{}}})");
  out_bytes += upstream_audio_bytes(h.out, p, Dialect::openai);
  EXPECT_NEAR(static_cast<double>(out_bytes / 2), static_cast<double>(in_samples) * 1.5, chunks);
}

TEST(SwitchRequest, ReadInBothDialectsAndOnlyFromSmallFrames) {
  EXPECT_EQ(read_switch_request(Dialect::openai, R"({"type":"switchyard.switch","core":"gemini"})"),
            std::optional<std::string>("gemini"));
  EXPECT_EQ(read_switch_request(Dialect::gemini, R"({"switchyardSwitch":{"core":"openai"}})"),
            std::optional<std::string>("openai"));
  EXPECT_EQ(read_switch_request(Dialect::openai, R"({"type":"response.create","note":"switchyard"})"),
            std::nullopt);
  // An audio-sized frame is never a control message, whatever it carries.
  std::string big = R"({"type":"switchyard.switch","core":"gemini","pad":")" +
                    std::string(kMaxControlBytes, 'a') + "\"}";
  EXPECT_EQ(read_switch_request(Dialect::openai, big), std::nullopt);
}

// A quiet session gives back its resamplers and buffers; a session still streaming keeps them,
// and audio after the trim is converted as before.
TEST(Trim, QuietOpenAiClientOnGeminiCoreGivesBackAudioStateAndBuffers) {
  Harness h(Dialect::openai, Dialect::gemini);
  simdjson::dom::parser p;
  h.now = Clock::time_point{} + std::chrono::seconds(100);
  const auto start = h.now;
  for (int i = 0; i < 5; ++i)
    h.client(R"({"type":"input_audio_buffer.append","audio":")" + tone_base64(24000, 40) + "\"}");
  h.upstream(R"({"setupComplete":{}})");
  h.upstream(R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":")" +
             tone_base64(24000, 40) + R"("}}]}}})");
  h.upstream(R"({"serverContent":{"outputTranscription":{"text":"a reasonably long answer to keep"}}})");
  h.upstream(R"({"serverContent":{"turnComplete":true}})");
  EXPECT_EQ(h.t->audio_streams(), 1);  // input resampled 24 -> 16 kHz; output already 24 kHz
  EXPECT_GT(h.t->retained_bytes(), 4000u);

  h.t->trim(start + std::chrono::seconds(1));  // streaming a second ago: nothing changes
  EXPECT_EQ(h.t->audio_streams(), 1);  // input resampled 24 -> 16 kHz; output already 24 kHz
  EXPECT_GT(h.t->retained_bytes(), 4000u);

  h.t->trim(start + std::chrono::seconds(3));
  EXPECT_EQ(h.t->audio_streams(), 0);
  EXPECT_EQ(h.t->retained_bytes(), 0u);

  h.now = start + std::chrono::seconds(4);
  std::size_t out_bytes = 0;
  for (int i = 0; i < 10; ++i) {
    h.client(R"({"type":"input_audio_buffer.append","audio":")" + tone_base64(24000, 40) + "\"}");
    out_bytes += upstream_audio_bytes(h.out, p, Dialect::gemini);
  }
  h.client(R"({"type":"input_audio_buffer.commit"})");
  out_bytes += upstream_audio_bytes(h.out, p, Dialect::gemini);
  EXPECT_EQ(h.t->audio_streams(), 1);
  EXPECT_NEAR(static_cast<double>(out_bytes / 2), 10 * 40 * 16.0, 10);  // 400 ms at 16 kHz
}

TEST(Trim, QuietGeminiClientOnOpenAiCoreGivesBackItsResampler) {
  Harness h(Dialect::gemini, Dialect::openai);
  h.now = Clock::time_point{} + std::chrono::seconds(100);
  const auto start = h.now;
  h.client(R"({"setup":{"model":"m"}})");
  for (int i = 0; i < 3; ++i)
    h.client(R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":")" +
             tone_base64(16000, 40) + "\"}}}");
  EXPECT_EQ(h.t->audio_streams(), 1);
  EXPECT_GT(h.t->retained_bytes(), 1000u);
  h.t->trim(start + std::chrono::milliseconds(1500));
  EXPECT_EQ(h.t->audio_streams(), 1);
  h.t->trim(start + std::chrono::seconds(3));
  EXPECT_EQ(h.t->audio_streams(), 0);
  EXPECT_EQ(h.t->retained_bytes(), 0u);
}

// Every event of a response names the same response id; deltas name the item and index the
// output_item.added announced; output indexes count up from 0 within the response.
TEST(IdProperty, ConsistentWithinEachResponse) {
  std::mt19937 rng(3);
  Harness h(Dialect::openai, Dialect::gemini);
  simdjson::dom::parser p;
  h.out.clear();
  h.t->on_client_open(Clock::time_point{}, h.out);
  h.client(R"({"type":"session.update","session":{"type":"realtime"}})");
  h.upstream(R"({"setupComplete":{}})");
  const std::string frames[] = {
      R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":"AAAA"}}]}}})",
      R"({"serverContent":{"outputTranscription":{"text":"w"}}})",
      R"({"serverContent":{"generationComplete":true}})",
      R"({"toolCall":{"functionCalls":[{"id":"c","name":"f","args":{}},{"name":"g"}]}})",
      R"({"usageMetadata":{"totalTokenCount":1}})",
      R"({"serverContent":{"inputTranscription":{"text":"u"}}})",
  };
  std::string response_id;
  std::set<std::string> response_ids;
  std::map<std::string, std::uint64_t> item_index;  // items announced in this response
  std::uint64_t next_index = 0;
  int responses = 0;
  for (int step = 0; step < 400; ++step) {
    std::uint32_t r = rng() % 10;
    if (r < 6) {
      h.upstream(frames[r]);
    } else if (r < 8) {
      h.upstream(R"({"serverContent":{"turnComplete":true}})");
    } else if (r == 8) {
      h.upstream(R"({"serverContent":{"interrupted":true}})");
    } else {
      h.client(R"({"type":"response.cancel"})");
    }
    for (std::size_t i = 0; i < h.out.client.size(); ++i) {
      simdjson::dom::element ev;
      ASSERT_FALSE(p.parse(std::string(h.out.client.data(i))).get(ev));
      std::string_view type = ev["type"].get_string().value();
      if (type == "response.created") {
        ASSERT_TRUE(response_id.empty()) << "a response started inside another";
        response_id = std::string(ev["response"]["id"].get_string().value());
        EXPECT_TRUE(response_ids.insert(response_id).second) << "response id reused";
        item_index.clear();
        next_index = 0;
        continue;
      }
      if (type == "response.done") {
        EXPECT_EQ(ev["response"]["id"].get_string().value(), response_id);
        response_id.clear();
        ++responses;
        continue;
      }
      std::string_view rid;
      if (ev["response_id"].get(rid)) continue;  // not part of a response
      ASSERT_FALSE(response_id.empty()) << type << " outside a response";
      EXPECT_EQ(rid, response_id) << type;
      std::uint64_t index = ev["output_index"].get_uint64().value();
      if (type == "response.output_item.added") {
        EXPECT_EQ(index, next_index++);
        item_index[std::string(ev["item"]["id"].get_string().value())] = index;
        continue;
      }
      std::string_view item_id;
      if (ev["item_id"].get(item_id)) item_id = ev["item"]["id"].get_string().value();
      auto it = item_index.find(std::string(item_id));
      ASSERT_NE(it, item_index.end()) << type << " names an item not announced";
      EXPECT_EQ(it->second, index) << type;
    }
  }
  EXPECT_GT(responses, 20);
}

}  // namespace
}  // namespace sy::codec::translate
