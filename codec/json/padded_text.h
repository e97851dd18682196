// Text with the reader's padding after it, the way a receive buffer holds a frame: the readers
// parse in place and may look up to kPadding bytes past the end. For tests, benchmarks and tools
// that feed readers and translators from strings of their own.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "codec/json/read_context.h"

namespace sy::codec::json {

class PaddedText {
 public:
  explicit PaddedText(std::string_view text) : size_(text.size()) {
    buf_.reserve(text.size() + kPadding);
    buf_.append(text);
    buf_.resize(text.size() + kPadding, '\0');
  }
  [[nodiscard]] std::string_view view() const { return {buf_.data(), size_}; }
  [[nodiscard]] std::size_t size() const { return size_; }
  // Readable bytes from view().data(): the text and its padding.
  [[nodiscard]] std::size_t capacity() const { return buf_.size(); }
  [[nodiscard]] char* data() { return buf_.data(); }

 private:
  std::size_t size_;
  std::string buf_;
};

}  // namespace sy::codec::json
