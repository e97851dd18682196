#include "net/http/request_parser.h"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/url/parse.hpp>
#include <iterator>
#include <optional>

#include "net/http/ascii.h"
#include "net/http/beast_feed.h"

namespace sy::net::http {
namespace {

namespace bhttp = boost::beast::http;
namespace urls = boost::urls;

bool has_nul(std::string_view s) {
  return s.find('\0') != std::string_view::npos;
}

// Fills path and query from the raw target. Origin-form is what clients send; absolute-form must
// be accepted by HTTP/1.1 servers too (RFC 9112 3.2.2).
Status parse_target(Request& r) {
  const std::string_view t = r.target;
  for (char c : t) {
    // Beast lets obs-text through; a URL never holds it, nor controls or spaces.
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) {
      return make_error(RequestError::bad_target, "malformed request target");
    }
  }
  const bool origin_form = !t.empty() && t.front() == '/';
  if (!origin_form && !has_scheme_and_authority(t)) {
    return make_error(RequestError::bad_target, "request target must be a path or an absolute URL");
  }
  auto uv = origin_form ? urls::parse_origin_form(t) : urls::parse_absolute_uri(t);
  if (!uv) return make_error(RequestError::bad_target, "malformed request target");
  r.path = uv->path();
  const std::size_t extra = r.path.find_first_not_of('/');
  if (extra == std::string::npos) {
    r.path = "/";
  } else if (extra > 1) {
    r.path.erase(0, extra - 1);
  } else if (extra == 0) {
    r.path.insert(r.path.begin(), '/');  // absolute-form "http://h" or a rootless path
  }
  if (has_nul(r.path)) return make_error(RequestError::bad_target, "NUL in request path");
  if (uv->has_query()) {
    for (auto p : uv->params()) {
      if (p.key.empty() && !p.has_value) continue;  // "?" alone or "a=1&&b=2"
      if (has_nul(p.key) || has_nul(p.value)) {
        return make_error(RequestError::bad_target, "NUL in query parameter");
      }
      r.query.emplace_back(std::move(p.key), std::move(p.value));
    }
  }
  return {};
}

}  // namespace

struct RequestParser::Impl {
  std::optional<bhttp::request_parser<bhttp::string_body>> parser;

  void start(const RequestLimits& limits) {
    parser.emplace();
    parser->header_limit(detail::beast_header_limit(limits.header_bytes));
    parser->body_limit(limits.body_bytes);
    parser->eager(true);  // parse the body in the same call as the header
  }
};

RequestParser::RequestParser(RequestLimits limits)
    : limits_(limits), impl_(std::make_unique<Impl>()) {
  impl_->start(limits_);
}

RequestParser::~RequestParser() = default;
RequestParser::RequestParser(RequestParser&&) noexcept = default;
RequestParser& RequestParser::operator=(RequestParser&&) noexcept = default;

void RequestParser::reset() {
  impl_->start(limits_);
  pending_.clear();
  pending_.shrink_to_fit();
  request_ = Request{};
  state_ = ParseState::need_more;
  started_ = false;
}

ParseProgress RequestParser::fail(Error e) {
  state_ = ParseState::error;
  pending_.clear();
  return ParseProgress{ParseState::error, 0, e, error_status(e)};
}

ParseProgress RequestParser::feed(std::string_view chunk) {
  if (state_ != ParseState::need_more) {
    return ParseProgress{ParseState::error, 0,
                         make_error(RequestError::parser_finished, "request parser not reset"),
                         400};
  }
  started_ = started_ || !chunk.empty();
  const detail::FeedStep step = detail::feed_beast_parser(*impl_->parser, pending_, chunk);
  if (step.ec) {
    if (step.ec == bhttp::error::header_limit) {
      return fail(make_error(RequestError::header_too_large, "request header too large"));
    }
    if (step.ec == bhttp::error::body_limit) {
      return fail(make_error(RequestError::body_too_large, "request body too large"));
    }
    return fail(make_error(RequestError::malformed, "malformed HTTP request"));
  }
  if (!step.done) return ParseProgress{ParseState::need_more, chunk.size(), {}, 0};

  request_.keep_alive = impl_->parser->keep_alive();
  auto msg = impl_->parser->release();
  request_.method = std::string(msg.method_string());
  request_.version = msg.version();
  request_.target = std::string(msg.target());
  request_.headers.reserve(static_cast<std::size_t>(std::distance(msg.begin(), msg.end())));
  for (const auto& field : msg) {
    request_.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  request_.body = std::move(msg.body());
  if (Status s = parse_target(request_); !s) return fail(s.error());
  state_ = ParseState::complete;
  return ParseProgress{ParseState::complete, step.consumed_from_chunk, {}, 0};
}

}  // namespace sy::net::http
