// The JPEG scan counter walks untrusted bytes before any decoder sees them:
// it must read nothing outside them and always end.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/jpeg_scans.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  (void)portsafe::core::CountJpegScans(in, 100);
  (void)portsafe::core::CountJpegScans(in, 0);
  return 0;
}
