#include "web/api_staff.h"

#include <boost/json.hpp>

#include "core/handling.h"
#include "crypto/sodium.h"
#include "web/api_v1.h"
#include "web/json_body.h"
#include "web/staff_auth.h"

namespace portsafe::web {
namespace json = boost::json;
namespace {

Response ApiError(const Error& e) {
  const int status = HttpStatusFor(e);
  if (status == 500) return JsonError(500, "internal error");
  Response r = JsonError(status, status == 400 ? "invalid: " + e.message() : e.message());
  if (status == 503) r.headers.emplace_back("Retry-After", "5");
  return r;
}

// The request's JSON object with only string (or boolean, where allowed)
// members from `allowed`; anything else is a 400.
Result<std::map<std::string, json::value>> Members(const Request& req,
                                                   const std::vector<std::string_view>& allowed) {
  // An action without fields may come with no body at all.
  if (allowed.empty() && req.body.empty()) return std::map<std::string, json::value>();
  auto v = ParseJsonObject(req.Header("content-type"), req.body);
  if (!v.ok()) return v.error();
  std::map<std::string, json::value> out;
  for (const auto& kv : v->get_object()) {
    bool known = false;
    for (auto a : allowed) known = known || a == kv.key();
    if (!known) return InvalidArgument("unknown field " + std::string(kv.key().substr(0, 40)));
    if (!kv.value().is_string() && !kv.value().is_bool()) {
      return InvalidArgument(std::string(kv.key()) + " must be a string");
    }
    out.emplace(std::string(kv.key()), kv.value());
  }
  return out;
}

std::string Str(const std::map<std::string, json::value>& m, const std::string& k) {
  auto it = m.find(k);
  return it != m.end() && it->second.is_string() ? std::string(it->second.get_string())
                                                 : std::string();
}

json::object ItemJson(const service::QueueItem& q) {
  return json::object{{"id", q.report_id},
                      {"status", q.status},
                      {"priority", q.priority},
                      {"category", q.category},
                      {"port", q.port_code},
                      {"facility", q.facility_code},
                      {"received_on", q.received_on},
                      {"age_days", q.age_days},
                      {"assigned_to", q.assigned_to},
                      {"reporter_replied", q.reporter_replied},
                      {"acknowledge_by", q.clocks.ack_due},
                      {"acknowledge_overdue", q.clocks.ack_breached},
                      {"feedback_by", q.clocks.feedback_due},
                      {"feedback_overdue", q.clocks.feedback_breached}};
}

// Answers 204-style success as {"status":"done"} or the error.
Response Done(const Status& st) {
  return st.ok() ? JsonResponse(200, json::object{{"status", "done"}}) : ApiError(st.error());
}

using ActionFn =
    std::function<Status(const WebContext&, const service::StaffSession&, const std::string& id,
                         const std::map<std::string, json::value>&)>;

void AddAction(Router& router, const WebContext& ctx, const std::string& name,
               std::initializer_list<std::string_view> fields, ActionFn fn) {
  std::vector<std::string_view> allowed(fields);
  router.Add("POST", "/api/v1/handler/reports/{id}/" + name,
             StaffApi(ctx, ReportReaders(), [ctx, allowed, fn](StaffCall& c, Respond respond) {
               auto m = Members(*c.req, allowed);
               if (!m.ok()) {
                 respond(ApiError(m.error()));
                 return;
               }
               respond(Done(fn(ctx, *c.session, c.req->params["id"], *m)));
             }));
}

}  // namespace

void AddStaffApi(Router& router, const WebContext& ctx) {
  router.Add("POST", "/api/v1/session", [ctx](Request& req, Respond respond) {
    auto m = Members(req, {"email", "password", "totp"});
    if (!m.ok()) {
      respond(ApiError(m.error()));
      return;
    }
    auto token = ctx.auth->Login(Str(*m, "email"), Str(*m, "password"), Str(*m, "totp"));
    if (!token.ok()) {
      respond(ApiError(token.error()));
      return;
    }
    respond(JsonResponse(201, json::object{{"token", *token}}));
  });
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
                                               {"holds_agency_key", s.agency_key.has_value()}}));
      }));
  router.Add("POST", "/api/v1/account/password",
             StaffApi(ctx, AnyStaff(), [ctx](StaffCall& c, Respond respond) {
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
             }));
  router.Add("GET", "/api/v1/handler/reports",
             StaffApi(ctx, ReportReaders(), [ctx](StaffCall& c, Respond respond) {
               auto items = ctx.handling->Queue(*c.session,
                                                c.req->Query("sort") == "age"
                                                    ? service::QueueSort::kAge
                                                    : service::QueueSort::kPriority,
                                                c.req->Query("closed") == "1");
               if (!items.ok()) {
                 respond(ApiError(items.error()));
                 return;
               }
               json::array out;
               for (const auto& q : *items) out.push_back(ItemJson(q));
               respond(JsonResponse(200, out));
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
               respond(JsonResponse(200, o));
             }));
  router.Add("GET", "/api/v1/handler/reports/{id}/files/{seq}",
             StaffApi(ctx, ReportReaders(), [ctx](StaffCall& c, Respond respond) {
               const std::string& seq = c.req->params["seq"];
               if (seq.empty() || seq.size() > 6 ||
                   seq.find_first_not_of("0123456789") != std::string::npos) {
                 respond(JsonError(404, "no such file"));
                 return;
               }
               auto f = ctx.handling->ReadFile(*c.session, c.req->params["id"], std::stoll(seq));
               if (!f.ok()) {
                 respond(ApiError(f.error()));
                 return;
               }
               Response r;
               r.content_type = "application/octet-stream";
               r.headers.emplace_back("Content-Disposition",
                                      "attachment; filename=\"report-file\"");
               r.body = std::move(f->data);
               respond(std::move(r));
             }));
  AddAction(router, ctx, "assign", {},
            [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
               const auto&) { return ctx.handling->AssignToSelf(s, id); });
  AddAction(router, ctx, "messages", {"text", "feedback"},
            [](const WebContext& ctx, const service::StaffSession& s, const std::string& id,
               const auto& m) {
              auto fb = m.find("feedback");
              bool feedback = fb != m.end() && fb->second.is_bool() && fb->second.get_bool();
              return ctx.handling->MessageReporter(s, id, Str(m, "text"), feedback);
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
