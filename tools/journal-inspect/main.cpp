// journal-inspect: prints a journal directory's (or one segment file's) segments, records and
// per-session-key summaries, every damaged range the reader skipped, and the sessions its
// checkpoint records hold (who, dialect and core, items, usage, when last active).
// Exit status: 0 readable and undamaged, 1 damage was found (and reported), 2 bad input.
#include <sys/stat.h>

#include <boost/program_options.hpp>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/base/log.h"
#include "persistence/checkpoint/checkpoint_log.h"
#include "persistence/checkpoint/records.h"
#include "persistence/journal/journal_reader.h"
#include "persistence/journal/memory_store.h"
#include "persistence/journal/mmap_store.h"
#include "persistence/journal/summary.h"

namespace po = boost::program_options;
using namespace sy::persist::journal;

namespace {

struct Settings {
  bool records = true;
  bool summary = true;
  std::optional<std::uint64_t> key;
  std::size_t payload_bytes = 0;  // hex bytes of each payload to show
  std::size_t text_bytes = 160;   // characters of a checkpoint record's JSON to show
};

namespace cp = sy::persist::checkpoint;

std::string iso_time(std::int64_t unix_ms) {
  std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The sessions the checkpoint records describe, as recovery would rebuild them.
void print_sessions(SegmentStore& store, const Settings& s) {
  std::vector<cp::RecoveredSession> sessions;
  auto stats = cp::CheckpointLog::recover(store, sessions);
  if (!stats || (sessions.empty() && stats->ended == 0)) return;
  std::printf("\n%18s %-10s %-24s %-7s %-7s %6s %8s %-20s\n", "session key", "account",
              "session id", "dialect", "core", "items", "tokens", "last active");
  for (const auto& r : sessions) {
    if (s.key && *s.key != r.key) continue;
    const auto& c = r.conversation;
    const auto& id = c.identity();
    std::printf("0x%016" PRIx64 " %-10s %-24s %-7s %-7s %6zu %8" PRIu64 " %-20s%s\n", r.key,
                id.account.c_str(), id.session_id.c_str(),
                id.dialect == sy::codec::translate::Dialect::openai ? "openai" : "gemini",
                id.core.empty() ? "-" : id.core.c_str(), c.items().size(), c.usage().total_tokens,
                iso_time(r.last_unix_ms).c_str(), c.upstream_handle().empty() ? "" : "  (core handle)");
  }
  std::printf("%" PRIu64 " resumable session(s), %" PRIu64 " ended; %" PRIu64
              " record(s) decoded, %" PRIu64 " superseded by a later snapshot, %" PRIu64
              " unreadable\n",
              stats->sessions, stats->ended, stats->records_decoded, stats->records_skipped,
              stats->bad_records);
}

class Printer final : public ScanVisitor {
 public:
  explicit Printer(const Settings& s) : s_(s) {}
  void on_record(const RecordView& r) override {
    if (s_.key && *s_.key != r.session_key) return;
    summaries_.on_record(r);
    if (!s_.records) return;
    std::printf("%16" PRIx64 " %10" PRIu64 " %5u 0x%016" PRIx64 " %12" PRIu64 " %8zu", r.segment,
                r.offset, r.type, r.session_key, r.sequence, r.payload.size());
    if (cp::is_checkpoint_type(r.type) && s_.payload_bytes == 0) {
      // Checkpoint payloads are JSON: shown as text, control bytes escaped.
      std::string_view text(reinterpret_cast<const char*>(r.payload.data()), r.payload.size());
      std::string shown_text;
      for (char ch : text.substr(0, s_.text_bytes))
        shown_text += static_cast<unsigned char>(ch) < 0x20 ? '.' : ch;
      std::printf("  %-8s %s%s\n", std::string(cp::type_name(r.type)).c_str(), shown_text.c_str(),
                  text.size() > s_.text_bytes ? "…" : "");
      return;
    }
    const std::size_t shown = std::min(s_.payload_bytes, r.payload.size());
    if (shown > 0) std::printf("  ");
    for (std::size_t i = 0; i < shown; ++i) {
      std::printf("%02x", static_cast<unsigned>(r.payload[i]));
    }
    std::printf("%s\n", shown < r.payload.size() && shown > 0 ? "…" : "");
  }
  void on_drop(const DropReport& d) override {
    std::printf("DROPPED segment %" PRIx64 " offset %" PRIu64 " bytes %" PRIu64 ": %s\n",
                d.segment, d.offset, d.bytes, to_string(d.reason));
  }
  KeySummaryCollector& summaries() { return summaries_; }

 private:
  const Settings& s_;
  KeySummaryCollector summaries_;
};

void print_segments(SegmentStore& store, const std::vector<std::uint64_t>& indices) {
  std::printf("%16s %12s %12s %12s  %s\n", "segment", "file bytes", "first seq", "prev end",
              "header");
  for (std::uint64_t index : indices) {
    auto file = store.open(index, false);
    if (!file) {
      std::printf("%16" PRIx64 " %12s %12s %12s  unreadable (%s)\n", index, "-", "-", "-",
                  file.error().message);
      continue;
    }
    SegmentHeader h{};
    const bool ok = parse_segment_header((*file)->bytes(), h) && h.segment_index == index;
    if (ok) {
      std::printf("%16" PRIx64 " %12zu %12" PRIu64 " %12" PRIu64 "  ok\n", index,
                  (*file)->bytes().size(), h.first_sequence, h.prev_segment_end);
    } else {
      std::printf("%16" PRIx64 " %12zu %12s %12s  INVALID\n", index, (*file)->bytes().size(), "-",
                  "-");
    }
  }
}

int inspect(SegmentStore& store, const Settings& s, const std::string& what) {
  auto listed = store.list();
  if (!listed) {
    std::fprintf(stderr, "journal-inspect: cannot list %s: %s\n", what.c_str(),
                 listed.error().message);
    return 2;
  }
  if (listed->empty()) {
    std::fprintf(stderr,
                 "journal-inspect: %s holds no journal segments (files named <16 hex digits>%s)\n",
                 what.c_str(), kSegmentSuffix);
    return 2;
  }
  print_segments(store, *listed);
  if (s.records) {
    std::printf("\n%16s %10s %5s %18s %12s %8s\n", "segment", "offset", "type", "session key",
                "sequence", "length");
  }
  Printer printer(s);
  auto read = read_journal(store, printer);
  if (!read) {
    std::fprintf(stderr, "journal-inspect: cannot read %s: %s\n", what.c_str(),
                 read.error().message);
    return 2;
  }
  const ReadStats& st = read->stats;
  std::printf("\n%" PRIu64 " segments, %" PRIu64 " records (%" PRIu64 " bytes), last sequence %" PRIu64
              ", %" PRIu64 " bytes dropped in %" PRIu64 " ranges, torn tail %" PRIu64 " bytes\n",
              st.segments, st.records, st.record_bytes, read->last_sequence, st.dropped_bytes,
              st.drop_events, st.torn_bytes);
  if (s.summary) {
    const auto keys = printer.summaries().take_sorted();
    std::printf("\n%18s %10s %12s %12s %12s %9s\n", "session key", "records", "payload", "first seq",
                "last seq", "last type");
    for (const KeySummary& k : keys) {
      std::printf("0x%016" PRIx64 " %10" PRIu64 " %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %9u\n",
                  k.session_key, k.records, k.payload_bytes, k.first_sequence, k.last_sequence,
                  k.last_type);
    }
    print_sessions(store, s);
  }
  return st.drop_events == 0 ? 0 : 1;
}

// A single segment file: read into memory and checked before scanning, so that a file that is not
// a segment at all gets a precise message instead of one "bad segment header" drop.
int inspect_file(const std::string& path, const Settings& s) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "journal-inspect: cannot read %s: %s\n", path.c_str(),
                 std::strerror(errno));
    return 2;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  MemorySegmentStore::Image image(bytes.size());
  std::memcpy(image.data(), bytes.data(), bytes.size());
  if (image.size() < kSegmentHeaderSize) {
    std::fprintf(stderr, "journal-inspect: %s is %zu bytes, shorter than a segment header (%zu)\n",
                 path.c_str(), image.size(), kSegmentHeaderSize);
    return 2;
  }
  SegmentHeader h{};
  std::memcpy(&h, image.data(), sizeof h);
  if (h.magic != kSegmentMagic) {
    std::fprintf(stderr, "journal-inspect: %s is not a journal segment (bad magic)\n",
                 path.c_str());
    return 2;
  }
  if (h.version != kFormatVersion) {
    std::fprintf(stderr, "journal-inspect: %s has format version %u; this tool reads %u\n",
                 path.c_str(), h.version, kFormatVersion);
    return 2;
  }
  if (!parse_segment_header(image, h)) {
    std::fprintf(stderr, "journal-inspect: %s: segment header damaged (checksum or fields)\n",
                 path.c_str());
    return 2;
  }
  MemorySegmentStore store;
  store.put(h.segment_index, std::move(image));
  return inspect(store, s, path);
}

}  // namespace

