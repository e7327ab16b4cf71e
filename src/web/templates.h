// Server-side HTML through mustache templates (kainjow::mustache, Debian's
// libkainjow-mustache-dev): {{x}} is HTML-escaped, and templates here use
// triple braces only for HTML this program rendered itself (the page body in
// the layout). Templates are embedded (assets/templates) and compiled once
// per thread, because a compiled template is not safe to share.
#pragma once

#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>

namespace portsafe::web {

using TemplateData = kainjow::mustache::data;

// Renders templates/<name>.mustache with `data`. Returns a visible error
// marker (never throws) when the template is missing or malformed; tests
// render every template so that cannot ship.
std::string RenderTemplate(std::string_view name, const TemplateData& data);

// A code shown to people in groups ("7K3M-QX9D-…") as a list of its groups,
// each with the hyphen after it ({{text}}), so a template can keep every
// group whole on a line.
TemplateData CodeGroups(std::string_view code);

}  // namespace portsafe::web
