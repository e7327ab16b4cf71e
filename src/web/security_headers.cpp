#include "web/security_headers.h"

namespace portsafe::web {

void ApplySecurityHeaders(Response& res, const HeaderOptions& options) {
  auto& h = res.headers;
  h.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  h.emplace_back("Referrer-Policy", "no-referrer");
  h.emplace_back("X-Content-Type-Options", "nosniff");
  h.emplace_back("X-Frame-Options", "DENY");
  h.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
  h.emplace_back("Cross-Origin-Resource-Policy", "same-origin");
  h.emplace_back("Permissions-Policy",
                 "camera=(), microphone=(), geolocation=(), interest-cohort=()");
  if (res.cacheable) {
    h.emplace_back("Cache-Control", "public, max-age=86400");
  } else {
    h.emplace_back("Cache-Control", "no-store");
    h.emplace_back("Pragma", "no-cache");
  }
  if (options.hsts) {
    h.emplace_back("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  }
}

}  // namespace portsafe::web
