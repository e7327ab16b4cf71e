// The agency officer's HTML pages: /agency (the inbox of packages sent to
// the officer's agency) and /agency/packages/{id} (read, acknowledge, ask the
// service a question or for an alert to ports, record the outcome), with the
// package as files for the agency's systems: /agency/packages/{id}/stix.json
// (STIX 2.1) and /misp.json (a MISP event). English only. Officers only; the
// agency service checks the package's agency again.
#pragma once

#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddAgencyPages(Router& router, const WebContext& ctx);

// A package file as a download (Content-Disposition: attachment).
Response PackageFileResponse(const service::PackageFile& f);

}  // namespace portsafe::web
