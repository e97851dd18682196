#include "codec/translate/translator.h"

#include "codec/translate/gemini_over_openai.h"
#include "codec/translate/openai_over_gemini.h"
#include "codec/translate/passthrough.h"
#include "codec/translate/thread_codecs.h"

namespace sy::codec::translate {

std::unique_ptr<Translator> make_translator(Dialect client, Dialect core,
                                            const TranslatorOptions& options) {
  if (client == core) {
    if (client == Dialect::openai) return std::make_unique<OpenAiPassthrough>(options);
    return std::make_unique<GeminiPassthrough>(options);
  }
  if (client == Dialect::openai) return std::make_unique<OpenAiOverGemini>(options);
  return std::make_unique<GeminiOverOpenAi>(options);
}

ThreadCodecs& thread_codecs() {
  thread_local ThreadCodecs codecs;
  return codecs;
}

std::string close_reason(std::string_view text) {
  constexpr std::size_t kMax = 123;
  if (text.size() <= kMax) return std::string(text);
  std::size_t n = kMax;
  // Back off continuation bytes (10xxxxxx) so a multi-byte sequence is not split.
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return std::string(text.substr(0, n));
}

}  // namespace sy::codec::translate
