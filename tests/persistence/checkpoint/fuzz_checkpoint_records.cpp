// Fuzz target for checkpoint payloads, which recovery reads from files a crash (or anyone with
// access to the disk) may have left in any state. The first byte picks the record type, the rest
// is the payload. Whatever decodes is applied to a conversation, which must then survive its own
// snapshot: encode, decode, apply again, and the items must come back unchanged.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "persistence/checkpoint/records.h"

namespace cp = sy::persist::checkpoint;
namespace conv = sy::codec::conversation;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::uint16_t kTypes[] = {cp::kSnapshot, cp::kDelta, cp::kEnded, 3};
  std::uint16_t type = kTypes[data[0] % 4];
  std::string payload(reinterpret_cast<const char*>(data + 1), size - 1);
  cp::RecordReader reader;
  conv::Conversation c;
  std::int64_t t = 0;
  (void)reader.read(type, payload, t, [&](const conv::Delta& d) { c.apply(d); });

  std::string snap;
  cp::encode_snapshot(c, t, snap);
  conv::Conversation back;
  auto st = reader.read(cp::kSnapshot, snap, t, [&](const conv::Delta& d) { back.apply(d); });
  if (!st) std::abort();
  if (back.items() != c.items()) std::abort();
  if (back.upstream_handle() != c.upstream_handle()) std::abort();
  if (!(back.identity() == c.identity())) std::abort();
  return 0;
}
