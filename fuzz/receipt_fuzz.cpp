// Fuzzes the parsers of codes people type: the receipt parser (whatever
// parses must print and parse back to the same canonical receipt) and the
// base-32 reading of recovery codes (whatever decodes must encode back to
// the same symbols, and a recovery code never opens a key it was not made
// for).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crypto/base32.h"
#include "crypto/password.h"
#include "crypto/receipt.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace portsafe::crypto;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto r = Receipt::Parse(in);
  if (r.ok()) {
    auto again = Receipt::Parse(r->Display());
    if (!again.ok() || again->canonical() != r->canonical()) __builtin_trap();
  }
  if (auto symbols = Base32Canonical(in, 64)) {
    if (auto bytes = Base32Decode(*symbols)) {
      if (Base32Encode(*bytes) != *symbols) __builtin_trap();
    }
    if (Base32Canonical(Base32Grouped(*symbols, 4), 64) != symbols) __builtin_trap();
  }
  // A key whose recovery wrapping is not for any typed code: never opens.
  static const WrappedUserKey stored = [] {
    WrappedUserKey w;
    w.public_key = std::string(32, '\1');
    w.wrapped_by_recovery = std::string(72, '\2');
    return w;
  }();
  if (UnlockUserKeyWithRecovery(stored, in).ok()) __builtin_trap();
  return 0;
}
