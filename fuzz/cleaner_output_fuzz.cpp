// Fuzzes what the server reads of an untrusted cleaner process: the kind of
// a file from its first bytes (core::SniffFileKind), and the cleaner's reply
// (media::ParseCleanerOutput). A reply that parses must be an image of the
// type it claims.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/file_kind.h"
#include "media/cleaner_protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  (void)portsafe::core::IsCleanable(portsafe::core::SniffFileKind(in));
  auto out = portsafe::media::ParseCleanerOutput(in);
  if (out.ok()) {
    const auto kind = portsafe::core::SniffFileKind(out->data);
    const bool jpeg = out->content_type == "image/jpeg" && kind == portsafe::core::FileKind::kJpeg;
    const bool png = out->content_type == "image/png" && kind == portsafe::core::FileKind::kPng;
    if (!jpeg && !png) std::abort();
  }
  return 0;
}
