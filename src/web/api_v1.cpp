#include "web/api_v1.h"

#include <algorithm>
#include <boost/json.hpp>
#include <functional>

#include "core/approach.h"
#include "core/category.h"
#include "core/limits.h"
#include "core/report.h"
#include "core/text.h"
#include "web/api_helpers.h"
#include "web/form.h"
#include "web/json_body.h"
#include "web/on_pool.h"

namespace portsafe::web {
namespace json = boost::json;
namespace {

std::string English(const WebContext& ctx, std::string_view key) {
  return ctx.catalogue->T("en", key);
}

// The status is HttpStatusFor's; the text the catalogue's English for the
// error's key when it has one.
Response FromError(const WebContext& ctx, const Error& e) {
  const int status = HttpStatusFor(e);
  switch (status) {
    case 404:
      return JsonError(404, "no report matches that receipt");
    case 503: {
      Response r = JsonError(503, "the service is busy; try again shortly");
      r.headers.emplace_back("Retry-After", "5");
      return r;
    }
    case 500:
      return JsonError(500, "internal error");
    default:
      return JsonError(status, e.key().empty() ? e.message() : English(ctx, e.key()));
  }
}

// The receipt from "Authorization: Receipt <receipt>", or "".
std::string ReceiptFrom(const Request& req) {
  std::string_view h = text::Trim(req.Header("authorization"));
  constexpr std::string_view kScheme = "receipt ";
  if (h.size() <= kScheme.size() || text::Lower(h.substr(0, kScheme.size())) != kScheme) return {};
  return std::string(text::Trim(h.substr(kScheme.size())));
}

// Checks `s` and files it: 201 with the receipt, or a 400 naming the first
// problem's field as `json_name` gives it.
void ValidateAndSubmit(const WebContext& ctx, core::ReportSubmission s, Respond respond,
                       const std::function<std::string(const std::string&)>& json_name) {
  s.lang = ctx.catalogue->Pick(s.lang);
  auto errs = core::ValidateSubmission(s, ctx.reporting->ports());
  if (!errs.empty()) {
    respond(JsonError(
        400, json_name(errs.front().field) + ": " + English(ctx, errs.front().message_key)));
    return;
  }
  ctx.reporting->Submit(std::move(s), {},
                        [ctx, respond = std::move(respond)](Result<service::Submitted> r) {
                          if (!r.ok()) {
                            respond(FromError(ctx, r.error()));
                            return;
                          }
                          json::object o;
                          o["receipt"] = r->receipt;
                          respond(JsonResponse(201, o));
                        });
}

void HandleCreateReport(const WebContext& ctx, Request& req, Respond respond) {
  auto v = ParseJsonObject(req.Header("content-type"), req.body);
  if (!v.ok()) {
    respond(FromError(ctx, v.error()));
    return;
  }
  core::ReportSubmission s;
  const auto& fields = core::SubmissionFields();
  for (const auto& kv : v->get_object()) {
    const std::string_view k = kv.key();
    const json::value& val = kv.value();
    auto f = std::find_if(fields.begin(), fields.end(),
                          [k](const core::SubmissionField& x) { return x.name == k; });
    // An approach's answers go to /api/v1/approaches.
    if (f == fields.end() || k.starts_with("approach_")) {
      respond(JsonError(400, "unknown field: " + std::string(k.substr(0, 40))));
      return;
    }
    if (!val.is_string()) {
      respond(JsonError(400, std::string(k) + ": must be a string"));
      return;
    }
    s.*f->member = std::string(val.get_string());
  }
  ValidateAndSubmit(ctx, std::move(s), std::move(respond),
                    [](const std::string& field) { return field; });
}

// POST /api/v1/approaches: "I was approached" (core/approach.h). Its JSON
// names for the submission's fields; the choices that take several are
// arrays of keys.
struct ApproachKey {
  std::string_view json;
  std::string core::ReportSubmission::*member;
  bool several;
};
constexpr ApproachKey kApproachKeys[] = {
    {"port", &core::ReportSubmission::port, false},
    {"area", &core::ReportSubmission::area, false},
    {"facility", &core::ReportSubmission::facility, false},
    {"how", &core::ReportSubmission::approach_how, false},
    {"handle", &core::ReportSubmission::approach_handle, false},
    {"offered", &core::ReportSubmission::approach_offered, true},
    {"what_asked", &core::ReportSubmission::approach_asked, true},
    {"when", &core::ReportSubmission::approach_when, false},
    {"person", &core::ReportSubmission::people, false},
    {"ongoing", &core::ReportSubmission::approach_ongoing, false},
    {"in_danger", &core::ReportSubmission::approach_danger, false},
    {"details", &core::ReportSubmission::description, false},
    {"lang", &core::ReportSubmission::lang, false},
};

// The JSON name of a submission field, for error messages.
std::string_view ApproachJsonName(std::string_view field) {
  for (const auto& k : kApproachKeys) {
    for (const auto& f : core::SubmissionFields()) {
      if (f.name == field && f.member == k.member) return k.json;
    }
  }
  return field;
}

void HandleCreateApproach(const WebContext& ctx, Request& req, Respond respond) {
  auto v = ParseJsonObject(req.Header("content-type"), req.body);
  if (!v.ok()) {
    respond(FromError(ctx, v.error()));
    return;
  }
  core::ReportSubmission s;
  s.category = std::string(core::kApproachCategory);
  for (const auto& kv : v->get_object()) {
    const std::string_view k = kv.key();
    const json::value& val = kv.value();
    const ApproachKey* key = nullptr;
    for (const auto& a : kApproachKeys) {
      if (a.json == k) key = &a;
    }
    if (key == nullptr) {
      respond(JsonError(400, "unknown field: " + std::string(k.substr(0, 40))));
      return;
    }
    if (!key->several) {
      if (!val.is_string()) {
        respond(JsonError(400, std::string(k) + ": must be a string"));
        return;
      }
      s.*key->member = std::string(val.get_string());
      continue;
    }
    if (!val.is_array()) {
      respond(JsonError(400, std::string(k) + ": must be an array of strings"));
      return;
    }
    std::string joined;
    for (const auto& e : val.get_array()) {
      // A key with a comma would read as two.
      if (!e.is_string() || e.get_string().find(',') != json::string::npos) {
        respond(JsonError(400, std::string(k) + ": must be an array of strings"));
        return;
      }
      joined += (joined.empty() ? "" : ",") + std::string(e.get_string());
    }
    s.*key->member = std::move(joined);
  }
  ValidateAndSubmit(ctx, std::move(s), std::move(respond),
                    [](const std::string& field) { return std::string(ApproachJsonName(field)); });
}

void HandleGetSelf(const WebContext& ctx, Request& req, Respond respond) {
  auto view = ctx.reporting->Open(ReceiptFrom(req));
  if (!view.ok()) {
    respond(FromError(ctx, view.error()));
    return;
  }
  json::object report;
  for (const auto& field : core::SubmissionFields()) {
    if (field.name != "lang") report[field.name] = view->fields.*field.member;
  }
  json::array msgs;
  for (const auto& m : view->messages) {
    msgs.push_back(json::object{{"author", m.author}, {"sent_on", m.sent_on}, {"text", m.text}});
  }
  json::array files;
  for (const auto& fv : view->files) {
    files.push_back(json::object{{"name", fv.name},
                                 {"content_type", fv.content_type},
                                 {"size", fv.size},
                                 {"metadata_removed", fv.reencoded}});
  }
  json::object o;
  o["status"] = core::ToString(view->status);
  o["received_on"] = view->received_on;
  o["report"] = std::move(report);
  o["messages"] = std::move(msgs);
  o["files"] = std::move(files);
  respond(JsonResponse(200, o));
}

void HandleAddMessage(const WebContext& ctx, Request& req, Respond respond) {
  auto v = ParseJsonObject(req.Header("content-type"), req.body);
  if (!v.ok()) {
    respond(FromError(ctx, v.error()));
    return;
  }
  const auto& o = v->get_object();
  const json::value* text = o.if_contains("text");
  if (o.size() != 1 || !text || !text->is_string()) {
    respond(JsonError(400, "send exactly {\"text\": \"...\"}"));
    return;
  }
  std::string t(text->get_string());
  if (auto key = core::CheckText(t, limits::kMessageMax, true); !key.empty()) {
    respond(JsonError(400, "text: " + English(ctx, key)));
    return;
  }
  ctx.reporting->AddMessage(ReceiptFrom(req), std::move(t),
                            [ctx, respond = std::move(respond)](Status st) {
                              if (!st.ok()) {
                                respond(FromError(ctx, st.error()));
                                return;
                              }
                              respond(JsonResponse(201, json::object{{"status", "added"}}));
                            });
}

void HandleAddFiles(const WebContext& ctx, Request& req, Respond respond) {
  std::string_view ct = req.Header("content-type");
  if (text::Lower(text::Trim(ct.substr(0, ct.find(';')))) != "multipart/form-data") {
    respond(JsonError(415, "send files as multipart/form-data"));
    return;
  }
  auto form = ParseFormRequest(req);
  if (!form.ok()) {
    respond(FromError(ctx, form.error()));
    return;
  }
  if (form->files.empty()) {
    respond(JsonError(400, "no file in the request"));
    return;
  }
  ctx.reporting->AddFiles(
      ReceiptFrom(req), std::move(form->files),
      [ctx, respond = std::move(respond)](Result<std::vector<service::FileOutcome>> r) {
        if (!r.ok()) {
          respond(FromError(ctx, r.error()));
          return;
        }
        // One entry per file sent, in order: its new name, or kept false
        // when it could not be cleaned and was left out.
        json::array files;
        for (const auto& f : *r) {
          json::object o{{"kept", f.kept}};
          if (f.kept) o["name"] = f.name;
          files.push_back(std::move(o));
        }
        respond(JsonResponse(201, json::object{{"status", "added"}, {"files", std::move(files)}}));
      });
}

}  // namespace

Response JsonResponse(int status, const json::value& v) {
  Response res;
  res.status = status;
  res.content_type = "application/json";
  res.body = json::serialize(v);
  return res;
}

Response JsonError(int status, std::string_view message) {
  return JsonResponse(status, json::object{{"error", message}});
}

void AddApiV1(Router& router, const WebContext& ctx) {
  router.Add("GET", "/api/v1/ports", [ctx](Request& req, Respond respond) {
    std::string q = req.Query("q");
    if (q.size() > limits::kShortFieldMax || !text::IsValidUtf8(q)) {
      respond(JsonError(400, "q: too long or not UTF-8"));
      return;
    }
    json::array out;
    for (const auto* p : ctx.reporting->ports().Search(q, 20, /*tolerant=*/true)) {
      out.push_back(json::object{{"code", p->code}, {"name", p->name}});
    }
    respond(JsonResponse(200, out));
  });
  router.Add("GET", "/api/v1/categories", [ctx](Request&, Respond respond) {
    json::array out;
    for (const auto& c : core::Categories()) {
      out.push_back(
          json::object{{"key", c.key}, {"label", English(ctx, "category." + std::string(c.key))}});
    }
    respond(JsonResponse(200, out));
  });
  router.Add("POST", "/api/v1/reports", [ctx](Request& req, Respond respond) {
    HandleCreateReport(ctx, req, std::move(respond));
  });
  router.Add("POST", "/api/v1/approaches", [ctx](Request& req, Respond respond) {
    HandleCreateApproach(ctx, req, std::move(respond));
  });
  router.Add(
      "GET", "/api/v1/reports/self",
      OnPool(ctx, Work::kRender, Handler([ctx](Request& req, Respond respond) {
               HandleGetSelf(ctx, req, std::move(respond));
             }),
             [](const Request&) {
               return ApiError(Unavailable("many reports are being read; try again shortly"));
             }));
  router.Add("POST", "/api/v1/reports/self/messages", [ctx](Request& req, Respond respond) {
    HandleAddMessage(ctx, req, std::move(respond));
  });
  router.Add("POST", "/api/v1/reports/self/files", [ctx](Request& req, Respond respond) {
    HandleAddFiles(ctx, req, std::move(respond));
  });
}

}  // namespace portsafe::web
