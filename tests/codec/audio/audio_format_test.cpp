#include "codec/audio/audio_format.h"

#include <gtest/gtest.h>

#include "codec/audio/audio_error.h"

namespace sy::codec::audio {
namespace {

void expect_mime_error(std::string_view mime, AudioErrc code, std::uint32_t offset) {
  auto r = parse_mime_audio_format(mime);
  ASSERT_FALSE(r.ok()) << mime;
  EXPECT_TRUE(r.error().is(code)) << mime;
  EXPECT_EQ(r.error().offset, offset) << mime;
}

TEST(AudioFormat, ParsesGeminiMimeTypes) {
  EXPECT_EQ(*parse_mime_audio_format("audio/pcm;rate=16000"), kGeminiInput);
  EXPECT_EQ(*parse_mime_audio_format("audio/pcm;rate=24000"), kGeminiOutput);
  EXPECT_EQ(parse_mime_audio_format("audio/pcm;rate=8000")->rate, 8000);
  EXPECT_EQ(*parse_mime_audio_format("Audio/PCM ; RATE = 24000 "), kGeminiOutput);
  EXPECT_EQ(*parse_mime_audio_format("audio/pcm;channels=1;rate=24000"), kGeminiOutput);
  EXPECT_EQ(*parse_mime_audio_format("audio/pcm"), kGeminiInput);  // default rate
  EXPECT_EQ(*parse_mime_audio_format("audio/pcm", 24000), kGeminiOutput);
  EXPECT_EQ(*parse_mime_audio_format("audio/pcmu"), kOpenAiUlaw);
  EXPECT_EQ(*parse_mime_audio_format("audio/pcma;rate=8000"), kOpenAiAlaw);
}

TEST(AudioFormat, RefusesBadMimeTypes) {
  expect_mime_error("audio/wav", AudioErrc::kUnsupportedFormat, 0);
  expect_mime_error("  audio/opus;rate=48000", AudioErrc::kUnsupportedFormat, 2);
  expect_mime_error("", AudioErrc::kUnsupportedFormat, 0);
  expect_mime_error("audio/pcm;rate=", AudioErrc::kBadRate, 15);
  expect_mime_error("audio/pcm;rate=16k", AudioErrc::kBadRate, 15);
  expect_mime_error("audio/pcm;rate=-16000", AudioErrc::kBadRate, 15);
  expect_mime_error("audio/pcm;rate=99999999999999", AudioErrc::kBadRate, 15);
  expect_mime_error("audio/pcm;rate=44000", AudioErrc::kBadRate, 15);
  EXPECT_EQ(parse_mime_audio_format("audio/pcm;rate=44100")->rate, 44100);
  expect_mime_error("audio/pcm;rate", AudioErrc::kBadRate, 10);
  expect_mime_error("audio/pcmu;rate=16000", AudioErrc::kBadRate, 16);
}

TEST(AudioFormat, ParsesOpenAiBetaNames) {
  EXPECT_EQ(*parse_openai_format_name("pcm16"), kOpenAiPcm16);
  EXPECT_EQ(*parse_openai_format_name("g711_ulaw"), kOpenAiUlaw);
  EXPECT_EQ(*parse_openai_format_name("g711_alaw"), kOpenAiAlaw);
  auto bad = parse_openai_format_name("PCM16");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().is(AudioErrc::kUnsupportedFormat));
}

TEST(AudioFormat, ParsesOpenAiGaFormats) {
  EXPECT_EQ(*parse_openai_ga_format("audio/pcm", 24000), kOpenAiPcm16);
  EXPECT_EQ(*parse_openai_ga_format("audio/pcm", std::nullopt), kOpenAiPcm16);
  EXPECT_EQ(*parse_openai_ga_format("audio/pcmu", std::nullopt), kOpenAiUlaw);
  EXPECT_EQ(*parse_openai_ga_format("audio/pcma", 8000), kOpenAiAlaw);
  EXPECT_TRUE(parse_openai_ga_format("audio/pcm", 22000).error().is(AudioErrc::kBadRate));
  EXPECT_TRUE(parse_openai_ga_format("audio/pcmu", 24000).error().is(AudioErrc::kBadRate));
  EXPECT_TRUE(
      parse_openai_ga_format("pcm16", std::nullopt).error().is(AudioErrc::kUnsupportedFormat));
}

TEST(AudioFormat, NamesRoundTrip) {
  char buf[kMimeBufferSize];
  for (AudioFormat f : {kGeminiInput, kGeminiOutput, AudioFormat{AudioEncoding::kPcm16, 48000},
                        kOpenAiUlaw, kOpenAiAlaw}) {
    const std::string_view mime = format_mime(f, buf);
    EXPECT_EQ(*parse_mime_audio_format(mime), f) << mime;
    EXPECT_EQ(*parse_openai_ga_format(openai_ga_format_type(f), f.rate), f);
  }
  EXPECT_EQ(format_mime(kGeminiOutput, buf), "audio/pcm;rate=24000");
  EXPECT_EQ(openai_format_name(kOpenAiUlaw), "g711_ulaw");
  EXPECT_EQ(openai_format_name(kOpenAiAlaw), "g711_alaw");
  EXPECT_EQ(openai_format_name(kOpenAiPcm16), "pcm16");
  EXPECT_EQ(kOpenAiPcm16.bytes_per_sample(), 2u);
  EXPECT_EQ(kOpenAiUlaw.bytes_per_sample(), 1u);
}

}  // namespace
}  // namespace sy::codec::audio
