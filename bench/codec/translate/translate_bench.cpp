// Decode + translate + encode per event kind, through the translators a session uses: ns/event and
// bytes/s of input frame. The goal: an audio event translated without resampling in under 1 µs per
// KiB of payload (the audio deltas below; appends are resampled 24k->16k or 16k->24k).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "codec/audio/base64.h"
#include "codec/json/padded_text.h"
#include "codec/json/read_context.h"
#include "codec/translate/translator.h"

namespace {

using namespace sy::codec;
using namespace sy::codec::translate;

std::string tone_base64(int rate, int ms) {
  std::size_t samples = static_cast<std::size_t>(rate) * static_cast<std::size_t>(ms) / 1000;
  std::vector<std::uint8_t> bytes(samples * 2);
  for (std::size_t i = 0; i < samples; ++i) {
    auto v = static_cast<std::int16_t>(std::lround(8000 * std::sin(0.1 * static_cast<double>(i))));
    bytes[2 * i] = static_cast<std::uint8_t>(static_cast<std::uint16_t>(v) & 0xff);
    bytes[2 * i + 1] = static_cast<std::uint8_t>(static_cast<std::uint16_t>(v) >> 8);
  }
  std::string out;
  audio::base64_encode_append(bytes, out);
  return out;
}

// A frame as the receive buffer holds it: padding after the bytes, so it is parsed in place.
using Frame = sy::codec::json::PaddedText;

struct Session {
  Session(Dialect client, Dialect core) : t(make_translator(client, core, TranslatorOptions{})) {}
  void client(const Frame& f) {
    out.clear();
    t->on_client_frame(f.view(), f.capacity(), Opcode::text, Clock::time_point{}, out);
  }
  void upstream(const Frame& f) {
    out.clear();
    t->on_upstream_frame(f.view(), f.capacity(), Opcode::binary, Clock::time_point{}, out);
  }
  std::unique_ptr<Translator> t;
  Outputs out;
};

Session openai_over_gemini() {
  Session s(Dialect::openai, Dialect::gemini);
  s.out.clear();
  s.t->on_client_open(Clock::time_point{}, s.out);
  s.client(Frame(R"({"type":"session.update","session":{"type":"realtime","instructions":"Be brief."}})"));
  s.upstream(Frame(R"({"setupComplete":{}})"));
  return s;
}

Session gemini_over_openai() {
  Session s(Dialect::gemini, Dialect::openai);
  s.client(Frame(R"({"setup":{"model":"models/m","outputAudioTranscription":{}}})"));
  s.upstream(Frame(R"({"type":"session.updated","event_id":"e1","session":{"type":"realtime"}})"));
  return s;
}

void finish(benchmark::State& state, std::size_t frame_bytes) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(frame_bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// ---- OpenAI client, Gemini core ----
void BM_OpenAiAppend100msToGemini(benchmark::State& state) {
  Session s = openai_over_gemini();
  Frame f(R"({"type":"input_audio_buffer.append","audio":")" + tone_base64(24000, 100) + "\"}");
  for (auto _ : state) {
    s.client(f);
    benchmark::DoNotOptimize(s.out.upstream.size());
  }
  finish(state, f.size());
}
BENCHMARK(BM_OpenAiAppend100msToGemini);

// Payload size in KiB of PCM as the argument (base64 is 4/3 of it).
void BM_GeminiAudioDeltaToOpenAi(benchmark::State& state) {
  Session s = openai_over_gemini();
  std::size_t ms = static_cast<std::size_t>(state.range(0)) * 1024 / 48;
  Frame f(R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":")" +
          tone_base64(24000, static_cast<int>(ms)) + "\"}}]}}}");
  s.upstream(f);  // opens the response; later deltas are steady state
  for (auto _ : state) {
    s.upstream(f);
    benchmark::DoNotOptimize(s.out.client.size());
  }
  finish(state, f.size());
}
BENCHMARK(BM_GeminiAudioDeltaToOpenAi)->Arg(1)->Arg(4)->Arg(16);

void BM_GeminiTranscriptDeltaToOpenAi(benchmark::State& state) {
  Session s = openai_over_gemini();
  Frame audio(R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm;rate=24000","data":"AAAA"}}]}}})");
  s.upstream(audio);
  Frame f(R"({"serverContent":{"outputTranscription":{"text":"and then the weather turned"}}})");
  for (auto _ : state) {
    s.upstream(f);
    benchmark::DoNotOptimize(s.out.client.size());
  }
  finish(state, f.size());
}
BENCHMARK(BM_GeminiTranscriptDeltaToOpenAi);

