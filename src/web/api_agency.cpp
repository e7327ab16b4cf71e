#include "web/api_agency.h"

#include <boost/json.hpp>

#include "web/agency_pages.h"
#include "web/api_helpers.h"
#include "web/api_v1.h"
#include "web/on_pool.h"
#include "web/staff_auth.h"

namespace portsafe::web {
namespace json = boost::json;
namespace {

using PackageAction = std::function<Status(const WebContext&, const service::StaffSession&,
                                           const std::string& id, const Fields&)>;

// POST /api/v1/agency/packages/{id}/<name>, answering {"status":"done"}.
void AddPackageAction(Router& router, const WebContext& ctx, const std::string& name,
                      std::initializer_list<std::string_view> fields, PackageAction fn) {
  router.Add(
      "POST", "/api/v1/agency/packages/{id}/" + name,
      PostAction(ctx, AgencyOfficers(), fields,
                 [ctx, fn](const service::StaffSession& s, const Request& req, const Fields& m) {
                   return DoneJson(fn(ctx, s, req.params.at("id"), m));
                 }));
}

json::array AttachmentsJson(const std::vector<service::PackageAttachment>& files) {
  json::array out;
  for (const auto& a : files) {
    out.push_back(
        json::object{{"seq", a.seq}, {"name", a.name}, {"type", a.content_type}, {"size", a.size}});
  }
  return out;
}

}  // namespace

void AddAgencyApi(Router& router, const WebContext& ctx) {
  router.Add("GET", "/api/v1/agency/packages",
             StaffApi(ctx, AgencyOfficers(), [ctx](StaffCall& c, Respond respond) {
               service::InboxQuery q;
               q.after = c.req->Query("after");
               const auto limit = PageLimit(c.req->Query("limit"), q.limit);
               if (!limit) {
                 respond(JsonError(400, "limit is 1 to 200"));
                 return;
               }
               q.limit = *limit;  // its range is the service's to check
               auto page = ctx.agency->Inbox(*c.session, q);
               if (!page.ok()) {
                 respond(ApiError(page.error()));
                 return;
               }
               json::array out;
               for (const auto& i : page->items) {
                 out.push_back(json::object{{"id", i.package_id},
                                            {"sent_on", i.sent_on},
                                            {"acknowledged_on", i.acknowledged_on},
                                            {"category", i.category},
                                            {"priority", core::ToString(i.priority)},
                                            {"port", i.port_code},
                                            {"grade", i.grade_code},
                                            {"outcome", i.outcome},
                                            {"answer_waiting", i.answer_waiting}});
               }
               Response r = JsonResponse(200, out);
               if (!page->next.empty()) {
                 LinkNext(r, "/api/v1/agency/packages?limit=" + std::to_string(q.limit) +
                                 "&after=" + page->next);
               }
               respond(std::move(r));
             }));
  router.Add("GET", "/api/v1/agency/packages/{id}",
             StaffApi(ctx, AgencyOfficers(), [ctx](StaffCall& c, Respond respond) {
               auto p = ctx.agency->Open(*c.session, c.req->params["id"]);
               if (!p.ok()) {
                 respond(ApiError(p.error()));
                 return;
               }
               const auto& k = p->content;
               respond(JsonResponse(
                   200, json::object{{"id", k.package_id},
                                     {"category", k.category},
                                     {"insider_type", k.insider_type},
                                     {"priority", core::ToString(k.priority)},
                                     {"port", k.port_code},
                                     {"facility", k.facility_code},
                                     {"received_month", k.received_month},
                                     {"sent_on", k.sent_on},
                                     {"grade", json::object{{"source", k.grade.source},
                                                            {"intelligence", k.grade.intelligence},
                                                            {"handling", k.grade.handling},
                                                            {"conditions", k.grade.conditions}}},
                                     {"text", k.text},
                                     {"attachments", AttachmentsJson(p->attachments)},
                                     {"acknowledged_on", p->acknowledged_on},
                                     {"outcome", OutcomeObject(p->outcome)},
                                     {"messages", MessagesJson(p->messages)}}));
             }));
  for (const auto& [name, format] : {std::pair{"stix", service::PackageFormat::kStix},
                                     std::pair{"misp", service::PackageFormat::kMisp}}) {
    router.Add("GET", "/api/v1/agency/packages/{id}/" + std::string(name),
               StaffApi(ctx, AgencyOfficers(), [ctx, format](StaffCall& c, Respond respond) {
                 auto f = ctx.agency->Export(*c.session, c.req->params["id"], format);
                 respond(f.ok() ? PackageFileResponse(*f) : ApiError(f.error()));
               }));
  }
  router.Add(
      "GET", "/api/v1/agency/packages/{id}/pdf",
      StaffApi(ctx, AgencyOfficers(),
               OnPool(ctx, Work::kRender, StaffHandler([ctx](StaffCall& c, Respond respond) {
                        auto f = ctx.agency->Printable(*c.session, c.req->params["id"],
                                                       PrintLabels(ctx));
                        respond(f.ok() ? PackageFileResponse(*f) : ApiError(f.error()));
                      }),
                      [](const StaffCall&) {
                        return ApiError(Unavailable(
                            "many files are being made just now; try again in a few seconds"));
                      })));
  router.Add("GET", "/api/v1/agency/packages/{id}/files/{seq}",
             StaffApi(ctx, AgencyOfficers(), [ctx](StaffCall& c, Respond respond) {
               const auto seq = ParseSeq(c.req->params["seq"]);
               if (!seq) {
                 respond(JsonError(404, "no such file"));
                 return;
               }
               auto f = ctx.agency->Attachment(*c.session, c.req->params["id"], *seq);
               respond(f.ok() ? PackageFileResponse(*f) : ApiError(f.error()));
             }));
  AddPackageAction(router, ctx, "acknowledge", {},
                   [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
                      const Fields&) { return ctx.agency->Acknowledge(s, id); });
  AddPackageAction(router, ctx, "questions", {"text"},
                   [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
                      const Fields& m) { return ctx.agency->Ask(s, id, Str(m, "text")); });
  AddPackageAction(router, ctx, "alert-request", {"text"},
                   [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
                      const Fields& m) { return ctx.agency->RequestAlert(s, id, Str(m, "text")); });
  AddPackageAction(router, ctx, "outcome", {"kind", "seizure_type", "quantity", "note"},
                   [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
                      const Fields& m) {
                     return ctx.agency->RecordOutcome(s, id,
                                                      {Str(m, "kind"), Str(m, "seizure_type"),
                                                       Str(m, "quantity"), Str(m, "note"), ""});
                   });
}

}  // namespace portsafe::web
