// Groups of near-identical open reports for handlers and supervisors: the
// page /handle/groups, which lists them and closes one in one action
// (POST /handle/groups/{id}/close), and their JSON twins
// GET /api/v1/handler/groups and POST /api/v1/handler/groups/{id}/close.
// Closing a group runs on the render pool (it closes up to
// service::kMaxGroupClose reports), never on the server's I/O threads.
#pragma once

#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddGroupPages(Router& router, const WebContext& ctx);

}  // namespace portsafe::web
