#include "web/staff_pages.h"

#include <array>
#include <cctype>
#include <ctime>
#include <map>

#include "core/approach.h"
#include "core/category.h"
#include "core/handling.h"
#include "core/reference.h"
#include "core/report_status.h"
#include "core/text.h"
#include "service/link_service.h"
#include "web/api_helpers.h"
#include "web/form.h"
#include "web/links_pages.h"
#include "web/on_pool.h"
#include "web/staff_auth.h"
#include "web/staff_view.h"
#include "web/templates.h"

namespace portsafe::web {
namespace {

bool ContainsIgnoringCase(std::string_view whole, std::string_view part) {
  return !part.empty() && text::Lower(whole).find(text::Lower(part)) != std::string::npos;
}

using kainjow::mustache::data;
using service::StaffSession;

// --- sign-in -----------------------------------------------------------

// The sign-in page, its form carrying the token `req`'s login cookie holds
// (or a new one), which the answer sets again.
Response LoginPage(const WebContext& ctx, const Request& req, std::string_view email,
                   std::string_view error, int status) {
  const std::string token = LoginFormToken(req);
  data d;
  d.set("email", std::string(email));
  d.set("login_csrf", token);
  if (!error.empty()) {
    std::string sentence(error);  // the services' messages start in lower case
    sentence[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sentence[0])));
    d.set("error", std::move(sentence));
  }
  Response r = StaffPageResponse(ctx, nullptr, "Sign in", "staff_login", std::move(d), status);
  r.headers.emplace_back("Set-Cookie", LoginFormCookie(token));
  return r;
}

void HandleLogin(const WebContext& ctx, Request& req, Respond respond) {
  auto form = ParseFormRequest(req);
  if (!form.ok()) {
    respond(LoginPage(ctx, req, "", "The form could not be read.", 400));
    return;
  }
  std::string email = form->Get("email");
  if (email.size() > 254) email.clear();
  if (!LoginFormIsOurs(req, *form)) {
    // Checked before the password, which is never tried: a form posted from
    // another site, or one older than its cookie.
    respond(LoginPage(ctx, req, email,
                      "This sign-in form has expired or was not sent from this site. "
                      "Sign in again on this page.",
                      403));
    return;
  }
  auto token = ctx.auth->Login(email, form->Get("password"), form->Get("totp"));
  if (!token.ok()) {
    Response r = LoginPage(ctx, req, email, token.error().message(), HttpStatusFor(token.error()));
    if (r.status == 503) r.headers.emplace_back("Retry-After", "5");
    respond(std::move(r));
    return;
  }
  Response r = Redirect("/staff");
  r.headers.emplace_back("Set-Cookie", StartSessionCookie(*token));
  respond(std::move(r));
}

Response RecoverPage(const WebContext& ctx, std::string_view email, std::string_view notice,
                     std::string_view error, int status) {
  data d;
  d.set("email", std::string(email));
  if (!notice.empty()) d.set("notice", std::string(notice));
  if (!error.empty()) d.set("error", std::string(error));
  return StaffPageResponse(ctx, nullptr, "Set a new password", "staff_recover", std::move(d),
                           status);
}

void HandleRecover(const WebContext& ctx, Request& req, Respond respond) {
  auto form = ParseFormRequest(req);
  if (!form.ok()) {
    respond(RecoverPage(ctx, "", "", "The form could not be read.", 400));
    return;
  }
  std::string email = form->Get("email");
  if (email.size() > 254) email.clear();
  Status st = ctx.auth->ResetPassword(email, form->Get("recovery_code"), form->Get("totp"),
                                      form->Get("new_password"));
  if (st.ok()) {
    respond(RecoverPage(ctx, "", "Your password is set.", "", 200));
    return;
  }
  Response r = RecoverPage(ctx, email, "",
                           st.error().code() == ErrorCode::kUnauthenticated
                               ? "wrong e-mail address, recovery code or one-time code"
                               : st.error().message(),
                           HttpStatusFor(st.error()));
  if (r.status == 503) r.headers.emplace_back("Retry-After", "5");
  respond(std::move(r));
}

// --- the queue and a report ---------------------------------------------

// What the queue row and the report page both show of a report: priority,
// category, receipt date and age, and the two clocks.
void SetItemFields(const WebContext& ctx, const service::QueueItem& q, data& d) {
  d.set("priority_label", Label(kPriorityLabels, core::ToString(q.priority)));
  d.set("category_label", CategoryLabel(ctx, q.category));
  if (q.category == core::kApproachCategory) d.set("approach", true);
  d.set("received_on", q.received_on);
  d.set("age", std::to_string(q.age_days));
  d.set("age_words", q.age_days == 0   ? std::string("today")
                     : q.age_days == 1 ? std::string("yesterday")
                                       : std::to_string(q.age_days) + " days ago");
  d.set("ack_due", q.clocks.ack_due);
  if (q.clocks.ack_breached) d.set("ack_breached", true);
  d.set("feedback_due", q.clocks.feedback_due);
  if (q.clocks.feedback_breached) d.set("feedback_breached", true);
}

// What the queue's search box found: the filter it sets and how the page
// names it ("Port: Felixstowe (GBFXT)"); `error` when nothing could be read.
struct QueueSearch {
  std::string shown;
  std::string error;
};

