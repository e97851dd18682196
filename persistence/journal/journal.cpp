#include "persistence/journal/journal.h"

#include <time.h>

#include <atomic>
#include <cinttypes>
#include <cstring>

#include "core/base/log.h"
#include "persistence/journal/crc.h"

namespace sy::persist::journal {
namespace {

// Forwards recovered records to the caller and logs every dropped range.
class RecoveryVisitor final : public ScanVisitor {
 public:
  explicit RecoveryVisitor(ScanVisitor* inner) : inner_(inner) {}
  void on_record(const RecordView& record) override {
    if (inner_ != nullptr) inner_->on_record(record);
  }
  void on_drop(const DropReport& d) override {
    SY_WARN("journal: dropped %" PRIu64 " bytes of segment %" PRIu64 " at offset %" PRIu64
            ": %s",
            d.bytes, d.segment, d.offset, to_string(d.reason));
    if (inner_ != nullptr) inner_->on_drop(d);
  }

 private:
  ScanVisitor* inner_;
};

}  // namespace

std::uint64_t Journal::now_ms() noexcept {
  // The coarse clock is a plain memory read (vDSO, no rdtsc), cheap enough for every append.
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000 +
         static_cast<std::uint64_t>(ts.tv_nsec) / 1000000;
}

Result<std::unique_ptr<Journal>> Journal::open(SegmentStore& store, const JournalOptions& options,
                                               ScanVisitor* recovered) {
  if (Status s = validate(options); !s) {
    return make_error(JournalError::bad_options, s.error().message);
  }
  auto journal = std::unique_ptr<Journal>(new Journal(store, options));
  RecoveryVisitor visitor(recovered);
  auto read = read_journal(store, visitor);
  if (!read) return read.error();
  JournalCounters& c = journal->counters_;
  c.segments_scanned = read->stats.segments;
  c.records_recovered = read->stats.records;
  c.bytes_recovered = read->stats.record_bytes;
  c.bytes_dropped = read->stats.dropped_bytes;
  c.drop_events = read->stats.drop_events;
  c.torn_tail_bytes = read->stats.torn_bytes;
  if (Status s = journal->resume(*read); !s) return s.error();
  SY_INFO("journal: recovered %" PRIu64 " records from %" PRIu64 " segments (%" PRIu64
          " bytes dropped), appending at segment %" PRIu64 " offset %" PRIu64 " sequence %" PRIu64,
          c.records_recovered, c.segments_scanned, c.bytes_dropped, journal->active_index_,
          journal->pos_, journal->next_sequence_);
  return journal;
}

Journal::~Journal() {
  if (options_.sync != SyncPolicy::none) (void)sync_pending();
}

Status Journal::resume(const JournalReadResult& r) {
  next_sequence_ = r.last_sequence + 1;
  max_payload_ = max_payload(options_.segment_bytes);
  auto listed = store_.list();
  if (!listed) return listed.error();
  for (std::uint64_t index : *listed) {
    auto size = store_.size_of(index);
    sealed_.push_back(Sealed{index, size ? *size : 0, nullptr});
  }
  if (!r.last_segment) return {};  // empty journal: the first append creates segment 1
  last_index_ = *r.last_segment;
  prev_end_ = r.last_header_valid ? r.last_end_offset : 0;

  // Continue in the newest segment only if it is whole; a damaged or truncated one stays sealed
  // at its last valid record (the new segment's header records that end) and is never written.
  const SegmentHeader& h = r.last_header;
  if (!r.last_header_valid || r.last_image_size != h.capacity || h.capacity > kMaxSegmentBytes ||
      r.last_end_offset + kRecordHeaderSize > h.capacity) {
    return {};
  }
  auto file = store_.open(*r.last_segment, true);
  if (!file) {
    SY_WARN("journal: cannot reopen segment %" PRIu64 " for writing; starting a new one",
            *r.last_segment);
    return {};
  }
  sealed_.pop_back();
  active_ = std::move(*file);
  active_index_ = *r.last_segment;
  active_bytes_ = h.capacity;
  base_ = active_->bytes().data();
  capacity_ = h.capacity;
  pos_ = r.last_end_offset;
  synced_ = kSegmentHeaderSize;
  last_sync_ms_ = now_ms();
  if (Status s = zero_stale_tail(); !s) return s;
  // What the previous process left in the page cache is made durable as this policy promises.
  if (options_.sync != SyncPolicy::none) return sync_pending();
  synced_ = pos_;
  return {};
}

Status Journal::zero_stale_tail() {
  // Bytes past the last valid record (a torn record, records after a hole) must not reappear
  // behind new appends once those reach them, so they are zeroed before the first append.
  std::uint64_t last_nonzero = pos_;
  for (std::uint64_t at = pos_; at + 8 <= capacity_; at += 8) {
    std::uint64_t word;
    std::memcpy(&word, base_ + at, 8);
    if (word != 0) last_nonzero = at + 8;
  }
  if (last_nonzero == pos_) return {};
  std::memset(base_ + pos_, 0, last_nonzero - pos_);
  SY_INFO("journal: zeroed %" PRIu64 " stale bytes after the log's end in segment %" PRIu64,
          last_nonzero - pos_, active_index_);
  if (Status s = active_->sync(pos_, last_nonzero - pos_); !s) {
    return make_error(JournalError::sync_failed, "could not sync the zeroed tail");
  }
  return {};
}

Result<RecordPosition> Journal::append(std::uint16_t type, std::uint64_t session_key,
                                       std::span<const std::byte> payload) {
  if (type == 0) return make_error(JournalError::bad_type, "record type 0 is reserved");
  if (payload.size() > max_payload_) {
    return make_error(JournalError::record_too_large, "payload larger than a segment");
  }
  const std::uint64_t span = record_span(payload.size());
  if (pos_ + span > capacity_) {
    if (Status s = roll(); !s) return s.error();
  }
  RecordHeader h{};
  h.length = static_cast<std::uint32_t>(payload.size());
  h.type = type;
  h.session_key = session_key;
  h.sequence = next_sequence_;
  h.crc = record_crc(active_index_, pos_, h, payload);

  // Payload, then header, then the CRC: a process killed in between leaves a record whose CRC is
  // still zero, which recovery reads as a torn tail. Padding needs no write: the space is zero.
  std::byte* at = base_ + pos_;
  if (!payload.empty()) std::memcpy(at + kRecordHeaderSize, payload.data(), payload.size());
  std::atomic_signal_fence(std::memory_order_release);
  std::memcpy(at + 4, reinterpret_cast<const std::byte*>(&h) + 4, kRecordHeaderSize - 4);
  std::atomic_signal_fence(std::memory_order_release);
  std::memcpy(at, &h.crc, 4);

  const RecordPosition position{active_index_, pos_, next_sequence_};
  pos_ += span;
  ++next_sequence_;
  ++counters_.records_appended;
  counters_.bytes_appended += span;

  if (options_.sync == SyncPolicy::always ||
      (options_.sync == SyncPolicy::interval &&
       now_ms() - last_sync_ms_ >= options_.sync_interval_ms)) {
    if (Status s = sync_pending(); !s) return s.error();  // the record stays in the log
  }
  return position;
}

Status Journal::sync_pending() {
  last_sync_ms_ = now_ms();
  if (active_ == nullptr || synced_ >= pos_) return {};
  if (Status s = active_->sync(synced_, pos_ - synced_); !s) {
    ++counters_.sync_failures;
    return make_error(JournalError::sync_failed, "msync of the journal failed");
  }
  ++counters_.syncs;
  synced_ = pos_;
  return {};
}

Status Journal::sync() { return sync_pending(); }

Status Journal::sync_if_due() {
  if (options_.sync == SyncPolicy::none) return {};
  if (now_ms() - last_sync_ms_ < options_.sync_interval_ms) return {};
  return sync_pending();
}

Status Journal::roll() {
  const std::uint64_t index = last_index_ + 1;
  const std::uint64_t prev_end = active_ != nullptr ? pos_ : prev_end_;
  if (Status s = evict_for(options_.segment_bytes); !s) return s;

  SegmentHeader h{};
  h.magic = kSegmentMagic;
  h.version = kFormatVersion;
  h.header_size = kSegmentHeaderSize;
  h.segment_index = index;
  h.capacity = options_.segment_bytes;
  h.first_sequence = next_sequence_;
  h.prev_segment_end = prev_end;
  h.header_crc = segment_header_crc(h);
  auto created = store_.create(
      index, options_.segment_bytes,
      std::span<const std::byte>(reinterpret_cast<const std::byte*>(&h), sizeof h));
  if (!created) {
    SY_ERROR("journal: cannot create segment %" PRIu64 "; appends fail until it can", index);
    return make_error(JournalError::roll_failed, "cannot create a new journal segment");
  }
  // The old segment is sealed: what it holds is synced as the policy promises before it is left.
  if (active_ != nullptr) {
    if (options_.sync != SyncPolicy::none) (void)sync_pending();
    sealed_.push_back(Sealed{active_index_, active_bytes_, nullptr});
  }
  active_ = std::move(*created);
  active_index_ = index;
  last_index_ = index;
  active_bytes_ = options_.segment_bytes;
  base_ = active_->bytes().data();
  capacity_ = options_.segment_bytes;
  pos_ = kSegmentHeaderSize;
  synced_ = kSegmentHeaderSize;
  ++counters_.segments_created;
  return {};
}

std::uint64_t Journal::disk_bytes() const noexcept {
  std::uint64_t total = active_ != nullptr ? active_bytes_ : 0;
  for (const Sealed& s : sealed_) total += s.bytes;
  return total;
}

std::vector<std::uint64_t> Journal::sealed_segments() const {
  std::vector<std::uint64_t> out;
  out.reserve(sealed_.size());
  for (const Sealed& s : sealed_) out.push_back(s.index);
  return out;
}

}  // namespace sy::persist::journal
