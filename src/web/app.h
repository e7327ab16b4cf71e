// Builds the whole router: reporter pages, the JSON API, static files and the
// not-found page. This is the map of every URL the server answers.
#pragma once

#include <memory>

#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

std::unique_ptr<Router> BuildRouter(const WebContext& ctx);

}  // namespace portsafe::web