// Reads the search text as, in turn: a report's reference, a member
// facility's code, a port (code or name), a category, and else as text
// naming identifiers (a container, ship, vehicle, phone or address), which
// the link index looks up.
Result<QueueSearch> ApplySearch(const WebContext& ctx, const StaffSession& s,
                                const std::string& typed, service::QueueFilter* f) {
  QueueSearch out;
  if (auto ref = core::ParseReference(typed)) {
    auto ids = ctx.handling->FindByReference(s, *ref);
    if (!ids.ok()) return ids.error();
    if (!ids->empty()) {
      f->only = std::move(*ids);
      out.shown = "Reference " + *ref;
      return out;
    }
  }
  const std::string upper = text::Upper(typed);
  auto facility = ctx.reporting->FindFacility(upper);
  if (!facility.ok()) return facility.error();
  if (facility->has_value()) {
    f->facility_code = (*facility)->code;
    out.shown = "Facility: " + (*facility)->name + " (" + (*facility)->code + ")";
    return out;
  }
  const auto& ports = ctx.reporting->ports();
  const core::Port* port = ports.Find(upper);
  if (port == nullptr) {
    auto resolved = ports.Resolve(typed);
    if (resolved.ok()) port = *resolved;
  }
  if (port != nullptr) {
    f->port_code = port->code;
    out.shown = "Port: " + core::PortLabel(*port);
    return out;
  }
  const std::string lower = text::Lower(typed);
  for (const auto& c : core::Categories()) {
    const std::string key(c.key);
    if (lower == key || lower == text::Lower(CategoryLabel(ctx, key))) {
      f->category = key;
      out.shown = "Category: " + CategoryLabel(ctx, key);
      return out;
    }
  }
  if (ctx.links == nullptr) {
    out.error = "Nothing matches \"" + typed + "\": try a reference, port, facility or category.";
    f->only = std::vector<std::string>{};
    return out;
  }
  auto ids = ctx.links->ReportsNaming(s, typed);
  if (!ids.ok()) return ids.error();
  f->only = std::move(*ids);
  out.shown = "Reports naming \"" + typed + "\"";
  if (f->only->empty()) {
    out.error = "Nothing matches \"" + typed +
                "\": no reference, port, facility, category or identifier named in a report.";
  }
  return out;
}

