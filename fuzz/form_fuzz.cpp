// Fuzzes the urlencoded form parser: any input is an answer or a clean error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "web/form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto r = portsafe::web::ParseUrlEncoded(in);
  if (r.ok()) {
    for (const auto& [k, v] : r->fields) {
      if (k.size() > size || v.size() > size) __builtin_trap();  // decoding never grows
    }
  }
  (void)portsafe::web::ParseFormBody("application/x-www-form-urlencoded", in);
  return 0;
}
