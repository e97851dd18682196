// Internal to net/http: feeds chunks to a Beast parser, which only consumes a header once it has
// all of it. Unconsumed bytes are carried in `pending` until the next chunk, so callers can hand
// over each chunk once and learn how much of the *last* chunk belonged to the message.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sy::net::http::detail {

// Beast stores field offsets in 16 bits and throws for a field longer than that; a header limit
// below 64 KiB keeps every field shorter, so parsing untrusted bytes never throws.
[[nodiscard]] constexpr std::uint32_t beast_header_limit(std::size_t requested) noexcept {
  return requested < 65535 ? static_cast<std::uint32_t>(requested) : 65535u;
}

struct FeedStep {
  boost::beast::error_code ec;  // set on a parse error (never need_more)
  bool done = false;
  std::size_t consumed_from_chunk =
      0;  // when done: bytes of the chunk that were part of the message
};

template <class Parser>
FeedStep feed_beast_parser(Parser& parser, std::string& pending, std::string_view chunk) {
  namespace bhttp = boost::beast::http;
  FeedStep step;
  const std::size_t carried = pending.size();
  std::string_view input = chunk;
  if (carried != 0) {
    pending.append(chunk);
    input = pending;
  }
  std::size_t used = 0;
  while (!parser.is_done()) {
    // Beast 1.81 asserts (basic_parser.ipp, parse_chunk_header: `n >= 5`) when a chunked body's
    // last chunk "0\r\n" was seen and the next call brings a single byte. No chunked body can end
    // in fewer than 5 unconsumed bytes ("0\r\n\r\n"), so waiting for them changes nothing else.
    if (parser.is_header_done() && parser.chunked() && input.size() - used < 5) break;
    boost::beast::error_code ec;
    const std::size_t n =
        parser.put(boost::asio::const_buffer(input.data() + used, input.size() - used), ec);
    used += n;
    if (ec == bhttp::error::need_more) break;
    if (ec) {
      step.ec = ec;
      pending.clear();
      return step;
    }
    if (n == 0 && !parser.is_done()) break;
  }
  if (parser.is_done()) {
    step.done = true;
    // The message cannot end inside the carried bytes: they were not enough on the last call, and
    // Beast needs no lookahead past a message's end. The guard only keeps the arithmetic safe.
    step.consumed_from_chunk = used > carried ? used - carried : 0;
    pending.clear();
    return step;
  }
  if (carried != 0) {
    pending.erase(0, used);
  } else {
    pending.assign(chunk.substr(used));
  }
  return step;
}

}  // namespace sy::net::http::detail