void HandleQueue(const WebContext& ctx, StaffCall& call, Respond respond) {
  const Request& req = *call.req;
  const std::string sort = req.Query("sort") == "age" ? "age" : "priority";
  const bool closed = req.Query("closed") == "1";
  service::QueueQuery q;
  q.sort = sort == "age" ? service::QueueSort::kAge : service::QueueSort::kPriority;
  q.include_closed = closed;
  q.after = req.Query("after");
  const std::string status = req.Query("status");
  if (!status.empty()) {
    q.status = core::ParseReportStatus(status);
    if (!q.status) {
      respond(FromServiceError(ctx, call.session.get(),
                               InvalidField("status", "Choose a status from the list.")));
      return;
    }
  }
  const bool overdue = req.Query("overdue") == "1";
  const bool mine = req.Query("mine") == "1";
  const bool linked = req.Query("linked") == "1";
  q.filter.overdue = overdue;
  q.filter.linked = linked;
  if (mine) q.filter.assigned_to = call.session->user_id;
  std::string typed(text::Trim(req.Query("q")));
  if (typed.size() > 200) {
    respond(FromServiceError(ctx, call.session.get(),
                             InvalidField("q", "Search for at most 200 characters.")));
    return;
  }
  QueueSearch search;
  if (!typed.empty()) {
    auto found = ApplySearch(ctx, *call.session, typed, &q.filter);
    if (!found.ok()) {
      respond(FromServiceError(ctx, call.session.get(), found.error()));
      return;
    }
    search = std::move(*found);
  }
  auto page = ctx.handling->Queue(*call.session, q);
  if (!page.ok()) {
    respond(FromServiceError(ctx, call.session.get(), page.error()));
    return;
  }
  // Counting stops at kCountCap: a count costs the same with a million.
  constexpr std::int64_t kCountCap = 10000;
  auto counts = ctx.handling->QueueCounts(*call.session, kCountCap);
  if (!counts.ok()) {
    respond(FromServiceError(ctx, call.session.get(), counts.error()));
    return;
  }
  // The query string of this view, with what the search and filters ask.
  std::string narrow;
  if (!typed.empty()) narrow += "&q=" + UrlEncode(typed);
  if (overdue) narrow += "&overdue=1";
  if (mine) narrow += "&mine=1";
  if (linked) narrow += "&linked=1";
  const std::string base = "/handle?sort=" + sort + (closed ? "&closed=1" : "") + narrow;
  data filters{data::type::list};
  {
    data all;
    all.set("label", std::string(closed ? "All" : "All open"));
    all.set("href", base);
    if (!q.status) all.set("current", true);
    filters.push_back(all);
  }
  for (const auto& [st, n] : *counts) {
    if (st == core::ReportStatus::kClosed && !closed) continue;
    data f;
    f.set("label", Label(kStatusLabels, core::ToString(st)));
    f.set("count", n >= kCountCap ? std::to_string(kCountCap) + "+" : std::to_string(n));
    f.set("href", base + "&status=" + std::string(core::ToString(st)));
    if (q.status == st) f.set("current", true);
    filters.push_back(f);
  }
  data rows{data::type::list};
  std::map<std::string, std::string> facility_names;  // code -> label, this page
  for (const auto& item : page->items) {
    data r;
    r.set("id", item.report_id);
    r.set("short_id", ShortId(item.report_id));
    r.set("status_label", Label(kStatusLabels, core::ToString(item.status)));
    SetItemFields(ctx, item, r);
    if (item.priority == core::Priority::kThreatToLife) r.set("threat", true);
    r.set("port", PortName(ctx, item.port_code));
    if (!item.facility_code.empty()) {
      auto [it, added] = facility_names.try_emplace(item.facility_code);
      if (added) it->second = FacilityName(ctx, item.facility_code);
      r.set("facility", it->second);
    }
    r.set("assigned", item.assigned_to);
    if (item.reporter_replied) r.set("replied", true);
    if (item.agency_question) r.set("agency_question", true);
    if (item.linked_open > 0) r.set("linked", std::to_string(item.linked_open));
    rows.push_back(r);
  }
  const std::string here =
      base + (q.status ? "&status=" + std::string(core::ToString(*q.status)) : "");
  data d;
  d.set("filters", filters);
  d.set("items", rows);
  if (!page->items.empty()) d.set("has_items", true);
  if (!page->next.empty()) d.set("next_href", here + "&after=" + page->next);
  if (!q.after.empty()) d.set("first_href", here);
  d.set("typed", typed);
  if (!search.shown.empty()) d.set("search_shown", search.shown);
  if (!search.error.empty()) d.set("search_error", search.error);
  if (overdue) d.set("overdue", true);
  if (mine) d.set("mine", true);
  if (linked) d.set("linked_only", true);
  if (!narrow.empty()) {
    d.set("narrowed", true);
    d.set("clear_href", "/handle?sort=" + sort + (closed ? "&closed=1" : ""));
  }
  if (q.status) d.set("status_value", std::string(core::ToString(*q.status)));
  auto outcomes = ctx.handling->OutcomeCounts(*call.session);
  if (outcomes.ok() && !outcomes->empty()) {
    data rows{data::type::list};
    for (const auto& o : *outcomes) {
      data r;
      std::string what = Label(kOutcomeLabels, o.outcome);
      if (!o.seizure_type.empty()) what += " (" + Label(kSeizureLabels, o.seizure_type) + ")";
      r.set("what", what);
      r.set("month", o.month);
      r.set("count", std::to_string(o.count));
      rows.push_back(r);
    }
    d.set("outcomes", rows);
    d.set("has_outcomes", true);
  }
  d.set("sort", sort);
  if (sort == "priority") d.set("sort_priority", true);
  if (closed) {
    d.set("closed", true);
    d.set("closed_param", "&closed=1");
  }
  if (q.status) d.set("status_param", "&status=" + std::string(core::ToString(*q.status)));
  d.set("narrow_param", narrow);
  respond(StaffPageResponse(ctx, call.session.get(), "Report queue", "staff_queue", std::move(d)));
}

