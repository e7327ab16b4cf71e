// The staff JSON API under /api/v1: sessions (POST/DELETE /api/v1/session),
// the handler's endpoints (/api/v1/handler/...) and the account. Bearer
// tokens only (staff_auth.h); every endpoint is the twin of a staff page and
// is described in docs/openapi.yaml.
#pragma once

#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddStaffApi(Router& router, const WebContext& ctx);

}  // namespace portsafe::web
