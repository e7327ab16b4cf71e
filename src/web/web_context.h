// What the HTTP handlers need, owned elsewhere (by the serve command). All
// pointers must outlive the router.
#pragma once

#include "service/reporting_service.h"
#include "web/i18n.h"

namespace portsafe::web {

struct WebContext {
  service::ReportingService* reporting = nullptr;
  const Catalogue* catalogue = nullptr;
};

}  // namespace portsafe::web
