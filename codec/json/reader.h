// Reader: one simdjson on-demand parser, reused for every document of a connection, reading a
// JSON object into a described struct. Views in the result point into the input (or, for strings
// with escapes, into the parser) and stay valid until the next open()/read() on this Reader and
// while the input buffer lives.
//
//   json::Reader reader;
//   MyEvent ev;
//   if (auto st = reader.read<json::OpenAiOptions>(frame, frame_capacity, ev); !st) {
//     st.error().code / .offset / .message; reader.failed_field(); reader.failed_path(buf);
//   }
//
// Inputs must have json::kPadding readable bytes after their end (capacity >= size + kPadding):
// the network receive buffer keeps that slack so frames are parsed in place. Inputs without it are
// copied once into a padded scratch buffer owned by the Reader (reused, so no allocation once warm).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "codec/json/naming.h"
#include "codec/json/read_context.h"
#include "codec/json/read_value.h"

namespace sy::codec::json {

class Reader {
 public:
  // Documents above max_bytes are refused with too_large (an OpenAI event carries at most 15 MiB
  // of audio, which base64 makes 20 MiB).
  explicit Reader(std::size_t max_bytes = std::size_t{24} << 20);

  // Starts a document. `capacity` is how many bytes are readable from json.data().
  [[nodiscard]] Status open(std::string_view json, std::size_t capacity);
  // Starts a document with no padding guarantee (copies it into the scratch buffer).
  [[nodiscard]] Status open(std::string_view json);

  // Reads the whole root object of the open document into `out`; may be called several times on
  // one document (each call rewinds), e.g. an envelope first, then the struct its `type` selects.
  template <class Opts, class T>
  [[nodiscard]] Status read_open(T& out);

  template <class Opts, class T>
  [[nodiscard]] Status read(std::string_view json, std::size_t capacity, T& out) {
    if (auto st = open(json, capacity); !st) return st;
    return read_open<Opts>(out);
  }
  template <class Opts, class T>
  [[nodiscard]] Status read(std::string_view json, T& out) {
    if (auto st = open(json); !st) return st;
    return read_open<Opts>(out);
  }

  // Details of the last failure.
  [[nodiscard]] const ReadContext& context() const { return ctx_; }
  [[nodiscard]] std::string_view failed_field() const { return ctx_.field(); }
  std::string_view failed_path(std::span<char> out) const { return ctx_.format_path(out); }
  // The document being read (its input, for offsets in messages).
  [[nodiscard]] std::string_view input() const { return input_; }

 private:
  Status begin_root(od::object& root);
  Status finish_root();

  od::parser parser_;
  od::document doc_;
  std::string scratch_;
  std::string_view input_;
  ReadContext ctx_;
  bool open_ = false;
};

template <class Opts, class T>
Status Reader::read_open(T& out) {
  od::object root;
  if (auto st = begin_root(root); !st) return st;
  if (auto st = read_fields<Opts>(root, out, ctx_); !st) return st;
  return finish_root();
}

}  // namespace sy::codec::json