int main(int argc, char** argv) {
  sy::log::set_level(sy::log::Level::error);  // damage is printed as DROPPED lines instead
  Settings s;
  std::string path;
  std::string key_text;
  po::options_description visible(
      "Usage: journal-inspect [options] <journal directory | segment file>\n"
      "Prints segments, records (segment, offset, type, session key, sequence, length) and\n"
      "per-session-key summaries. Exit status: 0 clean, 1 damage found, 2 bad input.\nOptions");
  visible.add_options()("help,h", "this text")(
      "summary-only,s", po::bool_switch(), "print segments and per-key summaries, not records")(
      "no-summary", po::bool_switch(), "do not print per-key summaries")(
      "key,k", po::value(&key_text), "only records of this session key (decimal or 0x hex)")(
      "payload,p", po::value(&s.payload_bytes)->default_value(0),
      "show the first N payload bytes in hex (checkpoint records too)")(
      "text,t", po::value(&s.text_bytes)->default_value(160),
      "show the first N characters of a checkpoint record's JSON");
  po::options_description all;
  all.add(visible).add_options()("path", po::value(&path));
  po::positional_options_description positional;
  positional.add("path", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "journal-inspect: %s\n(try --help)\n", e.what());
    return 2;
  }
  if (vm.count("help") != 0) {
    std::ostringstream text;
    text << visible;
    std::fputs(text.str().c_str(), stdout);
    return 0;
  }
  if (path.empty()) {
    std::fprintf(stderr, "journal-inspect: give a journal directory or segment file (try --help)\n");
    return 2;
  }
  s.records = !vm["summary-only"].as<bool>();
  s.summary = !vm["no-summary"].as<bool>();
  if (!key_text.empty()) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long k = std::strtoull(key_text.c_str(), &end, 0);
    if (errno != 0 || end == key_text.c_str() || *end != '\0') {
      std::fprintf(stderr, "journal-inspect: --key %s is not a number\n", key_text.c_str());
      return 2;
    }
    s.key = k;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    std::fprintf(stderr, "journal-inspect: %s: %s\n", path.c_str(), std::strerror(errno));
    return 2;
  }
  if (S_ISREG(st.st_mode)) return inspect_file(path, s);
  if (!S_ISDIR(st.st_mode)) {
    std::fprintf(stderr, "journal-inspect: %s is neither a directory nor a file\n", path.c_str());
    return 2;
  }
  MmapStoreOptions ro;
  ro.read_only = true;
  auto store = MmapSegmentStore::open(path, ro);
  if (!store) {
    std::fprintf(stderr, "journal-inspect: cannot open %s: %s\n", path.c_str(),
                 store.error().message);
    return 2;
  }
  return inspect(**store, s, path);
}
