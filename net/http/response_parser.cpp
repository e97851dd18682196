#include "net/http/response_parser.h"

#include <algorithm>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "net/http/ascii.h"
#include "net/http/beast_feed.h"

namespace sy::net::http {
namespace {

namespace bhttp = boost::beast::http;

// Printable ASCII only: provider text may reach a client's error event and our logs.
std::string printable(std::string_view s, std::size_t max) {
  std::string out(s.substr(0, max));
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\t' || c == '\r' || c == '\n') {
      c = ' ';
    } else if (u < 0x20 || u >= 0x7f) {
      c = '?';
    }
  }
  return out;
}

}  // namespace

struct UpgradeResponseParser::Impl {
  bhttp::response_parser<bhttp::string_body> parser;
};

UpgradeResponseParser::UpgradeResponseParser(std::string_view key, std::vector<std::string> offered,
                                             ResponseLimits limits)
    : expected_accept_(websocket_accept_key(key)),
      offered_(std::move(offered)),
      impl_(std::make_unique<Impl>()) {
  impl_->parser.header_limit(detail::beast_header_limit(limits.header_bytes));
  impl_->parser.body_limit(limits.body_bytes);
  impl_->parser.eager(true);
}

UpgradeResponseParser::~UpgradeResponseParser() = default;
UpgradeResponseParser::UpgradeResponseParser(UpgradeResponseParser&&) noexcept = default;
UpgradeResponseParser& UpgradeResponseParser::operator=(UpgradeResponseParser&&) noexcept = default;

UpgradeProgress UpgradeResponseParser::fail(Error e) {
  state_ = UpgradeState::error;
  pending_.clear();
  return UpgradeProgress{UpgradeState::error, 0, e};
}

UpgradeProgress UpgradeResponseParser::feed(std::string_view chunk) {
  if (state_ != UpgradeState::need_more) {
    return UpgradeProgress{
        UpgradeState::error, 0,
        make_error(UpgradeResponseError::parser_finished, "upgrade response already complete")};
  }
  const detail::FeedStep step = detail::feed_beast_parser(impl_->parser, pending_, chunk);
  if (step.ec) {
    // A refusal whose body is over the limit is still a refusal: its status is what matters.
    if (step.ec == bhttp::error::body_limit && impl_->parser.is_header_done()) {
      return complete(0, true);
    }
    if (step.ec == bhttp::error::header_limit) {
      return fail(
          make_error(UpgradeResponseError::header_too_large, "upgrade response header too large"));
    }
    if (step.ec == bhttp::error::body_limit) {
      return fail(make_error(UpgradeResponseError::body_too_large, "upgrade response too large"));
    }
    return fail(make_error(UpgradeResponseError::malformed, "malformed HTTP response"));
  }
  if (!step.done) return UpgradeProgress{UpgradeState::need_more, chunk.size(), {}};
  return complete(step.consumed_from_chunk, false);
}

UpgradeProgress UpgradeResponseParser::finish() {
  if (state_ != UpgradeState::need_more) {
    return UpgradeProgress{
        UpgradeState::error, 0,
        make_error(UpgradeResponseError::parser_finished, "upgrade response already complete")};
  }
  if (!impl_->parser.is_header_done()) {
    return fail(make_error(UpgradeResponseError::truncated,
                           "connection closed before the upgrade response"));
  }
  boost::beast::error_code ec;
  impl_->parser.put_eof(ec);
  // A body cut short by the close still tells why the server refused.
  return complete(0, static_cast<bool>(ec));
}

UpgradeProgress UpgradeResponseParser::complete(std::size_t consumed, bool body_cut_short) {
  pending_.clear();
  const auto& msg = impl_->parser.get();
  headers_.clear();
  for (const auto& field : msg) {
    headers_.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  auto header = [&](std::string_view name) -> std::optional<std::string_view> {
    for (const auto& [n, v] : headers_) {
      if (iequals(n, name)) return std::string_view(v);
    }
    return std::nullopt;
  };
  auto any_has_token = [&](std::string_view name, std::string_view token) {
    return std::any_of(headers_.begin(), headers_.end(), [&](const auto& h) {
      return iequals(h.first, name) && list_has_token(h.second, token);
    });
  };

  if (msg.result_int() != 101) {
    state_ = UpgradeState::refused;
    refusal_.status = static_cast<int>(msg.result_int());
    refusal_.reason = printable(msg.reason(), 128);
    refusal_.content_type = printable(header("Content-Type").value_or(""), 128);
    refusal_.body_excerpt = printable(msg.body(), kRefusalExcerptBytes);
    refusal_.body_truncated = body_cut_short || msg.body().size() > kRefusalExcerptBytes;
    return UpgradeProgress{UpgradeState::refused, 0, {}};
  }

  if (!any_has_token("Upgrade", "websocket")) {
    return fail(make_error(UpgradeResponseError::not_websocket_upgrade,
                           "101 response without Upgrade: websocket"));
  }
  if (!any_has_token("Connection", "upgrade")) {
    return fail(make_error(UpgradeResponseError::connection_not_upgrade,
                           "101 response without Connection: upgrade"));
  }
  const auto accept = header("Sec-WebSocket-Accept");
  if (!accept || trim_ows(*accept) != as_view(expected_accept_)) {
    return fail(make_error(UpgradeResponseError::bad_accept,
                           "Sec-WebSocket-Accept does not match the key sent"));
  }
  bool extension = false;
  for (const auto& [n, v] : headers_) {
    if (iequals(n, "Sec-WebSocket-Extensions")) {
      for_each_list_item(v, [&](std::string_view) { return !(extension = true); });
    }
  }
  if (extension) {
    return fail(make_error(UpgradeResponseError::unexpected_extension,
                           "server enabled a WebSocket extension that was not offered"));
  }
  if (const auto chosen = header("Sec-WebSocket-Protocol")) {
    const std::string_view p = trim_ows(*chosen);
    const bool offered = std::find(offered_.begin(), offered_.end(), p) != offered_.end();
    std::size_t count = 0;
    for (const auto& h : headers_) count += iequals(h.first, "Sec-WebSocket-Protocol") ? 1 : 0;
    if (!offered || count != 1) {
      return fail(make_error(UpgradeResponseError::unexpected_subprotocol,
                             "server chose a subprotocol that was not offered"));
    }
    subprotocol_ = std::string(p);
  }
  state_ = UpgradeState::upgraded;
  return UpgradeProgress{UpgradeState::upgraded, consumed, {}};
}

}  // namespace sy::net::http
