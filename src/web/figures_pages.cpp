#include "web/figures_pages.h"

#include "service/facilities.h"
#include "web/alert_pages.h"
#include "web/api_helpers.h"
#include "web/api_v1.h"
#include "web/figures_view.h"
#include "web/materials.h"
#include "web/on_pool.h"
#include "web/reporter_pages.h"
#include "web/staff_auth.h"
#include "web/staff_view.h"
#include "web/templates.h"

namespace portsafe::web {
namespace {

namespace json = boost::json;
using kainjow::mustache::data;
using service::StaffSession;

// The table named by "<id>.csv", or null.
const core::FigureTable* TableForCsv(const std::vector<core::FigureTable>& tables,
                                     std::string_view file) {
  if (file.size() < 5 || file.substr(file.size() - 4) != ".csv") return nullptr;
  const std::string_view id = file.substr(0, file.size() - 4);
  for (const auto& t : tables) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

Response CsvResponse(const Catalogue& cat, std::string_view lang, const core::FigureTable& t,
                     const std::string& file_name) {
  Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  res.body = FigureCsv(t, FigureLabels(cat, lang, t), FigureValues(cat, lang, t),
                       FigureCsvHeader(cat, lang, t));
  return res;
}

Response FacilityPage(const WebContext& ctx, const StaffSession& s, const std::string& code) {
  auto facility = ctx.membership->FacilityFor(s, code);
  if (!facility.ok()) return FromServiceError(ctx, &s, facility.error());
  auto figures = ctx.figures->ForFacility(s, code);
  if (!figures.ok()) return FromServiceError(ctx, &s, figures.error());
  const store::Facility& f = *facility;
  data d;
  d.set("code", f.code);
  d.set("name", f.name);
  const core::Port* port = ctx.reporting->ports().Find(f.port_code);
  d.set("port", port ? core::PortLabel(*port) : f.port_code);
  d.set("operator", f.operator_group.empty() ? std::string("—") : f.operator_group);
  d.set("status", f.status);
  d.set("joined", f.joined_on.empty() ? std::string("—") : f.joined_on);
  d.set("link", service::ReportingLink(ctx.public_url, f.code));
  d.set("approach_link", service::ApproachLink(ctx.public_url, f.code));
  d.set("learn_link", service::LearnLink(ctx.public_url, f.code));
  data langs{data::type::list};
  for (const auto& l : ctx.catalogue->languages()) {
    data item;
    item.set("name", l.native_name);
    item.set("code", l.code);
    item.set("base", "/facility/" + f.code + "/materials/" + l.code + "/");
    langs.push_back(item);
  }
  d.set("languages", langs);
  d.set("briefing", "/facility/" + f.code + "/materials/en/briefing-pack.pdf");
  d.set("figures_html",
        RenderFigureTables(*ctx.catalogue, "en", *figures, "/facility/" + f.code + "/figures"));
  d.set("rules", ctx.catalogue->T("en", "figures_rules"));
  AddFacilityAlerts(ctx, s, f.code, &d);
  return StaffPageResponse(ctx, &s, f.name, "facility", std::move(d));
}

}  // namespace

void AddFiguresPages(Router& router, const WebContext& ctx) {
  router.Add("GET", "/figures", [ctx](Request& req, Respond respond) {
    const std::string lang = PublicLang(ctx, req);
    auto tables = ctx.figures->National();
    if (!tables.ok()) {
      respond(ErrorPage(ctx, lang, 503, "error_busy_title", "error.busy"));
      return;
    }
    data d;
    d.set("figures_html", RenderFigureTables(*ctx.catalogue, lang, *tables, "/figures"));
    respond(PublicPage(ctx, lang, "figures_title", "figures", std::move(d), 200, "/figures"));
  });
  router.Add("GET", "/figures/{file}", [ctx](Request& req, Respond respond) {
    const std::string lang = PublicLang(ctx, req);
    auto tables = ctx.figures->National();
    if (!tables.ok()) {
      respond(ErrorPage(ctx, lang, 503, "error_busy_title", "error.busy"));
      return;
    }
    const core::FigureTable* t = TableForCsv(*tables, req.params["file"]);
    if (t == nullptr) {
      respond(ErrorPage(ctx, lang, 404, "error_not_found_title", "error.page_unknown"));
      return;
    }
    respond(CsvResponse(*ctx.catalogue, lang, *t, "portsafe-" + t->id + ".csv"));
  });
  router.Add("GET", "/api/v1/figures", [ctx](Request&, Respond respond) {
    auto tables = ctx.figures->National();
    if (!tables.ok()) {
      respond(ApiError(tables.error()));
      return;
    }
    respond(JsonResponse(200, json::object{{"tables", FiguresJson(*ctx.catalogue, *tables)}}));
  });
  // One published month, frozen: the same bytes every time it is asked for.
  router.Add("GET", "/api/v1/figures/months/{month}", [ctx](Request& req, Respond respond) {
    const std::string month = req.params["month"];
    auto tables = ctx.figures->NationalMonth(month);
    if (!tables.ok()) {
      respond(ApiError(tables.error()));
      return;
    }
    respond(JsonResponse(
        200, json::object{{"month", month}, {"tables", FiguresJson(*ctx.catalogue, *tables)}}));
  });

  router.Add("GET", "/facility", StaffPage(ctx, FacilityViewers(), [](StaffCall& c, Respond r) {
               r(Redirect(c.session->role == core::Role::kAdmin
                              ? "/admin"
                              : "/facility/" + c.session->facility_code));
             }));
  router.Add("GET", "/facility/{code}",
             StaffPage(ctx, FacilityViewers(), [ctx](StaffCall& c, Respond r) {
               r(FacilityPage(ctx, *c.session, c.req->params["code"]));
             }));
  router.Add("GET", "/facility/{code}/figures/{file}",
             StaffPage(ctx, FacilityViewers(), [ctx](StaffCall& c, Respond r) {
               const std::string& code = c.req->params["code"];
               auto tables = ctx.figures->ForFacility(*c.session, code);
               if (!tables.ok()) {
                 r(FromServiceError(ctx, c.session.get(), tables.error()));
                 return;
               }
               const core::FigureTable* t = TableForCsv(*tables, c.req->params["file"]);
               if (t == nullptr) {
                 r(FromServiceError(ctx, c.session.get(), NotFound("no such table")));
                 return;
               }
               r(CsvResponse(*ctx.catalogue, "en", *t, code + "-" + t->id + ".csv"));
             }));
  router.Add(
      "GET", "/facility/{code}/materials/{lang}/{file}",
      // Rendering a PDF or a QR code takes a while: on the render pool.
      StaffPage(
          ctx, FacilityViewers(),
          OnPool(ctx, Work::kRender, StaffHandler([ctx](StaffCall& c, Respond r) {
                   auto facility = ctx.membership->FacilityFor(*c.session, c.req->params["code"]);
                   if (!facility.ok()) {
                     r(FromServiceError(ctx, c.session.get(), facility.error()));
                     return;
                   }
                   MaterialsFor m{*facility, ctx.reporting->ports().Find(facility->port_code),
                                  ctx.public_url};
                   auto file = MakeMaterial(*ctx.catalogue, m, c.req->params["lang"],
                                            c.req->params["file"]);
                   if (!file.ok()) {
                     r(FromServiceError(ctx, c.session.get(),
                                        file.error().code() == ErrorCode::kInvalidArgument
                                            ? NotFound("no such file or language")
                                            : file.error()));
                     return;
                   }
                   Response res;
                   res.content_type = file->content_type;
                   res.headers.emplace_back("Content-Disposition",
                                            "attachment; filename=\"" + facility->code + "-" +
                                                c.req->params["lang"] + "-" + file->name + "\"");
                   res.body = std::move(file->data);
                   r(std::move(res));
                 }),
                 [ctx](const StaffCall& c) {
                   return StaffBusyPage(
                       ctx, c.session.get(),
                       "Many files are being made just now. Try again in a few seconds.");
                 })));
  router.Add(
      "GET", "/api/v1/facility/{code}",
      StaffApi(ctx, FacilityViewers(), [ctx](StaffCall& c, Respond r) {
        const std::string& code = c.req->params["code"];
        auto facility = ctx.membership->FacilityFor(*c.session, code);
        if (!facility.ok()) {
          r(ApiError(facility.error()));
          return;
        }
        auto figures = ctx.figures->ForFacility(*c.session, code);
        if (!figures.ok()) {
          r(ApiError(figures.error()));
          return;
        }
        json::object materials;
        for (const auto& l : ctx.catalogue->languages()) {
          json::object files;
          for (std::string_view name : kMaterialFiles) {
            if (!MaterialInLanguage(name, l.code)) continue;
            files[name] = "/facility/" + code + "/materials/" + l.code + "/" + std::string(name);
          }
          materials[l.code] = std::move(files);
        }
        r(JsonResponse(
            200, json::object{{"code", facility->code},
                              {"name", facility->name},
                              {"port", facility->port_code},
                              {"operator", facility->operator_group},
                              {"status", facility->status},
                              {"joined_on", facility->joined_on},
                              {"reporting_link", service::ReportingLink(ctx.public_url, code)},
                              {"approach_link", service::ApproachLink(ctx.public_url, code)},
                              {"learning_link", service::LearnLink(ctx.public_url, code)},
                              {"materials", std::move(materials)},
                              {"figures", FiguresJson(*ctx.catalogue, *figures)}}));
      }));
  router.Add("GET", "/api/v1/facility/{code}/figures/months/{month}",
             StaffApi(ctx, FacilityViewers(), [ctx](StaffCall& c, Respond r) {
               const std::string month = c.req->params["month"];
               auto tables = ctx.figures->FacilityMonth(*c.session, c.req->params["code"], month);
               if (!tables.ok()) {
                 r(ApiError(tables.error()));
                 return;
               }
               r(JsonResponse(200, json::object{{"month", month},
                                                {"tables", FiguresJson(*ctx.catalogue, *tables)}}));
             }));
}

}  // namespace portsafe::web
