// Fuzzes the identifying-material checker: the first half of the input is the
// original, the rest the draft. Every excerpt must come from the draft.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/identifying.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view original = in.substr(0, size / 2), draft = in.substr(size / 2);
  for (const auto& f : portsafe::core::FindIdentifying(original, draft)) {
    if (f.excerpt.empty() || draft.find(f.excerpt) == std::string_view::npos) __builtin_trap();
  }
  return 0;
}