// The sanitised report, the recipients, the supervisor's decision and the
// packages sent, on the report page.
void AddDissemination(const WebContext& ctx, const StaffSession& s, const service::HandlerReport& r,
                      const FormData* refused, const std::vector<core::Finding>* answer_warnings,
                      std::string_view error, data& d) {
  const auto& n = r.notes;
  using core::ReportStatus;
  const ReportStatus status = r.item.status;
  std::string sanitised = n.sanitised;
  if (refused && refused->Get("action") == "sanitise") sanitised = refused->Get("text");
  d.set("sanitised", sanitised);
  d.set("check_scope", std::string(kIdentifyingCheckScope));
  const bool editable =
      status != ReportStatus::kClosed && status != ReportStatus::kAwaitingApproval;
  if (editable) d.set("editable", true);
  // A refused submission comes back as the handler left it: the agencies
  // and the warnings they ticked.
  const bool resubmit = refused && refused->Get("action") == "submit";
  if (!r.warnings.empty()) {
    std::vector<core::Finding> warnings = r.warnings;
    const auto ticked = resubmit ? refused->GetAll("ack") : std::vector<std::string>{};
    for (auto& f : warnings) {
      // While the handler edits (after a send-back too) each warning waits
      // for a new tick; the tag is for the supervisor's view.
      f.acknowledged = !editable && f.acknowledged;
      if (std::find(ticked.begin(), ticked.end(), f.id) != ticked.end()) {
        f.acknowledged = false;
      }
    }
    d.set("has_warnings", true);
    d.set("warnings", FindingList(warnings));
    data boxes{data::type::list};
    for (const auto& f : warnings) {
      data item;
      item.set("id", f.id);
      item.set("kind", Label(kFindingLabels, f.kind));
      item.set("excerpt", f.excerpt);
      if (std::find(ticked.begin(), ticked.end(), f.id) != ticked.end()) item.set("ticked", true);
      boxes.push_back(item);
    }
    d.set("ack_boxes", boxes);
    if (resubmit && refused->Get("refused_field") == "warnings") d.set("ack_error", true);
  }
  if (!n.review_comment.empty()) d.set("review_comment", n.review_comment);
  const auto posted_to = resubmit ? refused->GetAll("to") : std::vector<std::string>{};
  data agencies{data::type::list};
  for (const auto& a : r.agencies) {
    data item;
    item.set("code", a.code);
    item.set("name", a.name);
    // "Border Force (Border Force)" says nothing twice: the kind only when
    // the name does not already hold it.
    const std::string kind = Label(kAgencyKindLabels, a.kind);
    if (!ContainsIgnoringCase(a.name, kind)) item.set("kind", kind);
    if (a.proposed) item.set("proposed", true);
    const bool chosen =
        resubmit ? std::find(posted_to.begin(), posted_to.end(), a.code) != posted_to.end()
                 : a.chosen;
    if (chosen) item.set("chosen", true);
    agencies.push_back(item);
  }
  d.set("agencies", agencies);
  // The report's cleaned files, to choose which go with the package.
  const auto posted_files = resubmit ? refused->GetAll("attach") : std::vector<std::string>{};
  data attach{data::type::list}, attached{data::type::list};
  for (const auto& f : r.report.files) {
    const bool chosen = resubmit ? std::find(posted_files.begin(), posted_files.end(),
                                             std::to_string(f.seq)) != posted_files.end()
                                 : std::find(n.attachments.begin(), n.attachments.end(), f.seq) !=
                                       n.attachments.end();
    data item;
    item.set("seq", std::to_string(f.seq));
    item.set("name", f.name);
    item.set("report", r.item.report_id);
    if (chosen) {
      item.set("chosen", true);
      attached.push_back(item);
    }
    attach.push_back(item);
  }
  d.set("attach_files", attach);
  if (!r.report.files.empty()) d.set("has_attach_files", true);
  d.set("attached_files", attached);
  if (!n.attachments.empty()) d.set("has_attached_files", true);
  if (status == ReportStatus::kAwaitingApproval) {
    d.set("awaiting", true);
    data names{data::type::list};
    for (const auto& a : r.agencies) {
      if (a.chosen) names.push_back(data(a.name));
    }
    d.set("recipient_names", names);
    if (r.can_approve) d.set("can_approve", true);
  }
  data packages{data::type::list};
  for (const auto& p : r.packages) {
    data item;
    item.set("package", p.id);
    item.set("report", r.item.report_id);
    item.set("agency", p.agency_name.empty() ? p.agency_code : p.agency_name);
    item.set("sent_on", p.sent_on);
    if (!p.acknowledged_on.empty()) item.set("acknowledged_on", p.acknowledged_on);
    if (!p.outcome.kind.empty()) {
      item.set("outcome", OutcomeText(p.outcome));
      if (!p.outcome.note.empty()) item.set("outcome_note", p.outcome.note);
    }
    item.set("messages",
             PackageThread(p.messages, "Agency", "Service", "/handle/alerts?package=" + p.id));
    if (!p.messages.empty()) item.set("has_messages", true);
    if (p.question_open) item.set("question_open", true);
    item.set("csrf", s.csrf);
    if (refused && refused->Get("action") == "answer" && refused->Get("package") == p.id) {
      item.set("answer", refused->Get("text"));
      if (refused->Get("refused_field") == "text") {
        item.set("answer_error", std::string(error));
      }
      if (answer_warnings && !answer_warnings->empty()) {
        item.set("answer_warnings", FindingList(*answer_warnings));
        item.set("has_answer_warnings", true);
      }
    }
    packages.push_back(item);
  }
  d.set("packages", packages);
  if (!r.packages.empty()) d.set("has_packages", true);
}

// The id of the control that a refused form's field is shown at on the
// report page (its error is written there and the summary links to it), or
// "" when the refusal is about the report, not a field.
std::string ErrorAnchor(const FormData& refused) {
  const std::string action = refused.Get("action");
  const std::string field = refused.Get("refused_field");
  if (field == "warnings") return "acknowledge";
  if (field == "sanitised" || (action == "sanitise" && field == "text")) return "sanitised";
  if (field == "grade") return "source";
  if (action == "answer" && field == "text") return "answer-" + refused.Get("package");
  static constexpr std::string_view kFields[] = {
      "text",         "priority",  "category",   "insider_type", "source",
      "intelligence", "handling",  "conditions", "reason",       "note",
      "sure",         "assign_to", "comment",    "recipients"};
  for (std::string_view f : kFields) {
    if (f == field) return field;
  }
  return "";
}

