// Fuzzes the urlencoded form parser: any input is an answer or a clean error.
// The fields it reads are then checked as an approach (core/approach.h):
// whatever is accepted is left in the form it is stored in, so checking it
// again changes nothing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/approach.h"
#include "web/form.h"

namespace {

const portsafe::core::PortDirectory& Ports() {
  static const portsafe::core::PortDirectory ports({{"GBFXT", "Felixstowe", "SFK", "AF"}});
  return ports;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto r = portsafe::web::ParseUrlEncoded(in);
  if (r.ok()) {
    for (const auto& [k, v] : r->fields) {
      if (k.size() > size || v.size() > size) __builtin_trap();  // decoding never grows
    }
    portsafe::core::ReportSubmission sub;
    for (const auto& [k, v] : r->fields) {
      for (const auto& f : portsafe::core::SubmissionFields()) {
        if (f.name == k) sub.*f.member = v;
      }
    }
    sub.category = std::string(portsafe::core::kApproachCategory);
    if (portsafe::core::ValidateSubmission(sub, Ports()).empty()) {
      portsafe::core::ReportSubmission again = sub;
      if (!portsafe::core::ValidateSubmission(again, Ports()).empty()) __builtin_trap();
      for (const auto& f : portsafe::core::SubmissionFields()) {
        if (again.*f.member != sub.*f.member) __builtin_trap();
      }
    }
  }
  (void)portsafe::web::ParseFormBody("application/x-www-form-urlencoded", in);
  return 0;
}
