// The figures and a member facility's own pages:
//   /figures, /figures/<table>.csv, /api/v1/figures   national figures, public
//   /api/v1/figures/months/<YYYY-MM>                  one published month, frozen
//   /facility/<CODE>                                  membership, reporting link,
//                                                     materials, the facility's figures
//   /facility/<CODE>/figures/<table>.csv              its figures as CSV
//   /facility/<CODE>/materials/<lang>/<file>          posters, leaflet, QR, briefing
//   /api/v1/facility/<CODE>                           the same as JSON
//   /api/v1/facility/<CODE>/figures/months/<YYYY-MM>  its tables of one month
// Facility pages are for its port security managers and programme admins
// (FiguresService and MembershipService decide; others get 403). Every
// number shown is a core::FigureCell of FiguresService, made under the rules
// of core/figures.h.
#pragma once

#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddFiguresPages(Router& router, const WebContext& ctx);

}  // namespace portsafe::web
