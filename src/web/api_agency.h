// The agency officer's JSON API under /api/v1/agency: the inbox, a package,
// acknowledge, questions and the outcome. Bearer tokens only (staff_auth.h),
// officers only; twin of the /agency pages and described in docs/openapi.yaml.
#pragma once

#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddAgencyApi(Router& router, const WebContext& ctx);

}  // namespace portsafe::web
