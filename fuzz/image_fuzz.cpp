// Fuzzes the upload sanitiser (JPEG and PNG decoding and re-encoding).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "media/image_sanitizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  (void)portsafe::media::SanitizeUpload(in, "image/jpeg");
  return 0;
}
