// Fuzzes the readers of what is kept between runs and requests: the
// stored-session decoder (a decoded session must encode to the same bytes),
// portsafe.conf (a parsed config must format and parse back the same) and
// the backup reader (anything is refused cleanly or read to its checksum).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "service/instance.h"
#include "service/session_codec.h"
#include "store/backup.h"

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
  std::istringstream backup{std::string(in)};
  (void)portsafe::store::ReadBackup(
      backup, [](const portsafe::store::BackupHeader&) { return portsafe::Status::Ok(); },
      [](const portsafe::store::BackupTable& t,
         const std::vector<portsafe::store::BackupValue>& v) {
        if (v.size() != t.columns.size()) __builtin_trap();
        return portsafe::Status::Ok();
      });
  return 0;
}