// `refused` is the form that was refused, if any: its values are shown
// again so nothing typed is lost, and its error beside the field at fault.
// `answer_warnings`: why an answer to an agency was held back.
Response ReportPage(const WebContext& ctx, const StaffSession& s, const std::string& id,
                    std::string_view notice, std::string_view error, int status,
                    const FormData* refused = nullptr,
                    const std::vector<core::Finding>* answer_warnings = nullptr) {
  auto r = ctx.handling->Open(s, id);
  if (!r.ok()) return FromServiceError(ctx, &s, r.error());
  const auto& q = r->item;
  data d;
  d.set("id", id);
  d.set("short_id", ShortId(id));
  if (!notice.empty()) d.set("notice", std::string(notice));
  if (!error.empty()) d.set("error", std::string(error));
  if (refused != nullptr && !error.empty()) {
    const std::string anchor = ErrorAnchor(*refused);
    if (!anchor.empty()) {
      d.set("error_anchor", anchor);
      data err;
      err.set(anchor, std::string(error));
      d.set("err", err);
      if (anchor == "reason" || anchor == "note" || anchor == "sure") d.set("close_open", true);
    }
  }
  d.set("status_label", Label(kStatusLabels, core::ToString(q.status)));
  SetItemFields(ctx, q, d);
  d.set("port", PortName(ctx, q.port_code));
  if (!q.facility_code.empty()) d.set("facility", FacilityName(ctx, q.facility_code));
  if (!q.assigned_to.empty()) d.set("assigned", q.assigned_to);
  {
    data colleagues{data::type::list};
    for (const auto& [user_id, email] : r->colleagues) {
      data c;
      c.set("id", user_id);
      c.set("email", email);
      if (email == q.assigned_to) c.set("current", true);
      colleagues.push_back(c);
    }
    d.set("colleagues", colleagues);
    d.set("has_colleagues", !r->colleagues.empty());
  }
  const auto& n = r->notes;
  if (!n.grade.empty()) {
    d.set("grade",
          n.grade.Code() + (n.grade.conditions.empty() ? "" : " (" + n.grade.conditions + ")"));
  }
  if (!n.insider_type.empty()) d.set("insider", Label(kInsiderLabels, n.insider_type));
  if (!n.close_reason.empty()) {
    d.set("close_reason", Label(kReasonLabels, n.close_reason));
    if (!n.close_note.empty()) d.set("close_note", n.close_note);
  }
  data fields{data::type::list};
  for (const auto& f : core::SubmissionFields()) {
    const std::string& v = r->report.fields.*f.member;
    if (v.empty() || f.name == "lang") continue;
    data item;
    item.set("label", ctx.catalogue->T("en", "field_" + std::string(f.name)));
    std::string shown = v;
    if (f.name == "category") shown = CategoryLabel(ctx, v);
    if (f.name == "how_known") shown = ctx.catalogue->T("en", "how_known." + v);
    if (auto prefix = core::ChoiceLabelPrefix(f.name); !prefix.empty()) {
      shown = ctx.catalogue->ChoiceText("en", prefix, v);
    }
    if (f.name == "port") shown = PortName(ctx, v);
    item.set("value", shown);
    fields.push_back(item);
  }
  d.set("fields", fields);
  data files{data::type::list};
  for (const auto& f : r->report.files) {
    data item;
    item.set("id", id);
    item.set("seq", std::to_string(f.seq));
    item.set("name", f.name);
    item.set("size", ctx.catalogue->FileSize("en", f.size));
    if (f.reencoded) {
      item.set("cleaned", true);
      item.set("image", true);
    }
    files.push_back(item);
  }
  d.set("files", files);
  if (!r->report.files.empty()) d.set("has_files", true);
  data msgs{data::type::list};
  for (const auto& m : r->report.messages) {
    data item;
    item.set("author", m.author == "reporter" ? "reporter" : "service");
    item.set("who", m.author == "reporter" ? "Reporter" : "Service");
    item.set("sent_on", m.sent_on);
    item.set("text", m.text);
    msgs.push_back(item);
  }
  d.set("messages", msgs);
  if (!r->report.messages.empty()) d.set("has_messages", true);
  if (q.status != core::ReportStatus::kClosed) d.set("open", true);
  d.set("priorities", Options(kPriorityLabels, core::ToString(q.priority)));
  // An approach keeps its category; no other report can take it.
  d.set("categories", CategoryOptions(ctx, q.category, q.category != core::kApproachCategory));
  d.set("insider_types", Options(kInsiderLabels, n.insider_type));
  core::Grade shown = n.grade;
  std::string message;
  if (refused && refused->Get("action") == "grade") {
    shown = {refused->Get("source"), refused->Get("intelligence"), refused->Get("handling"),
             refused->Get("conditions")};
  }
  if (refused && refused->Get("action") == "message") message = refused->Get("text");
  d.set("sources", Options(kSourceLabels, shown.source, true));
  d.set("intelligence", Options(kIntelLabels, shown.intelligence, true));
  d.set("handlings", Options(kHandlingLabels, shown.handling, true));
  d.set("conditions", shown.conditions);
  d.set("message", message);
  const bool close_refused = refused && refused->Get("action") == "close";
  d.set("reasons", Options(kReasonLabels, close_refused ? refused->Get("reason") : ""));
  if (close_refused) d.set("typed_note", refused->Get("note"));
  data history{data::type::list};
  const std::map<std::string, std::string> names(r->colleagues.begin(), r->colleagues.end());
  for (const auto& line : HistoryInWords(r->history, names)) {
    data item;
    item.set("on", line.on);
    item.set("text", line.text);
    history.push_back(item);
  }
  d.set("history", history);
  AddLinksSection(ctx, s, id, d);
  AddDissemination(ctx, s, *r, refused, answer_warnings, error, d);
  return StaffPageResponse(ctx, &s, "Report " + ShortId(id), "staff_report", std::move(d), status);
}

