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
constexpr const char* kBusy = "The server is busy just now. Try again in a few seconds.";

// A count in the page's query (what the last close did), or -1.
std::int64_t CountParam(const Request& req, const char* name) {
  const std::string v = req.Query(name);
  if (v.empty() || v.size() > 7 || v.find_first_not_of("0123456789") != std::string::npos) {
    return -1;
  }
  return std::stoll(v);
}

std::string Plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// What the last close did, from the query the close redirected to.
std::string ClosedNotice(const Request& req) {
  const std::int64_t closed = CountParam(req, "closed");
  if (closed < 0) return "";
  std::string out = "Closed " + Plural(closed, "report", "reports") + ".";
  if (const auto n = CountParam(req, "handled"); n > 0) {
    out += n == 1 ? " 1 report is being handled or not new, and was left open."
                  : " " + std::to_string(n) +
                        " reports are being handled or not new, and were left open.";
  }
  if (const auto n = CountParam(req, "skipped"); n > 0) {
    out += n == 1 ? " 1 report changed or closed meanwhile, and was left as it is."
                  : " " + std::to_string(n) +
                        " reports changed or closed meanwhile, and were left as they are.";
  }
  if (const auto n = CountParam(req, "failed"); n > 0) {
    out += " " + Plural(n, "report", "reports") + " could not be closed: open each to look.";
  }
  if (const auto n = CountParam(req, "left"); n > 0) {
    out += n == 1 ? " 1 more new report of the group is still open: close it again."
                  : " " + std::to_string(n) +
                        " more new reports of the group are still open: close it again.";
  }
  return out;
}

// The groups page, with `notice` (what the last action did) or `error`.
Response GroupsPage(const WebContext& ctx, const service::StaffSession& s,
                    const std::string& notice, const std::string& error, int status) {
  auto list = ctx.handling->NearDuplicateGroups(s, kGroupsShown);
  if (!list.ok()) return FromServiceError(ctx, &s, list.error());
  data rows{data::type::list};
  for (const auto& g : list->groups) {
    data r;
    r.set("id", g.id);
    r.set("as_seen", g.as_seen);
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
    if (g.reports > static_cast<std::int64_t>(service::kMaxGroupClose)) {
      r.set("capped", std::to_string(service::kMaxGroupClose));
    }
    r.set("reasons", Options(kReasonLabels, "malicious"));
    rows.push_back(r);
  }
  data d;
  d.set("groups", rows);
  if (!list->groups.empty()) d.set("has_groups", true);
  if (!list->complete) d.set("incomplete", true);
  if (!notice.empty()) d.set("notice", notice);
  if (!error.empty()) d.set("error", error);
  return StaffPageResponse(ctx, &s, "Near-identical reports", "staff_groups", std::move(d), status);
}

void HandleClosePost(const WebContext& ctx, StaffCall& c, Respond respond) {
  if (c.form.Get("confirm") != "1") {
    respond(GroupsPage(ctx, *c.session, "",
                       "Tick the box to confirm that you have read reports of the group.", 400));
    return;
  }
  auto closed = ctx.handling->CloseGroup(*c.session, c.req->params["id"], c.form.Get("as_seen"),
                                         c.form.Get("reason"), c.form.Get("note"));
  if (closed.ok()) {
    // After the post, a page of its own: reloading it closes nothing again.
    Response r;
    r.status = 303;
    r.headers.emplace_back("Location", "/handle/groups?closed=" + std::to_string(closed->closed) +
                                           "&handled=" + std::to_string(closed->being_handled) +
                                           "&skipped=" + std::to_string(closed->skipped) +
                                           "&failed=" + std::to_string(closed->failed) +
                                           "&left=" + std::to_string(closed->left));
    respond(std::move(r));
    return;
  }
  const int status = HttpStatusFor(closed.error());
  if (status == 400 || status == 404 || status == 409 || status == 503) {
    respond(GroupsPage(ctx, *c.session, "", closed.error().message(), status));
    return;
  }
  respond(FromServiceError(ctx, c.session.get(), closed.error()));
}

json::object GroupJson(const service::NearDuplicateGroup& g) {
  json::array newest;
  for (const auto& id : g.newest) newest.push_back(json::value(id));
  return {{"id", g.id},
          {"as_seen", g.as_seen},
          {"reports", g.reports},
          {"first_received_on", g.first_received_on},
          {"last_received_on", g.last_received_on},
          {"newest", newest}};
}

Response ApiBusy(const StaffCall&) {
  Response res = JsonError(503, "busy: try again in a few seconds");
  res.headers.emplace_back("Retry-After", "5");
  return res;
}

}  // namespace

void AddGroupPages(Router& router, const WebContext& ctx) {
  // Listing looks at every open report and closing writes up to a thousand:
  // both on the bulk pool, never on the server's threads or the reporters'.
  auto page_busy = [ctx](const StaffCall& c) { return StaffBusyPage(ctx, c.session.get(), kBusy); };
  router.Add("GET", "/handle/groups",
             StaffPage(ctx, ReportReaders(),
                       OnPool(ctx, Work::kBulk, StaffHandler([ctx](StaffCall& c, Respond r) {
                                r(GroupsPage(ctx, *c.session, ClosedNotice(*c.req), "", 200));
                              }),
                              page_busy)));
  router.Add("POST", "/handle/groups/{id}/close",
             StaffPage(ctx, ReportReaders(),
                       OnPool(ctx, Work::kBulk, StaffHandler([ctx](StaffCall& c, Respond r) {
                                HandleClosePost(ctx, c, std::move(r));
                              }),
                              page_busy)));
  router.Add("GET", "/api/v1/handler/groups",
             StaffApi(ctx, ReportReaders(),
                      OnPool(ctx, Work::kBulk, StaffHandler([ctx](StaffCall& c, Respond respond) {
                               const auto limit = PageLimit(c.req->Query("limit"), kGroupsShown);
                               if (!limit) {
                                 respond(JsonError(400, "limit is 1 to 100"));
                                 return;
                               }
                               auto list = ctx.handling->NearDuplicateGroups(*c.session, *limit);
                               if (!list.ok()) {
                                 respond(ApiError(list.error()));
                                 return;
                               }
                               json::array groups;
                               for (const auto& g : list->groups) groups.push_back(GroupJson(g));
                               respond(JsonResponse(200, json::object{{"complete", list->complete},
                                                                      {"groups", groups}}));
                             }),
                             ApiBusy)));
  router.Add("POST", "/api/v1/handler/groups/{id}/close",
             StaffApi(ctx, ReportReaders(),
                      OnPool(ctx, Work::kBulk, StaffHandler([ctx](StaffCall& c, Respond respond) {
                               auto m = Members(*c.req, {"as_seen", "reason", "note"});
                               if (!m.ok()) {
                                 respond(ApiError(m.error()));
                                 return;
                               }
                               auto closed = ctx.handling->CloseGroup(
                                   *c.session, c.req->params["id"], Str(*m, "as_seen"),
                                   Str(*m, "reason"), Str(*m, "note"));
                               if (!closed.ok()) {
                                 respond(ApiError(closed.error()));
                                 return;
                               }
                               respond(JsonResponse(
                                   200, json::object{{"closed", closed->closed},
                                                     {"being_handled", closed->being_handled},
                                                     {"skipped", closed->skipped},
                                                     {"failed", closed->failed},
                                                     {"left", closed->left}}));
                             }),
                             ApiBusy)));
}

}  // namespace portsafe::web
