// Links between reports for handlers and supervisors: the section of a
// report's page that lists its identifiers and linked reports, the link
// graph page /handle/links/{id}, and their JSON twins
// GET /api/v1/handler/reports/{id}/links and .../links/graph.
#pragma once

#include <kainjow/mustache.hpp>
#include <string>

#include "service/staff_session.h"
#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

// Fills the links section of a report page in `d` (nothing when the server
// has no link service).
void AddLinksSection(const WebContext& ctx, const service::StaffSession& s, const std::string& id,
                     kainjow::mustache::data& d);

void AddLinksPages(Router& router, const WebContext& ctx);
void AddLinksApi(Router& router, const WebContext& ctx);

}  // namespace portsafe::web
