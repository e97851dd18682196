// CRC32C (Castagnoli, the iSCSI polynomial) via ISA-L, and the checksums the journal stores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "persistence/journal/format.h"

namespace sy::persist::journal {

// Standard CRC32C of `data` ("123456789" -> 0xE3069283), continuing from `crc` when chaining.
[[nodiscard]] std::uint32_t crc32c(const void* data, std::size_t size,
                                   std::uint32_t crc = 0) noexcept;

// A record's checksum covers its position (segment index and offset), header bytes [4, 32) and the
// payload. Seeding with the position means a record image copied elsewhere (inside a payload, or
// a stale record in a reused byte range of another segment) never validates at the wrong place.
[[nodiscard]] std::uint32_t record_crc(std::uint64_t segment_index, std::uint64_t offset,
                                       const RecordHeader& header,
                                       std::span<const std::byte> payload) noexcept;

[[nodiscard]] std::uint32_t segment_header_crc(const SegmentHeader& header) noexcept;

}  // namespace sy::persist::journal
