#include "web/app.h"

#include "web/agency_pages.h"
#include "web/alert_pages.h"
#include "web/api_agency.h"
#include "web/api_staff.h"
#include "web/api_v1.h"
#include "web/figures_pages.h"
#include "web/groups_pages.h"
#include "web/learn_pages.h"
#include "web/links_pages.h"
#include "web/membership_pages.h"
#include "web/reporter_pages.h"
#include "web/staff_pages.h"
#include "web/static_files.h"
#include "web/team_pages.h"

namespace portsafe::web {

std::unique_ptr<Router> BuildRouter(const WebContext& ctx) {
  auto r = std::make_unique<Router>();
  AddReporterPages(*r, ctx);
  AddApiV1(*r, ctx);
  if (ctx.learn) {
    AddLearnPages(*r, ctx);
    AddLearnApi(*r, ctx);
  }
  if (ctx.auth && ctx.handling) {
    AddStaffPages(*r, ctx);
    AddStaffApi(*r, ctx);
    AddLinksPages(*r, ctx);
    AddLinksApi(*r, ctx);
    AddGroupPages(*r, ctx);
  }
  if (ctx.auth && ctx.team) AddTeamPages(*r, ctx);
  if (ctx.auth && ctx.agency) {
    AddAgencyPages(*r, ctx);
    AddAgencyApi(*r, ctx);
  }
  if (ctx.auth && ctx.figures && ctx.membership) {
    AddFiguresPages(*r, ctx);
    AddMembershipPages(*r, ctx);
  }
  if (ctx.auth && ctx.alerts) AddAlertPages(*r, ctx);
  AddStaticFiles(*r);
  r->Add("GET", "/healthz", [](Request&, Respond respond) {
    Response res;
    res.content_type = "text/plain; charset=utf-8";
    res.body = "ok\n";
    respond(std::move(res));
  });
  r->SetNotFound([ctx](Request& req, Respond respond) {
    if (req.path.rfind("/api/", 0) == 0) {
      respond(JsonError(404, "no such endpoint"));
      return;
    }
    respond(ErrorPage(ctx, req.Query("lang"), 404, "error_not_found_title", "error.page_unknown"));
  });
  return r;
}

}  // namespace portsafe::web
