// Decode + encode per OpenAI event kind, the path a frame takes when the gateway must look inside
// it (no resampling): 100 ms audio append client → core, audio delta core → beta client,
// transcript delta, session.update. Reported as ns/event and bytes/s of the input frame.
#include <benchmark/benchmark.h>

#include <string>

#include "codec/openai/client_decoder.h"
#include "codec/openai/client_encoder.h"
#include "codec/openai/server_decoder.h"
#include "codec/openai/server_encoder.h"

namespace {

using namespace sy::codec;

std::string base64_audio(std::size_t pcm_bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s(pcm_bytes / 3 * 4, 'A');
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = kAlphabet[(i * 7919) % 64];
  return s;
}

// A frame with the padding the receive buffer provides.
std::string padded(std::string s) {
  std::size_t n = s.size();
  s.resize(n + json::kPadding);
  s.resize(n);
  return s;
}

template <class Decoder, class Encoder>
void run(benchmark::State& state, const std::string& frame, Decoder& dec, Encoder& enc) {
  json::Writer w(frame.size() + 256);
  for (auto _ : state) {
    auto ev = dec.decode(frame, frame.capacity());
    if (!ev.ok()) {
      state.SkipWithError("decode failed");
      return;
    }
    w.clear();
    enc.encode(*ev, w);
    benchmark::DoNotOptimize(w.view().data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * frame.size()));
  state.counters["frame_bytes"] = static_cast<double>(frame.size());
}

// 100 ms of 24 kHz PCM16 = 4800 bytes = 6400 base64 characters.
void BM_ClientAppend100ms_ToCore(benchmark::State& state) {
  std::string frame = padded(R"({"type":"input_audio_buffer.append","event_id":"event_456","audio":")" +
                             base64_audio(static_cast<std::size_t>(state.range(0))) + "\"}");
  openai::ClientDecoder dec;
  openai::ClientEncoder enc;
  run(state, frame, dec, enc);
}
BENCHMARK(BM_ClientAppend100ms_ToCore)->Arg(4800)->Arg(48000);

void BM_CoreAudioDelta_ToBetaClient(benchmark::State& state) {
  std::string frame = padded(
      R"({"type":"response.output_audio.delta","event_id":"event_4950","response_id":"resp_001","item_id":"msg_008","output_index":0,"content_index":0,"delta":")" +
      base64_audio(static_cast<std::size_t>(state.range(0))) + "\"}");
  openai::ServerDecoder dec;
  openai::ServerEncoder enc(openai::Shape::beta);
  run(state, frame, dec, enc);
}
BENCHMARK(BM_CoreAudioDelta_ToBetaClient)->Arg(4800)->Arg(48000);

void BM_CoreTranscriptDelta_ToClient(benchmark::State& state) {
  std::string frame = padded(
      R"({"type":"response.output_audio_transcript.delta","event_id":"event_4546","response_id":"resp_001","item_id":"msg_008","output_index":0,"content_index":0,"delta":"Hello, how can I a"})");
  openai::ServerDecoder dec;
  openai::ServerEncoder enc(openai::Shape::ga);
  run(state, frame, dec, enc);
}
BENCHMARK(BM_CoreTranscriptDelta_ToClient);

void BM_ClientSessionUpdate_ToCore(benchmark::State& state) {
  std::string frame = padded(R"({"type":"session.update","session":{"type":"realtime",
    "instructions":"You are a creative assistant that helps with design tasks.",
    "output_modalities":["audio"],
    "audio":{"input":{"format":{"type":"audio/pcm","rate":24000},"turn_detection":{"type":"server_vad","threshold":0.5,"prefix_padding_ms":300,"silence_duration_ms":500}},
             "output":{"format":{"type":"audio/pcm","rate":24000},"voice":"marin"}},
    "tools":[{"type":"function","name":"display_color_palette","description":"Call this function when a user asks for a color palette.",
      "parameters":{"type":"object","properties":{"theme":{"type":"string"},"colors":{"type":"array","items":{"type":"string"}}},"required":["theme","colors"]}}],
    "tool_choice":"auto"}})");
  openai::ClientDecoder dec;
  openai::ClientEncoder enc;
  run(state, frame, dec, enc);
}
BENCHMARK(BM_ClientSessionUpdate_ToCore);

}  // namespace
