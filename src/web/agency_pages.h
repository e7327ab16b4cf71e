// The agency officer's HTML pages: /agency (the inbox of packages sent to
// the officer's agency) and /agency/packages/{id} (read, acknowledge, ask the
// service a question or for an alert to ports, record the outcome), with the
// package as files for the agency's systems: /agency/packages/{id}/stix.json
// (STIX 2.1), /misp.json (a MISP event) and /package.pdf (to print, the
// TLP marking on every page), and the files sent with it,
// /agency/packages/{id}/files/{seq}. English only. Officers only; the
// agency service checks the package's agency again.
#pragma once

#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddAgencyPages(Router& router, const WebContext& ctx);

// A package file as a download (Content-Disposition: attachment).
Response PackageFileResponse(const service::PackageFile& f);
// The staff pages' words for a package's stored keys (categories,
// priorities, insider types, the grade's parts), for the printable package.
service::PrintLabel PrintLabels(const WebContext& ctx);

}  // namespace portsafe::web
