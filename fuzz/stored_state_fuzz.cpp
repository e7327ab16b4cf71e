// Fuzzes the two readers of what a node keeps between runs and requests: the
// stored-session decoder (a decoded session must encode to the same bytes)
// and portsafe.conf (a parsed config must format and parse back the same).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "service/instance.h"
#include "service/session_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto s = portsafe::service::DecodeSession(in);
  if (s.ok() && portsafe::service::EncodeSession(*s).view() != in) __builtin_trap();
  auto c = portsafe::service::ParseInstanceConfig(in);
  if (c.ok()) {
    auto again =
        portsafe::service::ParseInstanceConfig(portsafe::service::FormatInstanceConfig(*c));
    if (!again.ok() || again->database_url != c->database_url) __builtin_trap();
  }
  return 0;
}