// Applies one action from the report page's forms.
Status ApplyAction(const WebContext& ctx, const StaffSession& s, const std::string& id,
                   const FormData& f, std::string* notice) {
  const std::string action = f.Get("action");
  auto* h = ctx.handling;
  if (action == "assign") {
    *notice = "The report is assigned to you.";
    return h->AssignToSelf(s, id);
  }
  if (action == "assign_to") {
    *notice = "The report is given to your colleague.";
    return h->AssignTo(s, id, f.Get("assign_to"));
  }
  if (action == "message") {
    *notice = "Your message was sent to the reporter.";
    return h->MessageReporter(s, id, f.Get("text"), f.Get("feedback") == "1");
  }
  if (action == "priority") {
    auto p = core::ParsePriority(f.Get("priority"));
    if (!p) return InvalidField("priority", "Choose a priority from the list.");
    *notice = "Priority saved.";
    return h->SetPriority(s, id, *p);
  }
  if (action == "classify") {
    *notice = "Classification saved.";
    return h->Classify(s, id, f.Get("category"), f.Get("insider_type"));
  }
  if (action == "grade") {
    *notice = "Grade saved.";
    return h->Grade(
        s, id, {f.Get("source"), f.Get("intelligence"), f.Get("handling"), f.Get("conditions")});
  }
  if (action == "close") {
    // Closing is final: asked to be confirmed, as no page script can.
    if (f.Get("sure") != "1") {
      return InvalidField("sure", "Tick \"Yes, close this report\" to close it.");
    }
    *notice = "The report is closed.";
    return h->Close(s, id, f.Get("reason"), f.Get("note"));
  }
  if (action == "sanitise") {
    auto warnings = h->SaveSanitised(s, id, f.Get("text"));
    if (!warnings.ok()) return warnings.error();
    *notice = warnings->empty()
                  ? "Sanitised report saved. The check found none of what it looks for (below)."
                  : "Sanitised report saved. Look at the warnings below.";
    return Status::Ok();
  }
  if (action == "submit") {
    *notice = "Sent to a supervisor for approval.";
    std::vector<std::int64_t> seqs;
    for (const auto& v : f.GetAll("attach")) {
      auto seq = ParseSeq(v);
      if (!seq) return InvalidField("attachments", "Choose files of this report.");
      seqs.push_back(*seq);
    }
    if (auto st = h->ChooseAttachments(s, id, seqs); !st.ok()) return st;
    return h->SubmitForApproval(s, id, f.GetAll("to"), f.GetAll("ack"));
  }
  if (action == "approve") {
    *notice = "Approved: the package is sealed to each agency and sent.";
    return h->Approve(s, id);
  }
  if (action == "send_back") {
    *notice = "Sent back to the handler with your comment.";
    return h->SendBack(s, id, f.Get("comment"));
  }
  return InvalidArgument("action");
}

void HandleAnswer(const WebContext& ctx, StaffCall& call, Respond respond) {
  const std::string& id = call.req->params["id"];
  const FormData& f = call.form;
  auto r = ctx.handling->AnswerAgency(*call.session, id, f.Get("package"), f.Get("text"),
                                      f.GetAll("ack"));
  if (r.ok() && r->sent) {
    respond(ReportPage(ctx, *call.session, id, "Your answer was sent to the agency.", "", 200));
    return;
  }
  if (r.ok()) {
    respond(ReportPage(ctx, *call.session, id, "",
                       "The answer was not sent: it may identify the reporter. Change it, or "
                       "tick each warning you checked.",
                       400, &call.form, &r->warnings));
    return;
  }
  int status = HttpStatusFor(r.error());
  if (status == 400) {
    FormData refused = call.form;
    refused.fields.emplace_back("refused_field", r.error().field());
    respond(ReportPage(ctx, *call.session, id, "", r.error().message(), status, &refused));
    return;
  }
  respond(FromServiceError(ctx, call.session.get(), r.error()));
}

void HandleReportPost(const WebContext& ctx, StaffCall& call, Respond respond) {
  const std::string& id = call.req->params["id"];
  if (call.form.Get("action") == "answer") {
    HandleAnswer(ctx, call, std::move(respond));
    return;
  }
  std::string notice;
  Status st = ApplyAction(ctx, *call.session, id, call.form, &notice);
  if (st.ok()) {
    respond(ReportPage(ctx, *call.session, id, notice, "", 200));
    return;
  }
  int status = HttpStatusFor(st.error());
  if (status == 400 || status == 409) {
    // The refused form, and which of its fields the service refused.
    FormData refused = call.form;
    refused.fields.emplace_back("refused_field", st.error().field());
    respond(ReportPage(ctx, *call.session, id, "", st.error().message(), status, &refused));
    return;
  }
  respond(FromServiceError(ctx, call.session.get(), st.error()));
}

void HandleFile(const WebContext& ctx, StaffCall& call, Respond respond) {
  const auto seq = ParseSeq(call.req->params["seq"]);
  if (!seq) {
    respond(StaffErrorPage(ctx, call.session.get(), 404, "Not found", "No such file."));
    return;
  }
  auto f = ctx.handling->ReadFile(*call.session, call.req->params["id"], *seq);
  if (!f.ok()) {
    respond(FromServiceError(ctx, call.session.get(), f.error()));
    return;
  }
  Response r;
  // Only the re-encoded image types are served as themselves; anything else
  // is a download, never rendered on this origin.
  if (f->content_type == "image/jpeg" || f->content_type == "image/png") {
    r.content_type = f->content_type;
    r.headers.emplace_back("Content-Disposition", "inline");
  } else {
    r.content_type = "application/octet-stream";
    r.headers.emplace_back("Content-Disposition", AttachmentDisposition(f->name));
  }
  r.body = std::move(f->data);
  respond(std::move(r));
}

