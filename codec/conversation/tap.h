// Reads the conversation off the client's side of a session: the frames the client sends and the
// frames the gateway sends it, both in the client's dialect (whatever the core speaks, and
// whether the session translates or passes frames through). What they change becomes Deltas for
// the Conversation, with the client's own item ids, so a later truncate or delete names the item
// the journal knows. Signals tell the session about turn boundaries (for time-to-first-audio and
// the failover policy).
//
// Audio frames, the bulk of the traffic, are recognised from their first bytes and never parsed
// in full; everything else is decoded with the dialect's own decoders (stateless, views only).
// The decoders are the shard thread's, shared by all its sessions (what they decode is used up
// within the call), so an idle session holds none of their memory.
//
//   Tap tap(Dialect::openai, beta, seed);
//   deltas.clear();
//   tap.client_frame(bytes, capacity, conversation, deltas, signals);
//   for (auto& d : deltas) { journal(d); conversation.apply(d); }   // before forwarding the frame
#pragma once

#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <vector>

#include "codec/conversation/conversation.h"
#include "codec/gemini/decoder.h"
#include "codec/gemini/events.h"
#include "codec/openai/client_decoder.h"
#include "codec/openai/server_decoder.h"
#include "codec/translate/ids.h"

namespace sy::codec::conversation {

struct Signals {
  bool user_turn_ended = false;  // commit, speech stopped, activity end, an input transcript
  bool response_requested = false;  // the client asked for an answer (response.create...)
  bool response_started = false;
  bool first_audio = false;      // the first audio of an answer went to the client
  bool response_done = false;
  bool core_error = false;       // the core reported a failure of its own (not a bad request)
  void clear() { *this = Signals{}; }
};

// The answer the client is being given, as far as the client knows it (a switch of core closes
// it cleanly for the client).
struct InFlight {
  bool active = false;
  std::string response_id;          // OpenAI clients
  std::vector<std::string> open_items;
};

class Tap {
 public:
  Tap(Dialect client, bool openai_beta, std::uint64_t id_seed);

  void client_frame(std::string_view bytes, std::size_t capacity, const Conversation& c,
                    std::vector<Delta>& out, Signals& signals);
  void client_bound_frame(std::string_view bytes, std::size_t capacity, const Conversation& c,
                          std::vector<Delta>& out, Signals& signals);

  [[nodiscard]] const InFlight& in_flight() const { return in_flight_; }
  // Bytes of output audio per millisecond the client receives (from its configuration).
  void set_output_bytes_per_ms(std::uint32_t b) { out_bytes_per_ms_ = b ? b : 48; }

 private:
  // OpenAI dialect
  void openai_client(std::string_view bytes, std::size_t capacity, const Conversation& c,
                     std::vector<Delta>& out, Signals& s);
  void openai_bound(std::string_view bytes, std::size_t capacity, const Conversation& c,
                    std::vector<Delta>& out, Signals& s);
  void openai_item(const events::Item& item, std::optional<std::string_view> previous,
                   const Conversation& c, std::vector<Delta>& out);
  // Gemini dialect
  void gemini_client(std::string_view bytes, std::size_t capacity, std::vector<Delta>& out,
                     Signals& s);
  void gemini_bound(std::string_view bytes, std::size_t capacity, const Conversation& c,
                    std::vector<Delta>& out, Signals& s);
  void gemini_model_output(std::string_view text, std::size_t audio_bytes,
                           std::vector<Delta>& out, Signals& s);
  void gemini_end_turn(bool completed, std::vector<Delta>& out);

  void audio_out(std::string_view item_id, std::size_t base64_len, Signals& s);
  std::string_view new_id();
  std::string_view keep(std::string_view s);

  Dialect dialect_;
  bool openai_beta_;
  translate::IdGenerator ids_;
  std::list<std::string> scratch_;  // ids and texts deltas of one call point at (stable)
  std::uint32_t out_bytes_per_ms_ = 48;  // PCM16 24 kHz

  InFlight in_flight_;
  bool first_audio_seen_ = false;
  // Audio sent per open item, journaled when the item ends.
  std::vector<std::pair<std::string, std::uint64_t>> audio_bytes_;
  // OpenAI: items the client created without an id, waiting for the id the server announces.
  std::vector<std::pair<std::string, events::ItemType>> pending_;
  // Gemini: the current turn's user item (transcribed speech) and model item.
  std::string user_item_;
  std::string model_item_;
};

}  // namespace sy::codec::conversation
