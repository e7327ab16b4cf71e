// The reporter's HTML pages: /, /report, /r/{code}, /followup. Server-side
// rendered, no JavaScript, no cookies; the receipt only ever travels in POST
// bodies. Language comes from ?lang= or the hidden "lang" form field.
#pragma once

#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddReporterPages(Router& router, const WebContext& ctx);

// Renders an error page (used for 404s and 4xx answers outside the pages).
Response ErrorPage(const WebContext& ctx, std::string_view lang, int status,
                   std::string_view heading_key, std::string_view message_key);

}  // namespace portsafe::web