// --- phone intake and account --------------------------------------------

Response PhonePage(const WebContext& ctx, const StaffSession& s, const core::ReportSubmission& v,
                   std::string_view receipt, std::string_view error, int status) {
  data d;
  d.set("port", v.port);
  d.set("description", v.description);
  d.set("area", v.area);
  d.set("when", v.when);
  d.set("involved", v.people);
  d.set("categories", CategoryOptions(ctx, v.category, /*form_only=*/true));
  if (!receipt.empty()) d.set("receipt", std::string(receipt));
  if (!error.empty()) d.set("error", std::string(error));
  return StaffPageResponse(ctx, &s, "Phone report", "staff_phone", std::move(d), status);
}

void HandlePhonePost(const WebContext& ctx, StaffCall& call, Respond respond) {
  core::ReportSubmission sub;
  sub.port = call.form.Get("port");
  sub.category = call.form.Get("category");
  sub.description = call.form.Get("description");
  sub.area = call.form.Get("area");
  sub.when = call.form.Get("when");
  sub.people = call.form.Get("involved");
  sub.lang = "en";
  auto receipt = ctx.handling->PhoneIntake(*call.session, sub);
  if (!receipt.ok()) {
    int status = HttpStatusFor(receipt.error());
    if (status == 400) {
      respond(PhonePage(
          ctx, *call.session, sub, "",
          "Check the field: " + ctx.catalogue->T("en", "field_" + receipt.error().field()), 400));
    } else {
      respond(FromServiceError(ctx, call.session.get(), receipt.error()));
    }
    return;
  }
  respond(PhonePage(ctx, *call.session, core::ReportSubmission{}, *receipt, "", 200));
}

// "2026-11-29 14:05 UTC".
std::string UtcMinute(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

// The account page: who is signed in, the password form, and the account's
// sessions with a form to end the others (OWASP ASVS 3.3.4).
Response AccountPage(const WebContext& ctx, const StaffCall& call, std::string_view notice,
                     std::string_view error, int status) {
  const StaffSession& s = *call.session;
  data d;
  d.set("email", s.email);
  d.set("role", std::string(core::ToString(s.role)));
  if (s.must_change_password) d.set("first_password", true);
  if (!notice.empty()) d.set("notice", std::string(notice));
  if (!error.empty()) d.set("error", std::string(error));
  data sessions{data::type::list};
  int others = 0;
  if (auto listed = ctx.auth->ListSessions(call.token); listed.ok()) {
    for (const auto& one : *listed) {
      data row;
      row.set("signed_in", UtcMinute(one.signed_in));
      row.set("last_used", UtcMinute(one.last_used));
      if (one.current) row.set("current", true);
      others += one.current ? 0 : 1;
      sessions.push_back(row);
    }
  }
  d.set("sessions", sessions);
  if (others > 0) d.set("others", true);
  return StaffPageResponse(ctx, &s, "Your account", "staff_account", std::move(d), status);
}

// The account page when the password pool's queue is full.
Response AccountBusy(const WebContext& ctx, const StaffCall& call) {
  Response r =
      AccountPage(ctx, call, "", "Too many requests are waiting. Try again in a few seconds.", 503);
  r.headers.emplace_back("Retry-After", "5");
  return r;
}

}  // namespace

Response StaffErrorPage(const WebContext& ctx, const StaffSession* session, int status,
                        std::string_view heading, std::string_view message) {
  data d;
  d.set("heading", std::string(heading));
  d.set("message", std::string(message));
  return StaffPageResponse(ctx, session, heading, "staff_error", std::move(d), status);
}

Response StaffBusyPage(const WebContext& ctx, const StaffSession* session,
                       std::string_view message) {
  Response r = StaffErrorPage(ctx, session, 503, "Busy", message);
  r.headers.emplace_back("Retry-After", "5");
  return r;
}

