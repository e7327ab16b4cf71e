// The agency officer's HTML pages: /agency (the inbox of packages sent to
// the officer's agency) and /agency/packages/{id} (read, acknowledge, ask the
// service a question, record the outcome). English only. Officers only; the
// agency service checks the package's agency again.
#pragma once

#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddAgencyPages(Router& router, const WebContext& ctx);

}  // namespace portsafe::web
