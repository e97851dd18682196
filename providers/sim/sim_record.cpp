#include "providers/sim/sim_record.h"

#include <algorithm>

#include "codec/json/writer.h"

namespace sy::providers::sim {

void SimRecord::count(std::string_view name) {
  auto it = received.find(name);
  if (it == received.end()) {
    received.emplace(std::string(name), 1);
  } else {
    ++it->second;
  }
}

void SimRecord::audio(std::uint64_t bytes, std::uint32_t rate, std::uint32_t bytes_per_sample,
                      std::string_view format) {
  ++audio_messages;
  audio_bytes += bytes;
  if (rate > 0 && bytes_per_sample > 0) {
    audio_ms += static_cast<double>(bytes) / bytes_per_sample * 1000.0 / rate;
  }
  min_chunk_bytes = audio_messages == 1 ? bytes : std::min(min_chunk_bytes, bytes);
  max_chunk_bytes = std::max(max_chunk_bytes, bytes);
  if (std::find(audio_rates.begin(), audio_rates.end(), rate) == audio_rates.end()) {
    audio_rates.push_back(rate);
  }
  if (std::find(audio_formats.begin(), audio_formats.end(), format) == audio_formats.end()) {
    audio_formats.emplace_back(format);
  }
}

void write_record(const SimRecord& r, codec::json::Writer& w) {
  w.begin_object();
  w.key("id");
  w.unsigned_integer(r.id);
  w.key("face");
  w.string(r.face);
  w.key("path");
  w.string(r.path);
  w.key("model");
  w.string(r.model);
  w.key("open");
  w.boolean(r.open);
  w.key("close_code");
  w.unsigned_integer(r.close_code);
  w.key("received");
  w.begin_object();
  for (const auto& [name, n] : r.received) {
    w.escaped_key(name);
    w.unsigned_integer(n);
  }
  w.end_object();
  w.key("sent");
  w.unsigned_integer(r.sent);
  w.key("invalid");
  w.unsigned_integer(r.invalid);
  w.key("setups");
  w.unsigned_integer(r.setups);
  w.key("last_config");
  w.string(r.last_config);
  w.key("audio");
  w.begin_object();
  w.key("messages");
  w.unsigned_integer(r.audio_messages);
  w.key("bytes");
  w.unsigned_integer(r.audio_bytes);
  w.key("ms");
  w.number(r.audio_ms);
  w.key("min_chunk_bytes");
  w.unsigned_integer(r.min_chunk_bytes);
  w.key("max_chunk_bytes");
  w.unsigned_integer(r.max_chunk_bytes);
  w.key("rates");
  w.begin_array();
  for (auto rate : r.audio_rates) w.unsigned_integer(rate);
  w.end_array();
  w.key("formats");
  w.begin_array();
  for (const auto& f : r.audio_formats) w.string(f);
  w.end_array();
  w.end_object();
  w.key("texts");
  w.begin_array();
  for (const auto& t : r.texts) w.string(t);
  w.end_array();
  w.key("items");
  w.begin_array();
  for (const auto& it : r.items) {
    w.begin_object();
    w.key("type");
    w.string(it.type);
    if (!it.role.empty()) {
      w.key("role");
      w.string(it.role);
    }
    w.key("text");
    w.string(it.text);
    if (!it.call_id.empty()) {
      w.key("call_id");
      w.string(it.call_id);
    }
    if (!it.name.empty()) {
      w.key("name");
      w.string(it.name);
    }
    w.end_object();
  }
  w.end_array();
  w.key("resumption_handle");
  w.string(r.resumption_handle);
  w.key("responses");
  w.unsigned_integer(r.responses);
  w.key("cancelled");
  w.unsigned_integer(r.cancelled);
  w.end_object();
}

}  // namespace sy::providers::sim
