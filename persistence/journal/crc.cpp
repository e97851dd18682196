#include "persistence/journal/crc.h"

#include <isa-l/crc.h>

#include <climits>
#include <cstring>

namespace sy::persist::journal {

std::uint32_t crc32c(const void* data, std::size_t size, std::uint32_t crc) noexcept {
  // ISA-L's crc32_iscsi neither pre- nor post-inverts and takes an int length; both are handled
  // here so callers see the standard CRC32C and may chain calls.
  std::uint32_t state = ~crc;
  auto* p = static_cast<unsigned char*>(const_cast<void*>(data));  // ISA-L only reads it
  while (size > 0) {
    const std::size_t chunk = size > static_cast<std::size_t>(INT_MAX) ? (1u << 30) : size;
    state = crc32_iscsi(p, static_cast<int>(chunk), state);
    p += chunk;
    size -= chunk;
  }
  return ~state;
}

std::uint32_t record_crc(std::uint64_t segment_index, std::uint64_t offset,
                         const RecordHeader& header,
                         std::span<const std::byte> payload) noexcept {
  // Position and header are packed into one small buffer so the common case is two ISA-L calls.
  unsigned char buf[16 + kRecordHeaderSize - 4];
  std::memcpy(buf, &segment_index, 8);
  std::memcpy(buf + 8, &offset, 8);
  std::memcpy(buf + 16, reinterpret_cast<const unsigned char*>(&header) + 4, kRecordHeaderSize - 4);
  const std::uint32_t crc = crc32c(buf, sizeof buf);
  return payload.empty() ? crc : crc32c(payload.data(), payload.size(), crc);
}

std::uint32_t segment_header_crc(const SegmentHeader& header) noexcept {
  return crc32c(&header, kSegmentHeaderCrcOffset);
}

}  // namespace sy::persist::journal
