#include "web/staff_view.h"

#include "core/category.h"
#include "core/reference.h"
#include "core/role.h"
#include "web/staff_pages.h"
#include "web/templates.h"

namespace portsafe::web {

using kainjow::mustache::data;
using service::StaffSession;

std::string ShortId(const std::string& id) { return core::ReferenceOf(id); }

std::string OutcomeText(const service::Outcome& o) {
  std::string out = Label(kOutcomeLabels, o.kind);
  if (o.kind == "seizure") {
    out += " of " + Label(kSeizureLabels, o.seizure_type) + " (" + o.quantity + ")";
  }
  return out;
}

data PackageThread(const std::vector<service::PackageMessage>& msgs, std::string_view agency_who,
                   std::string_view service_who) {
  data list{data::type::list};
  for (const auto& m : msgs) {
    const bool agency = m.author == "agency";
    data item;
    item.set("author", agency ? "reporter" : "service");  // the thread's two styles
    item.set("who", std::string(agency ? agency_who : service_who));
    item.set("sent_on", m.sent_on);
    item.set("text", m.text);
    list.push_back(item);
  }
  return list;
}

std::string CategoryLabel(const WebContext& ctx, const std::string& key) {
  return ctx.catalogue->T("en", "category." + key);
}

data CategoryOptions(const WebContext& ctx, std::string_view selected) {
  data list{data::type::list};
  for (const auto& c : core::Categories()) {
    data item;
    item.set("value", std::string(c.key));
    item.set("label", CategoryLabel(ctx, std::string(c.key)));
    if (c.key == selected) item.set("selected", true);
    list.push_back(item);
  }
  return list;
}

Response StaffPageResponse(const WebContext& ctx, const StaffSession* s, std::string_view title,
                           std::string_view body_template, data d, int status) {
  data page;
  page.set("title", std::string(title));
  if (s) {
    data sd;
    sd.set("email", s->email);
    sd.set("role", std::string(core::ToString(s->role)));
    sd.set("csrf", s->csrf);
    if (core::ReadsReports(s->role)) sd.set("reads_reports", true);
    if (s->role == core::Role::kAgency) sd.set("agency", true);
    if (s->role == core::Role::kSupervisor || s->role == core::Role::kAgency ||
        s->role == core::Role::kAdmin) {
      sd.set("team", true);
    }
    if (s->role == core::Role::kAdmin) sd.set("admin", true);
    if (s->role == core::Role::kPortManager) sd.set("facility", "/facility/" + s->facility_code);
    page.set("session", sd);
    d.set("csrf", s->csrf);
  }
  page.set("content", RenderTemplate(body_template, d));
  Response res;
  res.status = status;
  res.body = RenderTemplate("staff_layout", page);
  return res;
}

Response FromServiceError(const WebContext& ctx, const StaffSession* s, const Error& e) {
  int status = HttpStatusFor(e);
  std::string message = status == 500 ? "Something went wrong on our side." : e.message();
  Response r =
      StaffErrorPage(ctx, s, status, status == 404 ? "Not found" : "Cannot do that", message);
  if (status == 503) r.headers.emplace_back("Retry-After", "5");
  return r;
}

}  // namespace portsafe::web
