// The team page (/team) and its API twin (/api/v1/team): colleagues and the
// keys they hold, and giving a colleague the key (supervisors: the service
// key; agency officers: their agency's key). Programme admins see every
// account. English only.
#pragma once

#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddTeamPages(Router& router, const WebContext& ctx);

}  // namespace portsafe::web