void AddStaffPages(Router& router, const WebContext& ctx) {
  router.Add("GET", "/login",
             [ctx](Request& req, Respond respond) { respond(LoginPage(ctx, req, "", "", 200)); });
  router.Add("POST", "/login",
             OnPool(ctx, Work::kPassword, Handler([ctx](Request& req, Respond respond) {
                      HandleLogin(ctx, req, std::move(respond));
                    }),
                    [ctx](const Request& req) {
                      Response r = LoginPage(
                          ctx, req, "",
                          "Too many sign-ins are waiting. Try again in a few seconds.", 503);
                      r.headers.emplace_back("Retry-After", "5");
                      return r;
                    }));
  router.Add("GET", "/login/recover",
             [ctx](Request&, Respond respond) { respond(RecoverPage(ctx, "", "", "", 200)); });
  router.Add("POST", "/login/recover",
             OnPool(ctx, Work::kPassword, Handler([ctx](Request& req, Respond respond) {
                      HandleRecover(ctx, req, std::move(respond));
                    }),
                    [ctx](const Request&) {
                      Response r = RecoverPage(
                          ctx, "", "", "Too many requests are waiting. Try again in a few seconds.",
                          503);
                      r.headers.emplace_back("Retry-After", "5");
                      return r;
                    }));
  router.Add("POST", "/logout", StaffPage(ctx, AnyStaff(), [ctx](StaffCall& call, Respond respond) {
               ctx.auth->Logout(call.token);
               Response r = Redirect("/login");
               r.headers.emplace_back("Set-Cookie", EndSessionCookie());
               // Whatever the browser kept of the staff pages goes too (ASVS 8.2.3).
               r.headers.emplace_back("Clear-Site-Data", "\"cache\", \"cookies\", \"storage\"");
               respond(std::move(r));
             }));
  router.Add("GET", "/staff", StaffPage(ctx, AnyStaff(), [ctx](StaffCall& call, Respond respond) {
               const StaffSession& s = *call.session;
               if (core::ReadsReports(s.role) && s.service_key) {
                 respond(Redirect("/handle"));
                 return;
               }
               if (s.role == core::Role::kAgency && s.agency_key) {
                 respond(Redirect("/agency"));
                 return;
               }
               if (s.role == core::Role::kPortManager && ctx.membership) {
                 respond(Redirect("/facility/" + s.facility_code));
                 return;
               }
               if (s.role == core::Role::kAdmin && ctx.membership) {
                 respond(Redirect("/admin"));
                 return;
               }
               data d;
               d.set("email", s.email);
               d.set("role", std::string(core::ToString(s.role)));
               if (core::ReadsReports(s.role)) {
                 d.set("reads_reports", true);
                 d.set("no_key", true);
               }
               respond(StaffPageResponse(ctx, &s, "Welcome", "staff_home", std::move(d)));
             }));
  router.Add("GET", "/account", StaffPage(ctx, AnyStaff(), [ctx](StaffCall& call, Respond respond) {
               respond(AccountPage(ctx, call, "", "", 200));
             }));
  router.Add(
      "POST", "/account/password",
      StaffPage(ctx, AnyStaff(),
                OnPool(ctx, Work::kPassword, StaffHandler([ctx](StaffCall& call, Respond respond) {
                         Status st =
                             ctx.auth->ChangePassword(call.token, call.form.Get("old_password"),
                                                      call.form.Get("new_password"));
                         if (st.ok()) {
                           // The session as it is now (a first password
                           // changed frees it).
                           if (auto now = ctx.auth->Authenticate(call.token); now.ok()) {
                             call.session = std::move(*now);
                           }
                           respond(AccountPage(
                               ctx, call,
                               "Your password is changed, and your other sessions are signed out.",
                               "", 200));
                         } else {
                           respond(AccountPage(
                               ctx, call, "", st.error().message(),
                               HttpStatusFor(st.error()) == 401 ? 400 : HttpStatusFor(st.error())));
                         }
                       }),
                       [ctx](const StaffCall& call) { return AccountBusy(ctx, call); })));
  router.Add(
      "POST", "/account/sessions",
      StaffPage(ctx, AnyStaff(),
                OnPool(ctx, Work::kPassword, StaffHandler([ctx](StaffCall& call, Respond respond) {
                         Status st =
                             ctx.auth->EndOtherSessions(call.token, call.form.Get("password"));
                         if (st.ok()) {
                           respond(AccountPage(ctx, call, "Your other sessions are signed out.", "",
                                               200));
                         } else {
                           const int status = HttpStatusFor(st.error());
                           respond(AccountPage(ctx, call, "", st.error().message(),
                                               status == 401 ? 400 : status));
                         }
                       }),
                       [ctx](const StaffCall& call) { return AccountBusy(ctx, call); })));
  router.Add("GET", "/handle", StaffPage(ctx, ReportReaders(), [ctx](StaffCall& c, Respond r) {
               HandleQueue(ctx, c, std::move(r));
             }));
  router.Add("GET", "/handle/phone",
             StaffPage(ctx, ReportReaders(), [ctx](StaffCall& c, Respond r) {
               r(PhonePage(ctx, *c.session, core::ReportSubmission{}, "", "", 200));
             }));
  router.Add("POST", "/handle/phone",
             StaffPage(ctx, ReportReaders(),
                       [ctx](StaffCall& c, Respond r) { HandlePhonePost(ctx, c, std::move(r)); }));
  router.Add("GET", "/handle/reports/{id}",
             StaffPage(ctx, ReportReaders(), [ctx](StaffCall& c, Respond r) {
               r(ReportPage(ctx, *c.session, c.req->params["id"], "", "", 200));
             }));
  router.Add("POST", "/handle/reports/{id}",
             StaffPage(ctx, ReportReaders(),
                       [ctx](StaffCall& c, Respond r) { HandleReportPost(ctx, c, std::move(r)); }));
  router.Add("GET", "/handle/reports/{id}/files/{seq}",
             StaffPage(ctx, ReportReaders(),
                       [ctx](StaffCall& c, Respond r) { HandleFile(ctx, c, std::move(r)); }));
}

}  // namespace portsafe::web
