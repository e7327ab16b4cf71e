// Headers every response carries. Pages load nothing from other origins, run
// no inline script, cannot be framed, send no Referer, and (except static
// assets) are never stored by a browser or proxy. The server writes them as a
// prebuilt block after each response's own headers.
#pragma once

#include <string>

#include "web/http_types.h"

namespace portsafe::web {

struct HeaderOptions {
  bool hsts = false;  // set when served over TLS (directly or behind a TLS proxy)
};

inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'";

// The same headers as "Name: value\r\n" lines, for a cacheable (static) or a
// no-store response.
std::string SecurityHeaderBlock(bool cacheable, const HeaderOptions& options);

}  // namespace portsafe::web
