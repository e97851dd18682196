// On-disk constants and layouts of the journal. docs/journal-format.md is the written spec; every
// number here appears there. All integers are little-endian; the structs below are copied to and
// from the map with memcpy, so they are only valid on little-endian hosts (static_assert below).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

namespace sy::persist::journal {

static_assert(std::endian::native == std::endian::little, "journal layout is little-endian");

// "SYJRNL" + format generation; a file that does not start with it is not a segment.
inline constexpr std::uint64_t kSegmentMagic = 0x314C4E524A5953ULL;  // "SYJRNL1\0"
inline constexpr std::uint16_t kFormatVersion = 1;

// Records start at multiples of this; it is also the step of the resynchronising scan.
inline constexpr std::size_t kAlignment = 8;

inline constexpr std::size_t kSegmentHeaderSize = 64;
inline constexpr std::size_t kRecordHeaderSize = 32;

// 64 MiB: a roll (create, fallocate, map, directory fsync: about a millisecond) happens at most
// ~16 times a second at 1 GB/s, retention frees space in steps small against a disk, and the
// active segment rescans in well under 100 ms on restart.
inline constexpr std::uint64_t kDefaultSegmentBytes = 64ULL << 20;
// Smallest segment the writer accepts: room for the header and a few small records (tests use it).
inline constexpr std::uint64_t kMinSegmentBytes = 4096;
// A segment is mapped whole and record lengths are 32-bit, so segments stay below 4 GiB.
inline constexpr std::uint64_t kMaxSegmentBytes = 1ULL << 31;

// Segment file names: 16 lowercase hex digits of the segment index, then this suffix. Files being
// created carry kTempSuffix after it until their header is durable, then are renamed.
inline constexpr const char* kSegmentSuffix = ".journal";
inline constexpr const char* kTempSuffix = ".tmp";
inline constexpr const char* kLockFileName = "LOCK";

// Segment header, at offset 0 of every segment file.
struct SegmentHeader {
  std::uint64_t magic;             // kSegmentMagic
  std::uint16_t version;           // kFormatVersion
  std::uint16_t header_size;       // kSegmentHeaderSize
  std::uint32_t flags;             // 0; readers reject unknown bits
  std::uint64_t segment_index;     // equals the index in the file name
  std::uint64_t capacity;          // bytes preallocated for this segment, header included
  std::uint64_t first_sequence;    // sequence the first record of this segment will carry
  std::uint64_t prev_segment_end;  // valid end offset of segment_index-1 when this one was made
                                   // (0: none or unknown); seals the previous segment
  std::uint64_t reserved;          // 0
  std::uint32_t reserved2;         // 0
  std::uint32_t header_crc;        // CRC32C of bytes [0, 60)
};
static_assert(sizeof(SegmentHeader) == kSegmentHeaderSize);
inline constexpr std::size_t kSegmentHeaderCrcOffset = 60;

// Record header, at an 8-aligned offset >= kSegmentHeaderSize; the payload follows it and is
// zero-padded to the next multiple of kAlignment.
struct RecordHeader {
  std::uint32_t crc;            // CRC32C, see record_crc() in crc.h; written last
  std::uint32_t length;         // payload bytes, padding excluded
  std::uint16_t type;           // opaque to the journal; 0 is reserved (never written)
  std::uint16_t flags;          // 0; readers treat other values as a damaged header
  std::uint32_t reserved;       // 0
  std::uint64_t session_key;    // opaque 64-bit key the record belongs to
  std::uint64_t sequence;       // journal-wide, strictly increasing, starting at 1
};
static_assert(sizeof(RecordHeader) == kRecordHeaderSize);

[[nodiscard]] constexpr std::uint64_t align_up(std::uint64_t n) noexcept {
  return (n + (kAlignment - 1)) & ~static_cast<std::uint64_t>(kAlignment - 1);
}

// Bytes a record with `payload` bytes occupies in a segment.
[[nodiscard]] constexpr std::uint64_t record_span(std::uint64_t payload) noexcept {
  return kRecordHeaderSize + align_up(payload);
}

// Largest payload a segment of `capacity` bytes can hold.
[[nodiscard]] constexpr std::uint64_t max_payload(std::uint64_t capacity) noexcept {
  return capacity <= kSegmentHeaderSize + kRecordHeaderSize
             ? 0
             : (capacity - kSegmentHeaderSize - kRecordHeaderSize) & ~(kAlignment - 1);
}

}  // namespace sy::persist::journal
