// The reporter's HTML pages: /, /report, /r/{code}, /followup. Server-side
// rendered, no JavaScript, no cookies; the receipt only ever travels in POST
// bodies. Language comes from ?lang= or the hidden "lang" form field.
#pragma once

#include <kainjow/mustache.hpp>

#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddReporterPages(Router& router, const WebContext& ctx);

// A page in the public layout (translated texts as "t", language links
// pointing at `lang_path`), for the other public pages (/figures).
Response PublicPage(const WebContext& ctx, const std::string& lang, std::string_view title_key,
                    std::string_view body_template, kainjow::mustache::data d, int status,
                    std::string_view lang_path);
// The page language from ?lang= (English when unknown).
std::string PublicLang(const WebContext& ctx, const Request& req);

// Renders an error page (used for 404s and 4xx answers outside the pages).
Response ErrorPage(const WebContext& ctx, std::string_view lang, int status,
                   std::string_view heading_key, std::string_view message_key);

}  // namespace portsafe::web
