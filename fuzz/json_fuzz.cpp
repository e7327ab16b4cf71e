// Fuzzes the JSON body parser with this server's limits.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "web/json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto r = portsafe::web::ParseJsonObject("application/json; charset=utf-8", in);
  if (r.ok() && !r->is_object()) __builtin_trap();
  return 0;
}