void BM_OpenAiSessionUpdateToGemini(benchmark::State& state) {
  Session s = openai_over_gemini();
  // After setup: an update the gateway applies itself (same values, another input format).
  Frame f(R"({"type":"session.update","event_id":"e","session":{"type":"realtime","instructions":"Be brief.","audio":{"input":{"format":{"type":"audio/pcm","rate":24000}}}}})");
  for (auto _ : state) {
    s.client(f);
    benchmark::DoNotOptimize(s.out.client.size());
  }
  finish(state, f.size());
}
BENCHMARK(BM_OpenAiSessionUpdateToGemini);

// ---- Gemini client, OpenAI core ----
void BM_GeminiAppend100msToOpenAi(benchmark::State& state) {
  Session s = gemini_over_openai();
  Frame f(R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":")" +
          tone_base64(16000, 100) + "\"}}}");
  for (auto _ : state) {
    s.client(f);
    benchmark::DoNotOptimize(s.out.upstream.size());
  }
  finish(state, f.size());
}
BENCHMARK(BM_GeminiAppend100msToOpenAi);

void BM_GeminiAppend24kToOpenAiNoResample(benchmark::State& state) {
  Session s = gemini_over_openai();
  std::size_t ms = static_cast<std::size_t>(state.range(0)) * 1024 / 48;
  Frame f(R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=24000","data":")" +
          tone_base64(24000, static_cast<int>(ms)) + "\"}}}");
  for (auto _ : state) {
    s.client(f);
    benchmark::DoNotOptimize(s.out.upstream.size());
  }
  finish(state, f.size());
}
BENCHMARK(BM_GeminiAppend24kToOpenAiNoResample)->Arg(1)->Arg(4)->Arg(16);

void BM_OpenAiAudioDeltaToGemini(benchmark::State& state) {
  Session s = gemini_over_openai();
  std::size_t ms = static_cast<std::size_t>(state.range(0)) * 1024 / 48;
  s.upstream(Frame(R"({"type":"response.created","event_id":"e","response":{"object":"realtime.response","id":"resp_1","status":"in_progress","output":[]}})"));
  Frame f(R"({"type":"response.output_audio.delta","event_id":"e6","response_id":"resp_1","item_id":"item_a1","output_index":0,"content_index":0,"delta":")" +
          tone_base64(24000, static_cast<int>(ms)) + "\"}");
  for (auto _ : state) {
    s.upstream(f);
    benchmark::DoNotOptimize(s.out.client.size());
  }
  finish(state, f.size());
}
BENCHMARK(BM_OpenAiAudioDeltaToGemini)->Arg(1)->Arg(4)->Arg(16);

void BM_OpenAiTranscriptDeltaToGemini(benchmark::State& state) {
  Session s = gemini_over_openai();
  Frame f(R"({"type":"response.output_audio_transcript.delta","event_id":"e7","response_id":"resp_1","item_id":"item_a1","output_index":0,"content_index":0,"delta":"and then the weather turned"})");
  for (auto _ : state) {
    s.upstream(f);
    benchmark::DoNotOptimize(s.out.client.size());
  }
  finish(state, f.size());
}
BENCHMARK(BM_OpenAiTranscriptDeltaToGemini);

void BM_GeminiSetupToOpenAi(benchmark::State& state) {
  Frame f(R"({"setup":{"model":"models/gemini-2.0-flash-live-001","generationConfig":{"responseModalities":["AUDIO"],"speechConfig":{"voiceConfig":{"prebuiltVoiceConfig":{"voiceName":"Kore"}}}},"systemInstruction":{"parts":[{"text":"You are terse."}]},"tools":[{"functionDeclarations":[{"name":"get_weather","description":"Weather","parametersJsonSchema":{"type":"object","properties":{"city":{"type":"string"}}}}]}],"inputAudioTranscription":{},"outputAudioTranscription":{}}})");
  for (auto _ : state) {
    // A setup happens once per connection, so this includes creating the translator.
    Session s(Dialect::gemini, Dialect::openai);
    s.client(f);
    benchmark::DoNotOptimize(s.out.upstream.size());
  }
  finish(state, f.size());
}
BENCHMARK(BM_GeminiSetupToOpenAi);

// Same dialect and core: the cost the translator adds to a forwarded frame.
void BM_PassthroughAudioDelta(benchmark::State& state) {
  Session s(Dialect::openai, Dialect::openai);
  Frame f(R"({"type":"response.output_audio.delta","delta":")" + tone_base64(24000, 100) + "\"}");
  for (auto _ : state) {
    s.upstream(f);
    benchmark::DoNotOptimize(s.out.forward_client);
  }
  finish(state, f.size());
}
BENCHMARK(BM_PassthroughAudioDelta);

}  // namespace
