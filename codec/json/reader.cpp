#include "codec/json/reader.h"

#include <cstring>

namespace sy::codec::json {

Reader::Reader(std::size_t max_bytes) : parser_(max_bytes) {}

Status Reader::open(std::string_view json, std::size_t capacity) {
  open_ = false;
  input_ = json;
  ctx_.reset(json.data());
  if (json.empty()) return ctx_.fail(JsonErrc::empty, "empty JSON document");
  if (json.size() > parser_.max_capacity()) {
    return ctx_.fail(JsonErrc::too_large, "JSON document too large");
  }
  if (capacity < json.size() + kPadding) return open(json);
  if (auto e = parser_.iterate(json.data(), json.size(), capacity).get(doc_)) return ctx_.fail(e);
  open_ = true;
  return {};
}

Status Reader::open(std::string_view json) {
  open_ = false;
  ctx_.reset(json.data());
  if (json.empty()) return ctx_.fail(JsonErrc::empty, "empty JSON document");
  if (json.size() > parser_.max_capacity()) {
    return ctx_.fail(JsonErrc::too_large, "JSON document too large");
  }
  // resize() only grows the capacity; once warm this is a memcpy.
  scratch_.resize(json.size() + kPadding);
  if (!json.empty()) std::memcpy(scratch_.data(), json.data(), json.size());
  std::memset(scratch_.data() + json.size(), 0, kPadding);
  input_ = std::string_view(scratch_.data(), json.size());
  ctx_.reset(input_.data());
  if (auto e = parser_.iterate(input_.data(), input_.size(), scratch_.size()).get(doc_)) {
    return ctx_.fail(e);
  }
  open_ = true;
  return {};
}

Status Reader::begin_root(od::object& root) {
  if (!open_) return ctx_.fail(JsonErrc::empty, "no JSON document open");
  ctx_.reset(input_.data());
  doc_.rewind();
  if (auto e = doc_.get_object().get(root)) {
    return e == simdjson::INCORRECT_TYPE ? ctx_.fail(JsonErrc::not_object, "expected a JSON object")
                                         : ctx_.fail(e);
  }
  return {};
}

Status Reader::finish_root() {
  // At the end of the document simdjson reports OUT_OF_BOUNDS; a location means more tokens.
  const char* where = nullptr;
  auto e = doc_.current_location().get(where);
  if (e == simdjson::OUT_OF_BOUNDS) return {};
  if (e) return ctx_.fail(e);
  ctx_.at = where;
  return ctx_.fail(JsonErrc::trailing_content, "content after the JSON value");
}

}  // namespace sy::codec::json
