#include "web/staff_view.h"

#include <set>

#include "core/category.h"
#include "core/reference.h"
#include "core/role.h"
#include "web/staff_pages.h"
#include "web/templates.h"

namespace portsafe::web {

using kainjow::mustache::data;
using service::StaffSession;

std::string ShortId(const std::string& id) { return core::ReferenceOf(id); }

std::string PortName(const WebContext& ctx, const std::string& code) {
  const core::Port* p = ctx.reporting->ports().Find(code);
  return p != nullptr ? core::PortLabel(*p) : code;
}

std::string FacilityName(const WebContext& ctx, const std::string& code) {
  if (code.empty()) return code;
  auto f = ctx.reporting->FindFacility(code);
  if (!f.ok() || !f->has_value()) return code;
  return (*f)->name + " (" + (*f)->code + ")";
}

std::string OutcomeText(const service::Outcome& o) {
  std::string out = Label(kOutcomeLabels, o.kind);
  if (o.kind == "seizure") {
    out += " of " + Label(kSeizureLabels, o.seizure_type) + " (" + o.quantity + ")";
  }
  return out;
}

data PackageThread(const std::vector<service::PackageMessage>& msgs, std::string_view agency_who,
                   std::string_view service_who, std::string_view draft_link) {
  data list{data::type::list};
  for (const auto& m : msgs) {
    const bool agency = m.author == "agency";
    data item;
    if (agency && !draft_link.empty() && m.text.rfind(service::kAlertRequestPrefix, 0) == 0) {
      item.set("draft_link", std::string(draft_link));
    }
    item.set("author", agency ? "reporter" : "service");  // the thread's two styles
    item.set("who", std::string(agency ? agency_who : service_who));
    item.set("sent_on", m.sent_on);
    item.set("text", m.text);
    list.push_back(item);
  }
  return list;
}

data FindingList(const std::vector<core::Finding>& findings) {
  data list{data::type::list};
  for (const auto& f : findings) {
    data item;
    item.set("kind", Label(kFindingLabels, f.kind));
    item.set("excerpt", f.excerpt);
    item.set("id", f.id);
    if (f.acknowledged) item.set("acknowledged", true);
    list.push_back(item);
  }
  return list;
}

std::string CategoryLabel(const WebContext& ctx, const std::string& key) {
  return ctx.catalogue->T("en", "category." + key);
}

data CategoryOptions(const WebContext& ctx, std::string_view selected, bool form_only) {
  data list{data::type::list};
  for (const auto& c : core::Categories()) {
    if (form_only && c.own_path) continue;
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

namespace {

// The audit log's actions in words; an action not listed is shown as it is.
constexpr std::pair<std::string_view, std::string_view> kActionWords[] = {
    {"report.phone_intake", "taken by phone"},
    {"report.assigned", "assigned"},
    {"report.priority_set", "priority set"},
    {"report.classified", "classified"},
    {"report.graded", "graded"},
    {"report.sanitised", "sanitised report saved"},
    {"report.submitted_for_approval", "submitted for approval"},
    {"report.sent_back", "sent back for changes"},
    {"report.disseminated", "approved and sent to the agencies"},
    {"report.closed", "closed"},
    {"report.closed_in_group", "closed with its group of near-identical reports"},
    {"report.purged", "purged"},
    {"reporter.messaged", "question sent to the reporter"},
    {"reporter.feedback_sent", "feedback sent to the reporter"},
    {"package.read", "package read"},
    {"package.acknowledged", "package acknowledged"},
    {"package.question_asked", "question asked about the package"},
    {"package.answered", "agency's question answered"},
    {"package.answered_warnings_acknowledged", "agency's question answered, warnings accepted"},
    {"package.outcome_recorded", "outcome recorded"},
};

// Looking, not changing: these fold together.
bool IsRead(std::string_view action) {
  return action == "report.read" || action == "file.read" || action == "links.read";
}

std::string Who(const service::AuditEvent& e, const std::map<std::string, std::string>& names) {
  if (auto it = names.find(e.actor_id); it != names.end()) return it->second;
  if (e.actor_role == "operator") return "the operator";
  static constexpr std::pair<std::string_view, std::string_view> kRoles[] = {
      {"handler", "a handler"},
      {"supervisor", "a supervisor"},
      {"agency", "an agency officer"},
      {"port-manager", "a port security manager"},
      {"admin", "the programme admin"}};
  std::string role = e.actor_role;
  for (const auto& [key, words] : kRoles) {
    if (key == e.actor_role) role = std::string(words);
  }
  return e.actor_id.empty() ? role : role + " (" + e.actor_id.substr(0, 8) + ")";
}

}  // namespace

std::vector<HistoryLine> HistoryInWords(const std::vector<service::AuditLog::Entry>& entries,
                                        const std::map<std::string, std::string>& names) {
  std::vector<HistoryLine> out;
  for (size_t i = 0; i < entries.size();) {
    const auto& e = entries[i];
    if (!IsRead(e.event.action)) {
      std::string words = e.event.action;
      for (const auto& [action, text] : kActionWords) {
        if (action == e.event.action) words = std::string(text);
      }
      out.push_back({e.on, words + " by " + Who(e.event, names)});
      ++i;
      continue;
    }
    // A run of reads: who, how often, from when to when.
    std::set<std::string> readers;
    size_t j = i;
    for (; j < entries.size() && IsRead(entries[j].event.action); ++j) {
      readers.insert(entries[j].event.actor_id);
    }
    const size_t times = j - i;
    const std::string& first = entries[i].on;
    const std::string& last = entries[j - 1].on;
    std::string text = readers.size() == 1
                           ? "read by " + Who(e.event, names)
                           : "read by " + std::to_string(readers.size()) + " people";
    if (times > 1) text += ", " + std::to_string(times) + " times";
    out.push_back({first == last ? first : first + " to " + last, text});
    i = j;
  }
  return out;
}

}  // namespace portsafe::web
