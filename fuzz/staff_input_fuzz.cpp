// Fuzzes what the staff side parses from untrusted bytes: the Cookie and
// Authorization headers (session tokens), recovery key files and otpauth://
// URIs, and what a handler types in the queue's search (a reference, and the
// search text carried in the page's links). None may crash; a token found
// must come from inside the input; a reference read leads back to itself;
// the search text comes back whole from its link. An alert's JSON draft is
// read strictly and its rules checked (web/alert_pages.h, core/alert.h): a
// draft they pass holds only readable one-line titles within the limits.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/alert.h"
#include "core/reference.h"
#include "crypto/totp.h"
#include "service/instance.h"
#include "web/alert_pages.h"
#include "web/form.h"
#include "web/staff_auth.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  portsafe::web::Request req;
  req.headers.emplace_back("cookie", in);
  req.headers.emplace_back("authorization", in);
  std::string cookie = portsafe::web::SessionCookie(req);
  if (!cookie.empty() && in.find(cookie) == std::string::npos) __builtin_trap();
  std::string bearer = portsafe::web::BearerToken(req);
  if (!bearer.empty() && in.find(bearer) == std::string::npos) __builtin_trap();
  auto kp = portsafe::service::ParseRecoveryKey(in);
  if (kp.ok() && (kp->public_key.size() != 32 || kp->private_key.size() != 32)) __builtin_trap();
  (void)portsafe::crypto::TotpSecretFromUri(in);
  if (auto ref = portsafe::core::ParseReference(in)) {
    auto tail = portsafe::core::ReferenceIdTail(*ref);
    if (!tail || portsafe::core::ReferenceOf(std::string(54, '0') + *tail) != *ref)
      __builtin_trap();
  }
  if (auto draft = portsafe::web::ParseAlertDraftJson("application/json", in); draft.ok()) {
    static const portsafe::core::PortDirectory ports({{"GBFXT", "Felixstowe", "SFK", "AF"}});
    static const std::vector<portsafe::core::PortGroup> groups = {
        {"GBFXT", "Felixstowe", "Hutchison Ports", "Freeport East"}};
    std::string why;
    portsafe::core::AlertContent c = draft->content;
    if (portsafe::core::NormaliseAlert(&c, "2026-12-01", ports, groups, {"GBFXT-TRINITY"}, &why)
            .empty()) {
      if (c.title.empty() || c.title.size() > portsafe::core::kMaxAlertTitle ||
          c.title.find('\n') != std::string::npos ||
          c.text.size() > portsafe::core::kMaxAlertText ||
          c.look_for.size() > portsafe::core::kMaxAlertLookFor || c.targets.empty()) {
        __builtin_trap();
      }
    }
  }
  auto back = portsafe::web::ParseUrlEncoded("q=" + portsafe::web::UrlEncode(in));
  if (!back.ok() || back->Get("q") != in) __builtin_trap();
  return 0;
}
