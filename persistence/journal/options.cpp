#include "persistence/journal/options.h"

#include <cctype>
#include <charconv>
#include <string>

namespace sy::persist::journal {
namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

const char* to_string(SyncPolicy policy) noexcept {
  switch (policy) {
    case SyncPolicy::none: return "none";
    case SyncPolicy::interval: return "interval";
    case SyncPolicy::always: return "always";
  }
  return "unknown";
}

Result<SyncPolicy> parse_sync_policy(std::string_view text) noexcept {
  if (iequals(text, "none")) return SyncPolicy::none;
  if (iequals(text, "interval")) return SyncPolicy::interval;
  if (iequals(text, "always")) return SyncPolicy::always;
  return make_error(OptionError::bad_sync_policy, "JOURNAL_SYNC must be none, interval or always");
}

Result<std::uint64_t> parse_byte_size(std::string_view text) noexcept {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr == text.data()) {
    return make_error(OptionError::bad_number, "expected a byte count such as 64MiB");
  }
  std::string_view unit(ptr, static_cast<std::size_t>(end - ptr));
  int shift = 0;
  if (!unit.empty()) {
    switch (std::tolower(static_cast<unsigned char>(unit[0]))) {
      case 'k': shift = 10; break;
      case 'm': shift = 20; break;
      case 'g': shift = 30; break;
      case 't': shift = 40; break;
      case 'b': break;
      default: return make_error(OptionError::bad_number, "unknown size unit");
    }
    if (shift != 0) unit.remove_prefix(1);
    if (!(unit.empty() || iequals(unit, "b") || iequals(unit, "ib"))) {
      return make_error(OptionError::bad_number, "unknown size unit");
    }
  }
  if (shift != 0 && value > (UINT64_MAX >> shift)) {
    return make_error(OptionError::out_of_range, "byte count too large");
  }
  return value << shift;
}

Status validate(const JournalOptions& o) noexcept {
  if (o.segment_bytes < kMinSegmentBytes || o.segment_bytes > kMaxSegmentBytes ||
      o.segment_bytes % kAlignment != 0) {
    return make_error(OptionError::out_of_range,
                      "JOURNAL_SEGMENT_BYTES must be a multiple of 8 in [4KiB, 2GiB]");
  }
  if (o.max_bytes != 0 && o.max_bytes < 2 * o.segment_bytes) {
    return make_error(OptionError::out_of_range,
                      "JOURNAL_MAX_BYTES must be 0 or at least two segments");
  }
  if (o.sync == SyncPolicy::interval && o.sync_interval_ms == 0) {
    return make_error(OptionError::out_of_range, "JOURNAL_SYNC_INTERVAL_MS must be positive");
  }
  return {};
}

Result<JournalOptions> options_from_env(const std::function<const char*(const char*)>& lookup,
                                        JournalOptions o) {
  if (const char* v = lookup("JOURNAL_SYNC")) {
    auto p = parse_sync_policy(v);
    if (!p) return p.error();
    o.sync = *p;
  }
  if (const char* v = lookup("JOURNAL_SYNC_INTERVAL_MS")) {
    auto n = parse_byte_size(v);  // a plain number; units would be rejected below
    if (!n || *n > UINT32_MAX || std::string_view(v).find_first_not_of("0123456789") !=
                                     std::string_view::npos) {
      return make_error(OptionError::bad_number, "JOURNAL_SYNC_INTERVAL_MS must be an integer");
    }
    o.sync_interval_ms = static_cast<std::uint32_t>(*n);
  }
  if (const char* v = lookup("JOURNAL_SEGMENT_BYTES")) {
    auto n = parse_byte_size(v);
    if (!n) return n.error();
    o.segment_bytes = *n;
  }
  if (const char* v = lookup("JOURNAL_MAX_BYTES")) {
    auto n = parse_byte_size(v);
    if (!n) return n.error();
    o.max_bytes = *n;
  }
  if (Status s = validate(o); !s) return s.error();
  return o;
}

}  // namespace sy::persist::journal
