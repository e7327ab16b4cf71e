#include "web/security_headers.h"

#include <utility>
#include <vector>

namespace portsafe::web {
namespace {

std::vector<std::pair<const char*, const char*>> Headers(bool cacheable,
                                                         const HeaderOptions& options) {
  std::vector<std::pair<const char*, const char*>> h = {
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"Referrer-Policy", "no-referrer"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      // The old browsers' XSS auditor is switched off (OWASP's advice: it
      // could itself be used to leak a page); the policy above does the job.
      {"X-XSS-Protection", "0"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"},
  };
  if (cacheable) {
    h.emplace_back("Cache-Control", "public, max-age=86400");
  } else {
    h.emplace_back("Cache-Control", "no-store");
    h.emplace_back("Pragma", "no-cache");
  }
  if (options.hsts) {
    h.emplace_back("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  }
  return h;
}

}  // namespace

std::string SecurityHeaderBlock(bool cacheable, const HeaderOptions& options) {
  std::string out;
  for (const auto& [k, v] : Headers(cacheable, options)) {
    out.append(k).append(": ").append(v).append("\r\n");
  }
  return out;
}

}  // namespace portsafe::web
