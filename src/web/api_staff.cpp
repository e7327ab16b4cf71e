#include "web/api_staff.h"

#include <boost/json.hpp>

#include "core/approach.h"
#include "core/handling.h"
#include "core/reference.h"
#include "core/report_status.h"
#include "crypto/sodium.h"
#include "web/api_helpers.h"
#include "web/api_v1.h"
#include "web/json_body.h"
#include "web/on_pool.h"
#include "web/staff_auth.h"

namespace portsafe::web {
namespace json = boost::json;
namespace {

json::object ItemJson(const service::QueueItem& q) {
  return json::object{{"id", q.report_id},
                      {"reference", core::ReferenceOf(q.report_id)},
                      {"status", core::ToString(q.status)},
                      {"priority", core::ToString(q.priority)},
                      {"kind", q.category == core::kApproachCategory ? "approach" : "report"},
                      {"category", q.category},
                      {"port", q.port_code},
                      {"facility", q.facility_code},
                      {"received_on", q.received_on},
                      {"age_days", q.age_days},
                      {"assigned_to", q.assigned_to},
                      {"reporter_replied", q.reporter_replied},
                      {"agency_question", q.agency_question},
                      {"linked_open", q.linked_open},
                      {"acknowledge_by", q.clocks.ack_due},
                      {"acknowledge_overdue", q.clocks.ack_breached},
                      {"feedback_by", q.clocks.feedback_due},
                      {"feedback_overdue", q.clocks.feedback_breached}};
}

using ActionFn = std::function<Status(const WebContext&, const service::StaffSession&,
                                      const std::string& id, const Fields&)>;
// An action answering with its own JSON (200) instead of "done".
using JsonActionFn = std::function<Result<json::value>(
    const WebContext&, const service::StaffSession&, const Request&, const Fields&)>;

void AddJsonAction(Router& router, const WebContext& ctx, const std::string& path,
                   std::initializer_list<std::string_view> fields, JsonActionFn fn,
                   Roles roles = ReportReaders()) {
  router.Add("POST", path,
             PostAction(ctx, std::move(roles), fields,
                        [ctx, fn](const service::StaffSession& s, const Request& req,
                                  const Fields& m) { return fn(ctx, s, req, m); }));
}

// POST /api/v1/handler/reports/{id}/<name>, answering {"status":"done"}.
void AddAction(Router& router, const WebContext& ctx, const std::string& name,
               std::initializer_list<std::string_view> fields, ActionFn fn,
               Roles roles = ReportReaders()) {
  AddJsonAction(
      router, ctx, "/api/v1/handler/reports/{id}/" + name, fields,
      [fn](const WebContext& ctx, const service::StaffSession& s, const Request& req,
           const Fields& m) { return DoneJson(fn(ctx, s, req.params.at("id"), m)); },
      std::move(roles));
}

// The dissemination half of a report's JSON.
void AddDisseminationJson(const service::HandlerReport& r, json::object& o) {
  const auto& n = r.notes;
  o["sanitised"] = n.sanitised;
  json::array attachments;
  for (auto seq : n.attachments) attachments.emplace_back(seq);
  o["attachments"] = std::move(attachments);
  o["warnings"] = FindingsJson(r.warnings);
  o["review_comment"] = n.review_comment;
  o["can_approve"] = r.can_approve;
  json::array agencies;
  for (const auto& a : r.agencies) {
    agencies.push_back(json::object{{"code", a.code},
                                    {"name", a.name},
                                    {"kind", a.kind},
                                    {"proposed", a.proposed},
                                    {"chosen", a.chosen}});
  }
  o["agencies"] = std::move(agencies);
  json::array packages;
  for (const auto& p : r.packages) {
    packages.push_back(json::object{{"id", p.id},
                                    {"agency", p.agency_code},
                                    {"sent_on", p.sent_on},
                                    {"acknowledged_on", p.acknowledged_on},
                                    {"outcome", OutcomeObject(p.outcome)},
                                    {"messages", MessagesJson(p.messages)},
                                    {"question_open", p.question_open}});
  }
  o["packages"] = std::move(packages);
}

}  // namespace

void AddStaffApi(Router& router, const WebContext& ctx) {
  // Argon2id runs on the password pool; when its queue is full only
  // password requests are answered 503.
  auto password_busy = [](const auto&) {
    return ApiError(Unavailable("too many sign-ins are waiting; try again in a few seconds"));
  };
  router.Add("POST", "/api/v1/session",
             OnPool(ctx, Work::kPassword, Handler([ctx](Request& req, Respond respond) {
                      auto m = Members(req, {"email", "password", "totp"});
                      if (!m.ok()) {
                        respond(ApiError(m.error()));
                        return;
                      }
                      auto token =
                          ctx.auth->Login(Str(*m, "email"), Str(*m, "password"), Str(*m, "totp"));
                      if (!token.ok()) {
                        respond(ApiError(token.error()));
                        return;
                      }
                      respond(JsonResponse(201, json::object{{"token", *token}}));
                    }),
                    password_busy));
  router.Add("DELETE", "/api/v1/session",
             StaffApi(ctx, AnyStaff(), [ctx](StaffCall& c, Respond respond) {
               ctx.auth->Logout(c.token);
               respond(JsonResponse(200, json::object{{"status", "signed out"}}));
             }));
  router.Add(
      "GET", "/api/v1/session", StaffApi(ctx, AnyStaff(), [](StaffCall& c, Respond respond) {
        const auto& s = *c.session;
        respond(JsonResponse(200, json::object{{"email", s.email},
                                               {"role", core::ToString(s.role)},
                                               {"agency", s.agency_code},
                                               {"facility", s.facility_code},
                                               {"holds_service_key", s.service_key.has_value()},
                                               {"holds_agency_key", s.agency_key.has_value()},
                                               {"must_change_password", s.must_change_password}}));
      }));
  router.Add(
      "POST", "/api/v1/account/password",
      StaffApi(ctx, AnyStaff(),
               OnPool(ctx, Work::kPassword, StaffHandler([ctx](StaffCall& c, Respond respond) {
                        auto m = Members(*c.req, {"old_password", "new_password"});
                        if (!m.ok()) {
                          respond(ApiError(m.error()));
                          return;
                        }
                        Status st = ctx.auth->ChangePassword(c.token, Str(*m, "old_password"),
                                                             Str(*m, "new_password"));
                        if (!st.ok() && st.error().code() == ErrorCode::kUnauthenticated) {
                          respond(JsonError(400, st.error().message()));
                          return;
                        }
                        respond(Done(st));
                      }),
                      password_busy)));
  router.Add(
      "POST", "/api/v1/account/recovery",
      OnPool(ctx, Work::kPassword, Handler([ctx](Request& req, Respond respond) {
               auto m = Members(req, {"email", "recovery_code", "totp", "new_password"});
               if (!m.ok()) {
                 respond(ApiError(m.error()));
                 return;
               }
               respond(Done(ctx.auth->ResetPassword(Str(*m, "email"), Str(*m, "recovery_code"),
                                                    Str(*m, "totp"), Str(*m, "new_password"))));
             }),
             password_busy));
  router.Add("GET", "/api/v1/handler/reports",
             StaffApi(ctx, ReportReaders(), [ctx](StaffCall& c, Respond respond) {
               const std::string sort = c.req->Query("sort"), closed = c.req->Query("closed"),
                                 status = c.req->Query("status"), limit = c.req->Query("limit");
               service::QueueQuery q;
               q.sort = sort == "age" ? service::QueueSort::kAge : service::QueueSort::kPriority;
               q.include_closed = closed == "1";
               q.after = c.req->Query("after");
               if (!status.empty()) q.status = core::ParseReportStatus(status);
               const auto page_limit = PageLimit(limit, q.limit);
               if ((sort != "" && sort != "priority" && sort != "age") ||
                   (closed != "" && closed != "0" && closed != "1") ||
                   (!status.empty() && !q.status) || !page_limit) {
                 respond(JsonError(400,
                                   "sort is priority or age, closed is 0 or 1, status is a "
                                   "report status, and limit is 1 to 200"));
                 return;
               }
               q.limit = *page_limit;  // its range is the service's to check
               auto page = ctx.handling->Queue(*c.session, q);
               if (!page.ok()) {
                 respond(ApiError(page.error()));
                 return;
               }
               json::array out;
               for (const auto& item : page->items) out.push_back(ItemJson(item));
               Response r = JsonResponse(200, out);
               if (!page->next.empty()) {
                 std::string next =
                     "/api/v1/handler/reports?sort=" +
                     std::string(q.sort == service::QueueSort::kAge ? "age" : "priority");
                 if (q.include_closed) next += "&closed=1";
                 if (q.status) next += "&status=" + std::string(core::ToString(*q.status));
                 next += "&limit=" + std::to_string(q.limit) + "&after=" + page->next;
                 LinkNext(r, next);
               }
               respond(std::move(r));
             }));
  router.Add("GET", "/api/v1/handler/reports/{id}",
             StaffApi(ctx, ReportReaders(), [ctx](StaffCall& c, Respond respond) {
               auto r = ctx.handling->Open(*c.session, c.req->params["id"]);
               if (!r.ok()) {
                 respond(ApiError(r.error()));
                 return;
               }
               json::object report;
               for (const auto& f : core::SubmissionFields()) {
                 report[f.name] = r->report.fields.*f.member;
               }
               json::array msgs;
               for (const auto& m : r->report.messages) {
                 msgs.push_back(
                     json::object{{"author", m.author}, {"sent_on", m.sent_on}, {"text", m.text}});
               }
               json::array files;
               for (const auto& f : r->report.files) {
                 files.push_back(json::object{{"seq", f.seq},
                                              {"name", f.name},
                                              {"content_type", f.content_type},
                                              {"size", f.size},
                                              {"metadata_removed", f.reencoded}});
               }
               json::array history;
               for (const auto& e : r->history) {
                 history.push_back(json::object{{"on", e.on},
                                                {"action", e.event.action},
                                                {"actor", e.event.actor_id},
                                                {"role", e.event.actor_role}});
               }
               const auto& n = r->notes;
               json::object o = ItemJson(r->item);
               o["report"] = std::move(report);
               o["messages"] = std::move(msgs);
               o["files"] = std::move(files);
               o["grade"] = json::object{{"source", n.grade.source},
                                         {"intelligence", n.grade.intelligence},
                                         {"handling", n.grade.handling},
                                         {"conditions", n.grade.conditions}};
               o["insider_type"] = n.insider_type;
               o["close_reason"] = n.close_reason;
               o["close_note"] = n.close_note;
               o["history"] = std::move(history);
               AddDisseminationJson(*r, o);
               respond(JsonResponse(200, o));
             }));
  router.Add("GET", "/api/v1/handler/outcomes",
             StaffApi(ctx, ReportReaders(), [ctx](StaffCall& c, Respond respond) {
               auto rows = ctx.handling->OutcomeCounts(*c.session);
               if (!rows.ok()) {
                 respond(ApiError(rows.error()));
                 return;
               }
               json::array out;
               for (const auto& o : *rows) {
                 out.push_back(json::object{{"outcome", o.outcome},
                                            {"seizure_type", o.seizure_type},
                                            {"month", o.month},
                                            {"count", o.count}});
               }
               respond(JsonResponse(200, out));
             }));
  router.Add("GET", "/api/v1/handler/reports/{id}/files/{seq}",
             StaffApi(ctx, ReportReaders(), [ctx](StaffCall& c, Respond respond) {
               const auto seq = ParseSeq(c.req->params["seq"]);
               if (!seq) {
                 respond(JsonError(404, "no such file"));
                 return;
               }
               auto f = ctx.handling->ReadFile(*c.session, c.req->params["id"], *seq);
               if (!f.ok()) {
                 respond(ApiError(f.error()));
                 return;
               }
               Response r;
               r.content_type = "application/octet-stream";
               r.headers.emplace_back("Content-Disposition", AttachmentDisposition(f->name));
               r.body = std::move(f->data);
               respond(std::move(r));
             }));
  AddAction(router, ctx, "assign", {},
            [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
               const auto&) { return ctx.handling->AssignToSelf(s, id); });
  AddAction(router, ctx, "messages", {"text", "feedback"},
            [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
               const auto& m) {
              return ctx.handling->MessageReporter(s, id, Str(m, "text"), Bool(m, "feedback"));
            });
  AddAction(router, ctx, "priority", {"priority"},
            [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
               const auto& m) -> Status {
              auto p = core::ParsePriority(Str(m, "priority"));
              if (!p) return InvalidArgument("priority");
              return ctx.handling->SetPriority(s, id, *p);
            });
  AddAction(router, ctx, "classification", {"category", "insider_type"},
            [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
               const auto& m) {
              return ctx.handling->Classify(s, id, Str(m, "category"), Str(m, "insider_type"));
            });
  AddAction(router, ctx, "grade", {"source", "intelligence", "handling", "conditions"},
            [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
               const auto& m) {
              return ctx.handling->Grade(s, id,
                                         {Str(m, "source"), Str(m, "intelligence"),
                                          Str(m, "handling"), Str(m, "conditions")});
            });
  AddAction(
      router, ctx, "close", {"reason", "note"},
      [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
         const auto& m) { return ctx.handling->Close(s, id, Str(m, "reason"), Str(m, "note")); });
  AddJsonAction(router, ctx, "/api/v1/handler/reports/{id}/sanitised", {"text"},
                [](const WebContext& ctx, const service::StaffSession& s, const Request& req,
                   const Fields& m) -> Result<json::value> {
                  auto w = ctx.handling->SaveSanitised(s, req.params.at("id"), Str(m, "text"));
                  if (!w.ok()) return w.error();
                  return json::value(json::object{{"warnings", FindingsJson(*w)}});
                });
  AddAction(router, ctx, "attachments", {"files"},
            [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
               const Fields& m) -> Status {
              std::vector<std::int64_t> seqs;
              for (const auto& v : StrList(m, "files")) {
                auto seq = ParseSeq(v);
                if (!seq) return InvalidField("attachments", "files are the report's file numbers");
                seqs.push_back(*seq);
              }
              return ctx.handling->ChooseAttachments(s, id, seqs);
            });
  AddAction(router, ctx, "submission", {"recipients", "acknowledged_warnings"},
            [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
               const Fields& m) {
              return ctx.handling->SubmitForApproval(s, id, StrList(m, "recipients"),
                                                     StrList(m, "acknowledged_warnings"));
            });
  AddAction(
      router, ctx, "approval", {},
      [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
         const Fields&) { return ctx.handling->Approve(s, id); },
      Supervisors());
  AddAction(
      router, ctx, "send-back", {"comment"},
      [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
         const Fields& m) { return ctx.handling->SendBack(s, id, Str(m, "comment")); },
      Supervisors());
  AddJsonAction(router, ctx, "/api/v1/handler/reports/{id}/packages/{package}/answers",
                {"text", "acknowledged_warnings"},
                [](const WebContext& ctx, const service::StaffSession& s, const Request& req,
                   const Fields& m) -> Result<json::value> {
                  auto r = ctx.handling->AnswerAgency(s, req.params.at("id"),
                                                      req.params.at("package"), Str(m, "text"),
                                                      StrList(m, "acknowledged_warnings"));
                  if (!r.ok()) return r.error();
                  return json::value(
                      json::object{{"sent", r->sent}, {"warnings", FindingsJson(r->warnings)}});
                });
  router.Add("POST", "/api/v1/handler/phone-reports",
             StaffApi(ctx, ReportReaders(), [ctx](StaffCall& c, Respond respond) {
               auto m = Members(*c.req, {"port", "category", "description", "area", "when",
                                         "people", "vehicles", "vessels", "containers"});
               if (!m.ok()) {
                 respond(ApiError(m.error()));
                 return;
               }
               core::ReportSubmission sub;
               for (const auto& f : core::SubmissionFields())
                 sub.*f.member = Str(*m, std::string(f.name));
               sub.lang = "en";
               auto receipt = ctx.handling->PhoneIntake(*c.session, std::move(sub));
               if (!receipt.ok()) {
                 respond(ApiError(receipt.error()));
                 return;
               }
               respond(JsonResponse(201, json::object{{"receipt", *receipt}}));
             }));
}

}  // namespace portsafe::web
