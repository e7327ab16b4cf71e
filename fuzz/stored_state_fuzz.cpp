// Fuzzes the readers of what is kept between runs and requests: the
// stored-session decoder (a decoded session must encode to the same bytes,
// or, for an older version, to bytes that then hold still),
// portsafe.conf (a parsed config must format and parse back the same) and
// the backup reader (anything is refused cleanly or read to its checksum),
// and the plaintext formats inside sealed values (docs/formats.md: report
// body, handling notes, file metadata, packages, outcomes, link entries,
// alert content;
// what one reads must write and read back the same).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "intel/blind_index.h"
#include "service/alert_service_impl.h"
#include "service/instance.h"
#include "service/package_codec.h"
#include "service/report_codec.h"
#include "service/session_codec.h"
#include "store/backup.h"

using namespace portsafe::service;

namespace {

// What `parse` read from `in`, written by `write` and read again, must write
// the same.
template <typename Parse, typename Write>
void RoundTrips(std::string_view in, Parse parse, Write write) {
  auto first = parse(in);
  if (!first.ok()) return;
  const std::string once = write(*first);
  auto second = parse(once);
  if (!second.ok() || write(*second) != once) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto s = portsafe::service::DecodeSession(in);
  if (s.ok()) {
    // A session of the current version encodes to the same bytes; one of the
    // older version is read and written as the current one, which then holds.
    const auto again = portsafe::service::EncodeSession(*s);
    if (in[0] != 1 && again.view() != in) __builtin_trap();
    auto reread = portsafe::service::DecodeSession(again.view());
    if (!reread.ok() || portsafe::service::EncodeSession(*reread).view() != again.view()) {
      __builtin_trap();
    }
  }
  auto c = portsafe::service::ParseInstanceConfig(in);
  if (c.ok()) {
    auto again =
        portsafe::service::ParseInstanceConfig(portsafe::service::FormatInstanceConfig(*c));
    if (!again.ok() || again->database_url != c->database_url) __builtin_trap();
  }
  RoundTrips(in, ParseBody, BodyJson);
  RoundTrips(in, ParseHandlingNotes, HandlingNotesJson);
  RoundTrips(in, ParseFileMeta, FileMetaJson);
  RoundTrips(in, ParsePackage, PackageJson);
  RoundTrips(in, ParseOutcome, OutcomeJson);
  RoundTrips(
      in,
      [](std::string_view text) -> portsafe::Result<portsafe::core::AlertContent> {
        portsafe::core::AlertContent c;
        if (auto st = ParseAlertContent(text, &c); !st.ok()) return st.error();
        return c;
      },
      AlertContentJson);
  RoundTrips(in, portsafe::intel::DecodeRecord, [](const portsafe::intel::IndexRecord& r) {
    return portsafe::intel::EncodeEntries(r.entries, r.sketch ? &*r.sketch : nullptr);
  });
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
