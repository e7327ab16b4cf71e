#include "web/reporter_pages.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "core/approach.h"
#include "core/category.h"
#include "core/report_status.h"
#include "core/text.h"
#include "crypto/receipt.h"
#include "web/form.h"
#include "web/on_pool.h"
#include "web/templates.h"

namespace portsafe::web {
namespace {

using kainjow::mustache::data;

data TextsFor(const Catalogue& cat, std::string_view lang) {
  data t;
  for (const auto& [k, v] : cat.All(lang)) {
    if (k.find('.') == std::string::npos) t.set(k, v);
  }
  return t;
}

// Wraps `body_template` rendered with `d` in the layout. `lang_path` is where
// the language links point (GET pages link to themselves; pages reached by
// POST link to the home page so nothing is re-submitted).
Response Page(const WebContext& ctx, const std::string& lang, std::string_view title_key,
              std::string_view body_template, data d, int status, std::string_view lang_path = "/",
              bool stay = false) {
  const Catalogue& cat = *ctx.catalogue;
  data texts = TextsFor(cat, lang);
  d.set("t", texts);
  d.set("lang", lang);
  // "Before you report": on the home page and above both forms.
  if (body_template == "home" || body_template == "report" || body_template == "approached") {
    d.set("safety", RenderTemplate("safety", d));
  }
  data page;
  page.set("t", texts);
  page.set("lang", lang);
  page.set("title", cat.T(lang, title_key));
  data langs{data::type::list};
  for (const auto& l : cat.languages()) {
    data item;
    item.set("code", l.code);
    item.set("name", l.native_name);
    item.set("href", std::string(lang_path) + "?lang=" + l.code);
    if (l.code == lang) item.set("current", true);
    langs.push_back(item);
  }
  page.set("languages", langs);
  // A page whose words are shown once (the receipt): no link in the header
  // leads away from it.
  if (stay) page.set("stay", true);
  page.set("content", RenderTemplate(body_template, d));
  Response res;
  res.status = status;
  res.body = RenderTemplate("layout", page);
  return res;
}

std::string LangOf(const WebContext& ctx, const Request& req, const FormData* form) {
  std::string requested = form ? form->Get("lang") : std::string();
  if (requested.empty()) requested = req.Query("lang");
  // The browser's language when the link names none: read, never kept.
  if (requested.empty())
    requested = ctx.catalogue->FromAcceptLanguage(req.Header("accept-language"));
  return ctx.catalogue->Pick(requested);
}

// An approach's several-choice fields come as one checkbox value each.
bool SeveralChoices(std::string_view field) {
  return field == "approach_offered" || field == "approach_asked";
}

core::ReportSubmission SubmissionFrom(const FormData& f) {
  core::ReportSubmission s;
  for (const auto& field : core::SubmissionFields()) {
    if (!SeveralChoices(field.name)) {
      s.*field.member = f.Get(field.name);
      continue;
    }
    std::string joined;
    for (const auto& v : f.GetAll(field.name)) joined += (joined.empty() ? "" : ",") + v;
    s.*field.member = std::move(joined);
  }
  return s;
}

// The options of one choice field: each `values` key labelled from
// "<prefix>.<key>", checked when it is among `chosen` (comma-separated).
template <typename Values>
data ChoiceList(const Catalogue& cat, const std::string& lang, std::string_view prefix,
                const Values& values, const std::string& chosen) {
  const std::vector<std::string> picked = core::SplitChoices(chosen);
  data list{data::type::list};
  for (std::string_view v : values) {
    data item;
    item.set("value", std::string(v));
    item.set("label", cat.T(lang, std::string(prefix) + "." + std::string(v)));
    if (std::find(picked.begin(), picked.end(), v) != picked.end()) item.set("checked", true);
    list.push_back(item);
  }
  return list;
}

// Where the approach form names a field differently from the report form.
std::string FieldLabelKey(bool approach, const std::string& field) {
  if (approach && field == "people") return "approach_person";
  if (approach && field == "description") return "approach_details";
  if (approach && field == "area") return "approach_area_label";
  return "field_" + field;
}

struct FormState {
  core::ReportSubmission values;
  bool had_files = false;  // the refused submission carried files
  std::vector<core::FieldError> errors;
  std::vector<const core::Port*> candidates;
  std::string picked;  // code of a chosen candidate
};

// `link` is the reporting link the form came from ("/r/GBFXT"), if any: the
// language links lead back to it, so switching keeps the facility or port.
// An approach (core/approach.h) is shown in the form of its own path.
Response ReportForm(const WebContext& ctx, const std::string& lang, const FormState& st, int status,
                    std::string link = "") {
  const bool approach = core::IsApproach(st.values);
  const std::string base = approach ? "/approached" : "/r";
  if (link.empty() && !st.values.facility.empty()) link = base + "/" + st.values.facility;
  const Catalogue& cat = *ctx.catalogue;
  data d;
  data v;
  for (const auto& field : core::SubmissionFields()) {
    v.set(std::string(field.name), st.values.*field.member);
  }
  d.set("v", v);
  const core::ReportSubmission& s = st.values;
  data err;
  data errs{data::type::list};
  std::map<std::string, std::string> by_field;  // a field with two problems shows both
  for (const auto& e : st.errors) {
    const std::string& msg = cat.T(lang, e.message_key);
    std::string& shown = by_field[e.field];
    shown += (shown.empty() ? "" : "; ") + msg;
    err.set(e.field, shown);
    data item;
    item.set("field", e.field);
    item.set("label", cat.T(lang, FieldLabelKey(approach, e.field)));
    item.set("message", msg);
    errs.push_back(item);
  }
  d.set("err", err);
  d.set("errors", errs);
  d.set("has_errors", !st.errors.empty());
  data cands{data::type::list};
  for (const auto* p : st.candidates) {
    data c;
    c.set("code", p->code);
    c.set("label", core::PortLabel(*p));
    if (p->code == st.picked || st.candidates.size() == 1) c.set("checked", true);
    cands.push_back(c);
  }
  d.set("candidates", cands);
  d.set("has_candidates", !st.candidates.empty());
  data cats{data::type::list};
  for (const auto& c : core::Categories()) {
    if (c.own_path) continue;  // an approach has its own path: /approached
    data item;
    item.set("key", std::string(c.key));
    item.set("label", cat.T(lang, "category." + std::string(c.key)));
    if (c.key == s.category) item.set("selected", true);
    cats.push_back(item);
  }
  d.set("categories", cats);
  data hk{data::type::list};
  for (std::string_view h : core::kHowKnownValues) {
    data item;
    item.set("value", std::string(h));
    item.set("label", cat.T(lang, "how_known." + std::string(h)));
    if (h == s.how_known) item.set("checked", true);
    hk.push_back(item);
  }
  d.set("how_known", hk);
  d.set("approach_href",
        (s.facility.empty() ? std::string("/approached") : "/approached/" + s.facility) +
            "?lang=" + lang);
  if (approach) {
    using core::ChoiceLabelPrefix;
    auto list = [&](std::string_view field, const auto& values, const std::string& chosen) {
      return ChoiceList(cat, lang, ChoiceLabelPrefix(field), values, chosen);
    };
    d.set("how", list("approach_how", core::kApproachHowValues, s.approach_how));
    d.set("offered", list("approach_offered", core::kApproachOfferedValues, s.approach_offered));
    d.set("asked", list("approach_asked", core::kApproachAskedValues, s.approach_asked));
    d.set("when", list("approach_when", core::kApproachWhenValues, s.approach_when));
    d.set("ongoing", list("approach_ongoing", core::kYesNoUnsureValues, s.approach_ongoing));
    d.set("danger", list("approach_danger", core::kYesNoUnsureValues, s.approach_danger));
    return Page(ctx, lang, "approach_title", "approached", std::move(d), status,
                link.empty() ? "/approached" : link);
  }
  return Page(ctx, lang, "report_title", "report", std::move(d), status,
              link.empty() ? "/report" : link);
}

// `typed` is what the reporter typed when the receipt was not found: shown
// again, so one wrong character needs one correction, not the whole code.
Response FollowupForm(const WebContext& ctx, const std::string& lang, std::string_view error_key,
                      int status, std::string typed = "") {
  data d;
  if (!error_key.empty()) d.set("error", ctx.catalogue->T(lang, error_key));
  d.set("typed", std::move(typed));
  return Page(ctx, lang, "followup_title", "followup", std::move(d), status, "/followup");
}

// `more` is what else to say after the notice or error: a second notice, or
// that chosen files must be chosen again; `typed` is a refused message,
// shown again so nothing is lost.
struct FollowupExtra {
  std::string_view more_key;
  std::string typed;
};
Response FollowupView(const WebContext& ctx, const std::string& lang, const std::string& receipt,
                      const service::ReportView& view, std::string_view notice_key,
                      std::string_view error_key, int status, const FollowupExtra& extra = {}) {
  const Catalogue& cat = *ctx.catalogue;
  data d;
  d.set("receipt", receipt);
  d.set("status", cat.T(lang, core::ReporterStatusKey(view.status)));
  d.set("received_on", view.received_on);
  const core::Port* port = ctx.reporting->ports().Find(view.fields.port);
  d.set("port", port ? core::PortLabel(*port) : view.fields.port);
  d.set("category", cat.T(lang, "category." + view.fields.category));
  d.set("description", view.fields.description);
  // Every other answer the reporter gave, in the form's order.
  const core::ReportSubmission& f = view.fields;
  data answers{data::type::list};
  bool any = false;
  const bool approach = core::IsApproach(f);
  auto answer = [&](std::string_view field, const std::string& value) {
    if (text::Trim(value).empty()) return;
    any = true;
    data item;
    item.set("label", cat.T(lang, FieldLabelKey(approach, std::string(field))));
    item.set("value", value);
    answers.push_back(item);
  };
  if (approach) {
    for (const auto& field : core::SubmissionFields()) {
      if (!field.name.starts_with("approach_")) continue;
      const std::string& v = f.*field.member;
      auto prefix = core::ChoiceLabelPrefix(field.name);
      answer(field.name, prefix.empty() ? v : cat.ChoiceText(lang, prefix, v));
    }
  }
  answer("area", f.area);
  answer("when", f.when);
  answer("people", f.people);
  answer("vehicles", f.vehicles);
  answer("vessels", f.vessels);
  answer("containers", f.containers);
  if (!f.how_known.empty()) answer("how_known", cat.T(lang, "how_known." + f.how_known));
  d.set("has_answers", any);
  d.set("answers", answers);
  data msgs{data::type::list};
  for (const auto& m : view.messages) {
    data item;
    item.set("author", m.author == "reporter" ? "reporter" : "service");
    item.set("who", cat.T(lang, m.author == "reporter" ? "thread_you" : "thread_service"));
    item.set("sent_on", m.sent_on);
    item.set("text", m.text);
    msgs.push_back(item);
  }
  d.set("messages", msgs);
  d.set("has_messages", !view.messages.empty());
  data files{data::type::list};
  for (const auto& f : view.files) {
    data item;
    item.set("name", f.name);
    item.set("size", ctx.catalogue->FileSize(lang, f.size));
    if (f.reencoded) item.set("cleaned", true);
    files.push_back(item);
  }
  d.set("files", files);
  d.set("has_files", !view.files.empty());
  if (!notice_key.empty()) d.set("notice", cat.T(lang, notice_key));
  if (!error_key.empty()) d.set("error", cat.T(lang, error_key));
  if (!extra.more_key.empty()) d.set("more", cat.T(lang, extra.more_key));
  d.set("typed", extra.typed);
  return Page(ctx, lang, "view_title", "followup_view", std::move(d), status);
}

// The receipt's list of what became of each file sent, in order: "photo-1.jpg
// received; location and camera details removed", or "file 2 could not be
// read, so it was not kept".
data FileOutcomes(const WebContext& ctx, const std::string& lang,
                  const std::vector<service::FileOutcome>& outcomes) {
  const Catalogue& cat = *ctx.catalogue;
  data list{data::type::list};
  size_t n = 0;
  for (const auto& f : outcomes) {
    ++n;
    data item;
    if (f.kept) {
      item.set("name", f.name);
      item.set("text", cat.T(lang, "receipt_file_kept"));
      item.set("kept", true);
    } else {
      item.set("name", cat.T(lang, "receipt_file_number") + " " + std::to_string(n));
      item.set("text", cat.T(lang, "receipt_file_not_kept"));
    }
    list.push_back(item);
  }
  return list;
}

// The reporter's words for a refused input: its catalogue key.
std::string KeyOf(const Error& e) { return e.key().empty() ? "error.bad_form" : e.key(); }

// Parses the request's form; on failure answers 400 (415 for another media
// type) and returns nothing.
std::optional<FormData> ParseFormOrAnswer(const WebContext& ctx, const Request& req,
                                          const Respond& respond) {
  auto form = ParseFormRequest(req);
  if (form.ok()) return std::move(*form);
  respond(ErrorPage(ctx, LangOf(ctx, req, nullptr), HttpStatusFor(form.error()),
                    "error_bad_request_title", "error.bad_form"));
  return std::nullopt;
}

// A report from /report or /r/<code>, or, when `approach`, from the
// approach path (/approached), which files no files.
void HandleReportPost(const WebContext& ctx, Request& req, Respond respond, bool approach) {
  auto form = ParseFormOrAnswer(ctx, req, respond);
  if (!form) return;
  std::string lang = LangOf(ctx, req, &*form);
  FormState st;
  st.values = SubmissionFrom(*form);
  st.values.lang = lang;
  if (approach) {
    st.values.category = std::string(core::kApproachCategory);
    form->files.clear();
  } else if (core::IsApproach(st.values)) {
    st.values.category.clear();  // chosen only on its own path
  }
  const auto& ports = ctx.reporting->ports();
  std::string pick = form->Get("port_pick");
  if (!pick.empty() && ports.Find(pick)) {
    st.values.port = core::PortLabel(*ports.Find(pick));
    st.picked = pick;
  }
  if (form->Get("action") == "find") {
    st.candidates = ports.Search(st.values.port, 12, /*tolerant=*/true);
    if (st.candidates.size() == 1) st.values.port = core::PortLabel(*st.candidates.front());
    if (st.candidates.empty()) st.errors.push_back({"port", "error.port_unknown"});
    // Files chosen before Find port are not kept: say so, never drop them
    // silently.
    if (!form->files.empty()) st.errors.push_back({"files", "error.choose_files_again"});
    respond(ReportForm(ctx, lang, st, 200));
    return;
  }
  // Send resolves the port itself: "Felixtowe" or "Port of Tyne" with one
  // seaport near it is taken as that port, so nobody needs the Find step.
  if (st.picked.empty() && !text::Trim(st.values.port).empty() &&
      !ports.Resolve(st.values.port).ok()) {
    auto near = ports.Search(st.values.port, 2, /*tolerant=*/true);
    if (near.size() == 1) st.values.port = core::PortLabel(*near.front());
  }
  st.had_files = !form->files.empty();
  core::ReportSubmission sub = st.values;
  st.errors = core::ValidateSubmission(sub, ports);
  for (auto& e : core::ValidateFiles(form->files)) st.errors.push_back(e);
  if (!st.errors.empty()) {
    for (const auto& e : st.errors) {
      if (e.field == "port") st.candidates = ports.Search(st.values.port, 12, /*tolerant=*/true);
    }
    if (st.had_files) st.errors.push_back({"files", "error.choose_files_again"});
    respond(ReportForm(ctx, lang, st, 400));
    return;
  }
  ctx.reporting->Submit(
      std::move(sub), std::move(form->files),
      [ctx, lang, st, respond = std::move(respond)](Result<service::Submitted> r) mutable {
        ctx.Defer([ctx, lang, st = std::move(st), respond = std::move(respond),
                   r = std::move(r)]() mutable {
          if (r.ok()) {
            data d;
            d.set("receipt", r->receipt);
            // Each group of four whole on a line: a phone never breaks one.
            d.set("receipt_groups", CodeGroups(r->receipt));
            d.set("files", FileOutcomes(ctx, lang, r->files));
            if (!r->files.empty()) d.set("had_files", true);
            respond(Page(ctx, lang, "receipt_title", "receipt", std::move(d), 200, "/", true));
            return;
          }
          const bool files_busy = r.error().field() == "files";
          if (r.error().code() == ErrorCode::kUnavailable &&
              (files_busy || r.error().key() == "error.reports_busy")) {
            // Too many files being cleaned, or too many new reports: the
            // words stay in the form, and the reporter may send again (or
            // send without the files).
            st.errors.push_back({files_busy ? "files" : "description", KeyOf(r.error())});
            if (st.had_files) st.errors.push_back({"files", "error.choose_files_again"});
            Response res = ReportForm(ctx, lang, st, 503);
            res.headers.emplace_back("Retry-After", files_busy ? "30" : "60");
            respond(std::move(res));
            return;
          }
          if (r.error().code() == ErrorCode::kInvalidArgument ||
              r.error().code() == ErrorCode::kUnsupportedMedia) {
            if (r.error().field() == "facility") {
              st.values.facility.clear();  // a stale link: let the reporter send again
              st.errors.push_back({"area", KeyOf(r.error())});
            } else {
              st.errors.push_back({"files", KeyOf(r.error())});
            }
            if (st.had_files) st.errors.push_back({"files", "error.choose_files_again"});
            respond(ReportForm(ctx, lang, st, HttpStatusFor(r.error())));
            return;
          }
          Response res =
              ErrorPage(ctx, lang, HttpStatusFor(r.error()), "error_busy_title", "error.busy");
          if (res.status == 503) res.headers.emplace_back("Retry-After", "5");
          respond(std::move(res));
        });
      });
}

void HandleFollowupPost(const WebContext& ctx, Request& req, Respond respond) {
  auto form = ParseFormOrAnswer(ctx, req, respond);
  if (!form) return;
  std::string lang = LangOf(ctx, req, &*form);
  std::string receipt = form->Get("receipt");
  std::string action = form->Get("action");
  auto view = ctx.reporting->Open(receipt);
  if (!view.ok()) {
    if (view.error().code() == ErrorCode::kNotFound) {
      respond(FollowupForm(ctx, lang, "error.receipt_not_found", 404, receipt));
    } else {
      respond(ErrorPage(ctx, lang, HttpStatusFor(view.error()), "error_busy_title", "error.busy"));
    }
    return;
  }
  // Show the receipt grouped as it was issued, whatever the reporter typed.
  auto parsed = crypto::Receipt::Parse(receipt);
  std::string shown = parsed.ok() ? parsed->Display() : receipt;
  if (action == "open" || action.empty()) {
    respond(FollowupView(ctx, lang, shown, *view, "", "", 200));
    return;
  }
  // Checked before `respond` moves into the callback below.
  // One form sends a message, files, or both; with both, the message first.
  const bool both =
      action == "send" && !form->files.empty() && !text::Trim(form->Get("text")).empty();
  if (action == "send" && !both) action = form->files.empty() ? "message" : "files";
  if (action != "message" && action != "files" && action != "send") {
    respond(FollowupView(ctx, lang, shown, *view, "", "error.bad_form", 400));
    return;
  }
  auto after = [ctx, lang, shown, respond = std::move(respond)](Status st, std::string_view ok_key,
                                                                FollowupExtra extra = {}) {
    auto fresh = ctx.reporting->Open(shown);
    if (!fresh.ok()) {
      respond(ErrorPage(ctx, lang, HttpStatusFor(fresh.error()), "error_busy_title", "error.busy"));
      return;
    }
    if (st.ok()) {
      respond(FollowupView(ctx, lang, shown, *fresh, ok_key, "", 200, extra));
    } else {
      int code = HttpStatusFor(st.error());
      const bool files_busy = code == 503 && st.error().field() == "files";
      std::string key = code == 400 || code == 415 || files_busy ? KeyOf(st.error()) : "error.busy";
      Response res = FollowupView(ctx, lang, shown, *fresh, "", key, code, extra);
      if (code == 503) res.headers.emplace_back("Retry-After", files_busy ? "30" : "5");
      respond(std::move(res));
    }
  };
  if (action == "message") {
    std::string text = form->Get("text");
    ctx.reporting->AddMessage(receipt, text, [ctx, after, text](Status st) mutable {
      ctx.Defer([after, st = std::move(st), text]() mutable {
        // A refused message comes back to be corrected, not retyped.
        after(std::move(st), "notice.sent", {"", st.ok() ? std::string() : text});
      });
    });
    return;
  }
  if (both) {
    // The message, then the files; a refused message keeps its text, and
    // the files (which a browser cannot be given back) are asked for again.
    std::string text = form->Get("text");
    auto files = std::make_shared<std::vector<core::FileUpload>>(std::move(form->files));
    ctx.reporting->AddMessage(receipt, text, [ctx, after, text, files, receipt](Status st) mutable {
      ctx.Defer([ctx, after, st = std::move(st), text, files, receipt]() mutable {
        if (!st.ok()) {
          after(std::move(st), "", {"error.choose_files_again", text});
          return;
        }
        ctx.reporting->AddFiles(
            receipt, std::move(*files),
            [ctx, after](Result<std::vector<service::FileOutcome>> r) mutable {
              ctx.Defer([after, r = std::move(r)]() mutable {
                if (!r.ok()) {
                  after(r.error(), "", {"notice.sent", ""});
                  return;
                }
                const bool all = std::all_of(r->begin(), r->end(), [](auto& f) { return f.kept; });
                after(Status::Ok(), "notice.sent",
                      {all ? "notice.files_added" : "notice.files_added_some_not_kept", ""});
              });
            });
      });
    });
    return;
  }
  if (action == "files") {
    ctx.reporting->AddFiles(
        receipt, std::move(form->files),
        [ctx, after](Result<std::vector<service::FileOutcome>> r) mutable {
          ctx.Defer([after, r = std::move(r)]() mutable {
            if (!r.ok()) {
              after(r.error(), "");
              return;
            }
            const bool all = std::all_of(r->begin(), r->end(), [](auto& f) { return f.kept; });
            after(Status::Ok(), all ? "notice.files_added" : "notice.files_added_some_not_kept");
          });
        });
    return;
  }
}

}  // namespace

Response PublicPage(const WebContext& ctx, const std::string& lang, std::string_view title_key,
                    std::string_view body_template, data d, int status,
                    std::string_view lang_path) {
  return Page(ctx, lang, title_key, body_template, std::move(d), status, lang_path);
}

std::string PublicLang(const WebContext& ctx, const Request& req) {
  return LangOf(ctx, req, nullptr);
}

Response ErrorPage(const WebContext& ctx, std::string_view lang_in, int status,
                   std::string_view heading_key, std::string_view message_key) {
  std::string lang = ctx.catalogue->Pick(lang_in);
  data d;
  d.set("heading", ctx.catalogue->T(lang, heading_key));
  d.set("message", ctx.catalogue->T(lang, message_key));
  return Page(ctx, lang, heading_key, "error", std::move(d), status);
}

void AddReporterPages(Router& router, const WebContext& ctx) {
  router.Add("GET", "/", [ctx](Request& req, Respond respond) {
    respond(Page(ctx, LangOf(ctx, req, nullptr), "home_title", "home", data{}, 200, "/"));
  });
  router.Add("GET", "/report", [ctx](Request& req, Respond respond) {
    FormState st;
    respond(ReportForm(ctx, LangOf(ctx, req, nullptr), st, 200));
  });
  router.Add("POST", "/report", [ctx](Request& req, Respond respond) {
    HandleReportPost(ctx, req, std::move(respond), /*approach=*/false);
  });
  // A facility's or a port's link: the form with the place filled in.
  auto place_form = [ctx](Request& req, Respond respond, bool approach) {
    std::string lang = LangOf(ctx, req, nullptr);
    // Codes are upper case; a phone's keyboard types them in lower case.
    const std::string code = text::Upper(req.params["code"]);
    FormState st;
    if (approach) st.values.category = std::string(core::kApproachCategory);
    auto facility = ctx.reporting->FindFacility(code);
    if (facility.ok() && facility->has_value()) {
      const auto& f = **facility;
      const core::Port* p = ctx.reporting->ports().Find(f.port_code);
      st.values.port = p ? core::PortLabel(*p) : f.port_code;
      // A suspended member's posters still lead to the form, for the port.
      if (f.status == "active") st.values.facility = f.code;
      st.values.area = f.name;
    } else if (const core::Port* p = ctx.reporting->ports().Find(code); p && code.size() == 5) {
      st.values.port = core::PortLabel(*p);
    } else {
      respond(ErrorPage(ctx, lang, 404, "error_not_found_title", "error.place_unknown"));
      return;
    }
    respond(ReportForm(ctx, lang, st, 200, (approach ? "/approached/" : "/r/") + code));
  };
  router.Add("GET", "/r/{code}", [place_form](Request& req, Respond respond) {
    place_form(req, std::move(respond), /*approach=*/false);
  });
  // "I was approached": the path for someone asked to help crime.
  router.Add("GET", "/approached", [ctx](Request& req, Respond respond) {
    FormState st;
    st.values.category = std::string(core::kApproachCategory);
    respond(ReportForm(ctx, LangOf(ctx, req, nullptr), st, 200));
  });
  router.Add("GET", "/approached/{code}", [place_form](Request& req, Respond respond) {
    place_form(req, std::move(respond), /*approach=*/true);
  });
  router.Add("POST", "/approached", [ctx](Request& req, Respond respond) {
    HandleReportPost(ctx, req, std::move(respond), /*approach=*/true);
  });
  router.Add("GET", "/followup", [ctx](Request& req, Respond respond) {
    respond(FollowupForm(ctx, LangOf(ctx, req, nullptr), "", 200));
  });
  // A report's thread can make a large page: built on the render pool, so
  // many opens at once cost only follow-ups a 503, never the other pages.
  router.Add("POST", "/followup",
             OnPool(ctx, Work::kRender, Handler([ctx](Request& req, Respond respond) {
                      HandleFollowupPost(ctx, req, std::move(respond));
                    }),
                    [ctx](const Request& req) {
                      Response r = ErrorPage(ctx, LangOf(ctx, req, nullptr), 503,
                                             "error_busy_title", "error.busy");
                      r.headers.emplace_back("Retry-After", "5");
                      return r;
                    }));
}

}  // namespace portsafe::web
