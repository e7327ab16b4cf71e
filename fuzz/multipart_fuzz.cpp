// Fuzzes the multipart parser. The first byte picks the boundary length, the
// next bytes are the boundary, the rest is the body; a Content-Type built
// from the same bytes exercises the boundary extraction too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "web/form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  size_t blen = data[0] % 72;
  if (size < 1 + blen) return 0;
  std::string_view boundary(reinterpret_cast<const char*>(data + 1), blen);
  std::string_view body(reinterpret_cast<const char*>(data + 1 + blen), size - 1 - blen);
  auto r = portsafe::web::ParseMultipart(body, boundary);
  if (r.ok()) {
    size_t total = 0;
    for (const auto& f : r->files) total += f.data.size();
    for (const auto& [k, v] : r->fields) total += v.size();
    if (total > body.size()) __builtin_trap();  // parts are slices of the body
  }
  std::string ct = "multipart/form-data; boundary=" + std::string(boundary);
  (void)portsafe::web::ParseFormBody(ct, body);
  return 0;
}
