// Fuzzes the receipt parser: whatever parses must print and parse back to the
// same canonical receipt.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crypto/receipt.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto r = portsafe::crypto::Receipt::Parse(in);
  if (r.ok()) {
    auto again = portsafe::crypto::Receipt::Parse(r->Display());
    if (!again.ok() || again->canonical() != r->canonical()) __builtin_trap();
  }
  return 0;
}
