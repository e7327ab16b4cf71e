// Serves the embedded assets/static/* at /static/*. Everything is same-origin
// and self-hosted; nothing is loaded from elsewhere.
#pragma once

#include "web/router.h"

namespace portsafe::web {

void AddStaticFiles(Router& router);

}  // namespace portsafe::web
