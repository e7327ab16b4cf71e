#include "web/agency_pages.h"

#include "service/package_export.h"
#include "web/api_helpers.h"
#include "web/on_pool.h"

#include "core/handling.h"
#include "web/staff_auth.h"
#include "web/staff_view.h"

namespace portsafe::web {
namespace {

using kainjow::mustache::data;
using service::StaffSession;

void HandleInbox(const WebContext& ctx, StaffCall& call, Respond respond) {
  service::InboxQuery q;
  q.after = call.req->Query("after");
  auto page = ctx.agency->Inbox(*call.session, q);
  if (!page.ok()) {
    respond(FromServiceError(ctx, call.session.get(), page.error()));
    return;
  }
  data rows{data::type::list};
  for (const auto& i : page->items) {
    data r;
    r.set("id", i.package_id);
    r.set("short_id", ShortId(i.package_id));
    r.set("sent_on", i.sent_on);
    r.set("category", CategoryLabel(ctx, i.category));
    r.set("priority", Label(kPriorityLabels, core::ToString(i.priority)));
    if (i.priority == core::Priority::kThreatToLife) r.set("threat", true);
    r.set("port", PortName(ctx, i.port_code));
    r.set("grade", i.grade_code);
    r.set("acknowledged_on", i.acknowledged_on.empty() ? "not yet" : i.acknowledged_on);
    r.set("outcome", i.outcome.empty() ? "none yet" : Label(kOutcomeLabels, i.outcome));
    if (i.answer_waiting) r.set("answer_waiting", true);
    rows.push_back(r);
  }
  data d;
  d.set("agency", page->agency_name);
  d.set("items", rows);
  if (!page->items.empty()) d.set("has_items", true);
  if (!page->next.empty()) d.set("next_href", "/agency?after=" + page->next);
  if (!q.after.empty()) d.set("paged", true);
  respond(StaffPageResponse(ctx, call.session.get(), "Inbox", "agency_inbox", std::move(d)));
}

Response PackagePage(const WebContext& ctx, const StaffSession& s, const std::string& id,
                     std::string_view notice, std::string_view error, int status,
                     const FormData* refused = nullptr) {
  auto p = ctx.agency->Open(s, id);
  if (!p.ok()) return FromServiceError(ctx, &s, p.error());
  const auto& c = p->content;
  data d;
  d.set("id", id);
  d.set("short_id", ShortId(id));
  if (!notice.empty()) d.set("notice", std::string(notice));
  if (!error.empty()) d.set("error", std::string(error));
  d.set("category", CategoryLabel(ctx, c.category));
  d.set("priority", Label(kPriorityLabels, core::ToString(c.priority)));
  if (c.priority == core::Priority::kThreatToLife) d.set("threat", true);
  if (!c.insider_type.empty()) d.set("insider", Label(kInsiderLabels, c.insider_type));
  d.set("port", PortName(ctx, c.port_code));
  if (!c.facility_code.empty()) d.set("facility", FacilityName(ctx, c.facility_code));
  d.set("received", c.received_month);
  d.set("sent_on", c.sent_on);
  d.set("grade", c.grade.Code());
  const core::Tlp tlp = service::TlpOf(c.grade);
  d.set("tlp", "TLP:" + std::string(core::ToString(tlp)));
  d.set("tlp_class", tlp == core::Tlp::kGreen ? "green" : "amber");
  d.set("tlp_meaning", std::string(core::TlpMeaning(tlp)));
  // The grade's three parts in words, each apart: "untested", not "2: untested".
  auto words = [](std::string label) {
    const size_t colon = label.find(": ");
    return colon == std::string::npos ? label : label.substr(colon + 2);
  };
  d.set("grade_source", words(Label(kSourceLabels, c.grade.source)));
  d.set("grade_intelligence", words(Label(kIntelLabels, c.grade.intelligence)));
  d.set("grade_handling", words(Label(kHandlingLabels, c.grade.handling)));
  if (!c.grade.conditions.empty()) d.set("conditions", c.grade.conditions);
  d.set("text", c.text);
  if (p->acknowledged_on.empty()) {
    d.set("unacknowledged", true);
  } else {
    d.set("acknowledged_on", p->acknowledged_on);
  }
  const auto& o = p->outcome;
  if (!o.kind.empty()) {
    d.set("outcome", OutcomeText(o));
    if (!o.note.empty()) d.set("outcome_note", o.note);
    d.set("outcome_on", o.recorded_on);
  }
  data files{data::type::list};
  for (const auto& a : p->attachments) {
    data item;
    item.set("package", id);
    item.set("seq", std::to_string(a.seq));
    item.set("name", a.name);
    item.set("size", ctx.catalogue->FileSize("en", a.size));
    files.push_back(item);
  }
  d.set("attachments", files);
  if (!p->attachments.empty()) d.set("has_attachments", true);
  d.set("messages", PackageThread(p->messages, "Your agency", "Reporting service"));
  if (!p->messages.empty()) d.set("has_messages", true);
  service::Outcome shown_outcome = o;
  std::string question;
  if (refused && refused->Get("action") == "outcome") {
    shown_outcome = {refused->Get("kind"), refused->Get("seizure_type"), refused->Get("quantity"),
                     refused->Get("note"), ""};
  }
  if (refused && refused->Get("action") == "ask") question = refused->Get("text");
  d.set("question", question);
  if (refused && refused->Get("action") == "alert_request") {
    d.set("alert_request", refused->Get("text"));
  }
  d.set("kinds", Options(kOutcomeLabels, shown_outcome.kind, true));
  d.set("seizure_types", Options(kSeizureLabels, shown_outcome.seizure_type, true));
  d.set("quantity", shown_outcome.quantity);
  d.set("note", shown_outcome.note);
  return StaffPageResponse(ctx, &s, "Package " + ShortId(id), "agency_package", std::move(d),
                           status);
}

void HandlePackagePost(const WebContext& ctx, StaffCall& call, Respond respond) {
  const std::string& id = call.req->params["id"];
  const FormData& f = call.form;
  const std::string action = f.Get("action");
  Status st = InvalidArgument("action");
  std::string notice;
  if (action == "acknowledge") {
    st = ctx.agency->Acknowledge(*call.session, id);
    notice = "Acknowledged.";
  } else if (action == "ask") {
    st = ctx.agency->Ask(*call.session, id, f.Get("text"));
    notice = "Your question was sent to the reporting service.";
  } else if (action == "alert_request") {
    st = ctx.agency->RequestAlert(*call.session, id, f.Get("text"));
    notice = "Your request for an alert was sent to the reporting service.";
  } else if (action == "outcome") {
    st = ctx.agency->RecordOutcome(
        *call.session, id,
        {f.Get("kind"), f.Get("seizure_type"), f.Get("quantity"), f.Get("note"), ""});
    notice = "Outcome recorded. Thank you.";
  }
  if (st.ok()) {
    respond(PackagePage(ctx, *call.session, id, notice, "", 200));
    return;
  }
  if (HttpStatusFor(st.error()) == 400) {
    respond(PackagePage(ctx, *call.session, id, "", st.error().message(), 400, &call.form));
    return;
  }
  respond(FromServiceError(ctx, call.session.get(), st.error()));
}

}  // namespace

service::PrintLabel PrintLabels(const WebContext& ctx) {
  return [ctx](std::string_view kind, std::string_view key) -> std::string {
    // The grade's parts in words alone: "untested", not "2: untested".
    auto words = [](std::string label) {
      const size_t colon = label.find(": ");
      return colon == std::string::npos ? label : label.substr(colon + 2);
    };
    if (kind == "category") return CategoryLabel(ctx, std::string(key));
    if (kind == "priority") return Label(kPriorityLabels, key);
    if (kind == "insider") return Label(kInsiderLabels, key);
    if (kind == "source") return words(Label(kSourceLabels, key));
    if (kind == "intelligence") return words(Label(kIntelLabels, key));
    if (kind == "handling") return words(Label(kHandlingLabels, key));
    return std::string(key);
  };
}

Response PackageFileResponse(const service::PackageFile& f) {
  Response r;
  r.content_type = f.content_type;
  r.headers.emplace_back("Content-Disposition", AttachmentDisposition(f.name));
  r.body = f.body;
  return r;
}

void AddAgencyPages(Router& router, const WebContext& ctx) {
  router.Add("GET", "/agency", StaffPage(ctx, AgencyOfficers(), [ctx](StaffCall& c, Respond r) {
               HandleInbox(ctx, c, std::move(r));
             }));
  router.Add("GET", "/agency/packages/{id}",
             StaffPage(ctx, AgencyOfficers(), [ctx](StaffCall& c, Respond r) {
               r(PackagePage(ctx, *c.session, c.req->params["id"], "", "", 200));
             }));
  router.Add("POST", "/agency/packages/{id}",
             StaffPage(ctx, AgencyOfficers(), [ctx](StaffCall& c, Respond r) {
               HandlePackagePost(ctx, c, std::move(r));
             }));
  router.Add(
      "GET", "/agency/packages/{id}/files/{seq}",
      StaffPage(ctx, AgencyOfficers(), [ctx](StaffCall& c, Respond r) {
        const auto seq = ParseSeq(c.req->params["seq"]);
        if (!seq) {
          r(FromServiceError(ctx, c.session.get(), NotFound("no such file")));
          return;
        }
        auto f = ctx.agency->Attachment(*c.session, c.req->params["id"], *seq);
        r(f.ok() ? PackageFileResponse(*f) : FromServiceError(ctx, c.session.get(), f.error()));
      }));
  // The printable package: rendering takes a while, so on the render pool.
  router.Add("GET", "/agency/packages/{id}/package.pdf",
             StaffPage(ctx, AgencyOfficers(),
                       OnPool(ctx, Work::kRender, StaffHandler([ctx](StaffCall& c, Respond r) {
                                auto f = ctx.agency->Printable(*c.session, c.req->params["id"],
                                                               PrintLabels(ctx));
                                r(f.ok() ? PackageFileResponse(*f)
                                         : FromServiceError(ctx, c.session.get(), f.error()));
                              }),
                              [ctx](const StaffCall& c) {
                                return StaffBusyPage(ctx, c.session.get(),
                                                     "Many files are being made just now. Try "
                                                     "again in a few seconds.");
                              })));
  // The package as a file for the agency's own systems, from the page.
  for (const auto& [file, format] : {std::pair{"stix.json", service::PackageFormat::kStix},
                                     std::pair{"misp.json", service::PackageFormat::kMisp}}) {
    router.Add(
        "GET", "/agency/packages/{id}/" + std::string(file),
        StaffPage(ctx, AgencyOfficers(), [ctx, format](StaffCall& c, Respond r) {
          auto f = ctx.agency->Export(*c.session, c.req->params["id"], format);
          r(f.ok() ? PackageFileResponse(*f) : FromServiceError(ctx, c.session.get(), f.error()));
        }));
  }
}

}  // namespace portsafe::web
