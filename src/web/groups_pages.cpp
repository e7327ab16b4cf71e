#include "web/groups_pages.h"

#include <boost/json.hpp>

#include "web/api_helpers.h"
#include "web/api_v1.h"
#include "web/on_pool.h"
#include "web/staff_auth.h"
#include "web/staff_pages.h"
#include "web/staff_view.h"

namespace portsafe::web {
namespace {

using kainjow::mustache::data;
namespace json = boost::json;

constexpr size_t kGroupsShown = 50;

// The groups page, with `notice` (what the last action did) or `error`.
Response GroupsPage(const WebContext& ctx, const service::StaffSession& s,
                    const std::string& notice, const std::string& error, int status) {
  auto groups = ctx.handling->NearDuplicateGroups(s, kGroupsShown);
  if (!groups.ok()) return FromServiceError(ctx, &s, groups.error());
  data rows{data::type::list};
  for (const auto& g : *groups) {
    data r;
    r.set("id", g.id);
    r.set("short_id", ShortId(g.id));
    r.set("reports", std::to_string(g.reports));
    r.set("first", g.first_received_on);
    if (g.last_received_on != g.first_received_on) r.set("last", g.last_received_on);
    data newest{data::type::list};
    for (const auto& id : g.newest) {
      data n;
      n.set("id", id);
      n.set("short_id", ShortId(id));
      newest.push_back(n);
    }
    r.set("newest", newest);
    // Beyond the newest listed, the first (which names the group) too.
    if (g.reports > static_cast<std::int64_t>(g.newest.size())) r.set("capped_list", true);
    r.set("close_count",
          std::to_string(std::min<std::int64_t>(g.reports, service::kMaxGroupClose)));
    if (g.reports > static_cast<std::int64_t>(service::kMaxGroupClose)) r.set("capped", true);
    r.set("reasons", Options(kReasonLabels, "malicious"));
    rows.push_back(r);
  }
  data d;
  d.set("groups", rows);
  if (!groups->empty()) d.set("has_groups", true);
  if (!notice.empty()) d.set("notice", notice);
  if (!error.empty()) d.set("error", error);
  d.set("max_close", std::to_string(service::kMaxGroupClose));
  return StaffPageResponse(ctx, &s, "Near-identical reports", "staff_groups", std::move(d), status);
}

std::string ClosedNotice(const service::GroupClosed& c) {
  std::string out = "Closed " + std::to_string(c.closed) + (c.closed == 1 ? " report" : " reports");
  if (c.skipped > 0) {
    out += "; " + std::to_string(c.skipped) + " changed meanwhile and were left as they are";
  }
  out += ".";
  if (c.left > 0) {
    out += " " + std::to_string(c.left) + " more of the group are still open: close it again.";
  }
  return out;
}

void HandleClosePost(const WebContext& ctx, StaffCall& c, Respond respond) {
  if (c.form.Get("confirm") != "1") {
    respond(GroupsPage(ctx, *c.session, "",
                       "Tick the box to confirm that you have read reports of the group.", 400));
    return;
  }
  auto closed = ctx.handling->CloseGroup(*c.session, c.req->params["id"], c.form.Get("reason"),
                                         c.form.Get("note"));
  if (closed.ok()) {
    respond(GroupsPage(ctx, *c.session, ClosedNotice(*closed), "", 200));
    return;
  }
  const int status = HttpStatusFor(closed.error());
  if (status == 400 || status == 404 || status == 409) {
    respond(GroupsPage(ctx, *c.session, "", closed.error().message(), status));
    return;
  }
  respond(FromServiceError(ctx, c.session.get(), closed.error()));
}

json::object GroupJson(const service::NearDuplicateGroup& g) {
  json::array newest;
  for (const auto& id : g.newest) newest.push_back(json::value(id));
  return {{"id", g.id},
          {"reports", g.reports},
          {"first_received_on", g.first_received_on},
          {"last_received_on", g.last_received_on},
          {"newest", newest}};
}

}  // namespace

void AddGroupPages(Router& router, const WebContext& ctx) {
  router.Add("GET", "/handle/groups",
             StaffPage(ctx, ReportReaders(), [ctx](StaffCall& c, Respond r) {
               r(GroupsPage(ctx, *c.session, "", "", 200));
             }));
  router.Add("POST", "/handle/groups/{id}/close",
             StaffPage(ctx, ReportReaders(),
                       OnPool(ctx, Work::kRender, StaffHandler([ctx](StaffCall& c, Respond r) {
                                HandleClosePost(ctx, c, std::move(r));
                              }),
                              [ctx](const StaffCall& c) {
                                return StaffBusyPage(
                                    ctx, c.session.get(),
                                    "The server is busy just now. Try again in a few seconds.");
                              })));
  router.Add("GET", "/api/v1/handler/groups",
             StaffApi(ctx, ReportReaders(), [ctx](StaffCall& c, Respond respond) {
               const auto limit = PageLimit(c.req->Query("limit"), kGroupsShown);
               if (!limit) {
                 respond(JsonError(400, "limit is 1 to 100"));
                 return;
               }
               auto groups = ctx.handling->NearDuplicateGroups(*c.session, *limit);
               if (!groups.ok()) {
                 respond(ApiError(groups.error()));
                 return;
               }
               json::array out;
               for (const auto& g : *groups) out.push_back(GroupJson(g));
               respond(JsonResponse(200, out));
             }));
  router.Add("POST", "/api/v1/handler/groups/{id}/close",
             StaffApi(ctx, ReportReaders(),
                      OnPool(ctx, Work::kRender, StaffHandler([ctx](StaffCall& c, Respond respond) {
                               auto m = Members(*c.req, {"reason", "note"});
                               if (!m.ok()) {
                                 respond(ApiError(m.error()));
                                 return;
                               }
                               auto closed =
                                   ctx.handling->CloseGroup(*c.session, c.req->params["id"],
                                                            Str(*m, "reason"), Str(*m, "note"));
                               if (!closed.ok()) {
                                 respond(ApiError(closed.error()));
                                 return;
                               }
                               respond(JsonResponse(200, json::object{{"closed", closed->closed},
                                                                      {"skipped", closed->skipped},
                                                                      {"left", closed->left}}));
                             }),
                             [](const StaffCall&) {
                               Response res = JsonError(503, "busy: try again in a few seconds");
                               res.headers.emplace_back("Retry-After", "5");
                               return res;
                             })));
}

}  // namespace portsafe::web
