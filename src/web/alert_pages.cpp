#include "web/alert_pages.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/role.h"
#include "core/text.h"
#include "web/api_helpers.h"
#include "web/api_v1.h"
#include "web/json_body.h"
#include "web/on_pool.h"
#include "web/reporter_pages.h"
#include "web/staff_auth.h"
#include "web/staff_pages.h"
#include "web/staff_view.h"

namespace portsafe::web {
namespace {

namespace json = boost::json;
using kainjow::mustache::data;
using service::StaffSession;

constexpr core::Tlp kAllTlp[] = {core::Tlp::kClear, core::Tlp::kGreen, core::Tlp::kAmber,
                                 core::Tlp::kAmberStrict};

using DraftInput = AlertDraftInput;

// The non-empty parts of `s`; stops, setting `*over`, past `max` of them (a
// form of hundreds of thousands of parts is refused, not worked through).
std::vector<std::string> SplitList(std::string_view s, std::string_view separators, size_t max,
                                   bool* over) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at <= s.size()) {
    if (out.size() > max) {
      *over = true;
      break;
    }
    size_t end = s.find_first_of(separators, at);
    if (end == std::string_view::npos) end = s.size();
    std::string_view part = text::Trim(s.substr(at, end - at));
    if (!part.empty()) out.emplace_back(part);
    at = end + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

json::array ToJson(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

// The targets in words: "Ports: Felixstowe (GBFXT). Freeports: Thames."
std::string TargetsInWords(const WebContext& ctx, const core::AlertTargets& t) {
  std::vector<std::string> parts;
  auto add = [&parts](const char* what, std::vector<std::string> names) {
    if (!names.empty()) parts.push_back(std::string(what) + ": " + Join(names, ", "));
  };
  std::vector<std::string> ports;
  for (const auto& p : t.ports) ports.push_back(PortName(ctx, p));
  add("Ports", ports);
  add("Freeports", t.freeports);
  add("Operators", t.operators);
  std::vector<std::string> facilities;
  for (const auto& f : t.facilities) facilities.push_back(FacilityName(ctx, f));
  add("Facilities", facilities);
  return Join(parts, ". ");
}

// "look_for" (a list of {"line"}) and "has_look_for" for the templates.
void SetLookFor(const std::vector<std::string>& lines, data* d) {
  data look{data::type::list};
  for (const auto& l : lines) look.push_back(data("line", l));
  d->set("look_for", look);
  if (!lines.empty()) d->set("has_look_for", true);
}

json::object TargetsJson(const core::AlertTargets& t) {
  return json::object{{"ports", ToJson(t.ports)},
                      {"freeports", ToJson(t.freeports)},
                      {"operators", ToJson(t.operators)},
                      {"facilities", ToJson(t.facilities)}};
}

json::object AlertJson(const service::AlertView& v) {
  json::array acks;
  for (const auto& a : v.acknowledgements) {
    acks.push_back(json::object{{"facility", a.facility_code}, {"by", a.by}, {"on", a.on}});
  }
  const auto& c = v.content;
  return json::object{{"id", v.id},
                      {"status", core::ToString(v.status)},
                      {"tlp", core::ToString(c.tlp)},
                      {"title", c.title},
                      {"text", c.text},
                      {"look_for", ToJson(c.look_for)},
                      {"targets", TargetsJson(c.targets)},
                      {"expires_on", c.expires_on},
                      {"public_site", c.public_site},
                      {"from_package", c.from_package},
                      {"drafted_by", v.drafted_by},
                      {"drafted_on", v.drafted_on},
                      {"approved_by", v.approved_by},
                      {"approved_on", v.approved_on},
                      {"live", v.live},
                      {"acknowledgements", std::move(acks)}};
}

// A draft from the form on /handle/alerts.
DraftInput ParseDraftForm(const FormData& f) {
  DraftInput in;
  in.content.title = f.Get("title");
  in.content.text = f.Get("text");
  bool over = false;
  in.content.look_for = SplitList(f.Get("look_for"), "\r\n", core::kMaxAlertLookFor, &over);
  if (over) in.too_many = "look_for";
  in.tlp_text = f.Get("tlp");
  in.content.tlp = core::ParseTlp(in.tlp_text).value_or(core::Tlp::kAmberStrict);
  in.content.targets.ports = SplitList(f.Get("ports"), ", ", core::kMaxAlertTargets, &over);
  in.content.targets.freeports = f.GetAll("freeport");
  in.content.targets.operators = f.GetAll("operator");
  for (auto* v : {&in.content.targets.freeports, &in.content.targets.operators}) {
    if (v->size() > core::kMaxAlertTargets) {
      v->clear();
      over = true;
    }
  }
  if (over && in.too_many.empty()) in.too_many = "targets";
  in.content.targets.facilities =
      SplitList(f.Get("facilities"), ", ", core::kMaxAlertTargets, &over);
  in.content.expires_on = f.Get("expires_on");
  in.content.public_site = f.Get("public_site") == "yes";
  in.content.from_package = f.Get("from_package");
  in.acknowledged = f.GetAll("ack");
  return in;
}

data TlpOptions(std::string_view chosen) {
  data list{data::type::list};
  for (core::Tlp t : kAllTlp) {
    data item;
    const std::string name(core::ToString(t));
    item.set("value", name);
    item.set("id", "tlp-" + text::Lower(name == "AMBER+STRICT" ? "amber-strict" : name));
    item.set("meaning", std::string(core::TlpMeaning(t)));
    if (name == chosen) item.set("checked", true);
    list.push_back(item);
  }
  return list;
}

data ChoiceList(const std::vector<std::string>& all, const std::vector<std::string>& chosen,
                const char* prefix) {
  data list{data::type::list};
  int n = 0;
  for (const auto& v : all) {
    data item;
    item.set("value", v);
    item.set("id", std::string(prefix) + std::to_string(++n));
    if (std::find(chosen.begin(), chosen.end(), v) != chosen.end()) item.set("checked", true);
    list.push_back(item);
  }
  return list;
}

data AlertItem(const WebContext& ctx, const service::AlertView& v) {
  data item;
  item.set("id", v.id);
  item.set("title", v.content.title);
  item.set("tlp", std::string(core::ToString(v.content.tlp)));
  item.set("tlp_class", v.content.tlp == core::Tlp::kClear   ? "clear"
                        : v.content.tlp == core::Tlp::kGreen ? "green"
                                                             : "amber");
  item.set("status", v.status == core::AlertStatus::kApproved
                         ? (v.live ? std::string("approved") : std::string("expired"))
                         : std::string("awaiting approval"));
  item.set("targets", TargetsInWords(ctx, v.content.targets));
  item.set("expires_on", v.content.expires_on);
  item.set("drafted", v.drafted_on + " by " + v.drafted_by);
  const size_t n = v.acknowledgements.size();
  item.set("acks", n == 0   ? std::string("not acknowledged yet")
                   : n == 1 ? std::string("acknowledged by 1 manager")
                            : "acknowledged by " + std::to_string(n) + " managers");
  return item;
}

// /handle/alerts: the list and the draft form, with `in` kept after a
// refusal and its warnings to tick.
Response AlertsPage(const WebContext& ctx, const StaffSession& s, const DraftInput* in,
                    const std::vector<core::Finding>& warnings, const Error* error,
                    const std::string& package, int status) {
  auto alerts = ctx.alerts->List(s);
  if (!alerts.ok()) return FromServiceError(ctx, &s, alerts.error());
  data d;
  data list{data::type::list};
  for (const auto& v : *alerts) list.push_back(AlertItem(ctx, v));
  d.set("alerts", list);
  if (!alerts->empty()) d.set("has_alerts", true);
  const core::AlertContent blank;
  const core::AlertContent& c = in != nullptr ? in->content : blank;
  d.set("title_value", c.title);
  d.set("text_value", c.text);
  d.set("look_for_value", Join(c.look_for, "\n"));
  d.set("tlp_options", TlpOptions(in != nullptr ? in->tlp_text : "AMBER"));
  const auto choices = ctx.alerts->Choices();
  d.set("freeports", ChoiceList(choices.freeports, c.targets.freeports, "freeport-"));
  d.set("operators", ChoiceList(choices.operators, c.targets.operators, "operator-"));
  d.set("ports_value", Join(c.targets.ports, ", "));
  d.set("facilities_value", Join(c.targets.facilities, ", "));
  d.set("expires_value", in != nullptr ? c.expires_on : choices.default_expires_on);
  if (c.public_site) d.set("public_checked", true);
  const std::string from = in != nullptr ? c.from_package : package;
  if (!from.empty()) {
    d.set("from_package", from);
    d.set("from_package_ref", ShortId(from));
  }
  if (error != nullptr) {
    d.set("error", error->message());
    data err;
    err.set(error->field().empty() ? std::string("form") : error->field(), error->message());
    d.set("err", err);
  }
  if (!warnings.empty()) {
    d.set("has_warnings", true);
    d.set("warnings", FindingList(warnings));
  }
  d.set("scope", std::string(kIdentifyingCheckScope));
  return StaffPageResponse(ctx, &s, "Alerts to ports", "staff_alerts", std::move(d), status);
}

Response AlertPage(const WebContext& ctx, const StaffSession& s, const std::string& id,
                   std::string_view notice) {
  auto v = ctx.alerts->Get(s, id);
  if (!v.ok()) return FromServiceError(ctx, &s, v.error());
  data d = AlertItem(ctx, *v);
  d.set("text", v->content.text);
  SetLookFor(v->content.look_for, &d);
  d.set("tlp_meaning", std::string(core::TlpMeaning(v->content.tlp)));
  if (v->content.public_site) d.set("public_site", true);
  if (!v->content.from_package.empty()) d.set("from_package", ShortId(v->content.from_package));
  if (!v->approved_on.empty()) d.set("approved", v->approved_on + " by " + v->approved_by);
  data waived{data::type::list};
  for (const auto& w : v->content.waived) {
    const size_t colon = w.find(": ");
    const std::string kind = colon == std::string::npos ? w : w.substr(0, colon);
    waived.push_back(
        data("line", Label(kFindingLabels, kind) +
                         (colon == std::string::npos ? "" : ": “" + w.substr(colon + 2) + "”")));
  }
  d.set("waived", waived);
  if (!v->content.waived.empty()) d.set("has_waived", true);
  if (v->status == core::AlertStatus::kAwaitingApproval) {
    if (s.role == core::Role::kSupervisor && !v->drafted_by_me) {
      d.set("can_approve", true);
    } else {
      d.set("approval_note", v->drafted_by_me
                                 ? "A supervisor other than you must approve your alert."
                                 : "A supervisor approves it.");
    }
  }
  data acks{data::type::list};
  for (const auto& a : v->acknowledgements) {
    data item;
    item.set("facility", FacilityName(ctx, a.facility_code));
    item.set("by", a.by);
    item.set("on", a.on);
    acks.push_back(item);
  }
  d.set("acknowledgements", acks);
  if (!v->acknowledgements.empty()) d.set("has_acks", true);
  if (!notice.empty()) d.set("notice", std::string(notice));
  return StaffPageResponse(ctx, &s, v->content.title, "staff_alert", std::move(d));
}

json::array FacilityAlertsJson(const std::vector<service::FacilityAlert>& alerts) {
  json::array out;
  for (const auto& a : alerts) {
    out.push_back(json::object{{"id", a.id},
                               {"title", a.title},
                               {"text", a.text},
                               {"look_for", ToJson(a.look_for)},
                               {"tlp", core::ToString(a.tlp)},
                               {"approved_on", a.approved_on},
                               {"expires_on", a.expires_on},
                               {"acknowledged_on", a.acknowledged_on}});
  }
  return out;
}

}  // namespace

Result<AlertDraftInput> ParseAlertDraftJson(std::string_view content_type, std::string_view body) {
  auto v = ParseJsonObject(content_type, body);
  if (!v.ok()) return v.error();
  AlertDraftInput in;
  auto strings = [](const json::value& x, size_t max, std::vector<std::string>* out) -> bool {
    if (!x.is_array() || x.get_array().size() > max) return false;
    for (const auto& s : x.get_array()) {
      if (!s.is_string()) return false;
      out->emplace_back(s.get_string());
    }
    return true;
  };
  bool has_tlp = false;
  for (const auto& kv : v->get_object()) {
    const std::string key(kv.key().substr(0, 40));
    const json::value& x = kv.value();
    bool ok = true;
    if (key == "title" || key == "text" || key == "tlp" || key == "expires_on" ||
        key == "from_package") {
      ok = x.is_string();
      if (ok) {
        const std::string s(x.get_string());
        if (key == "title") in.content.title = s;
        if (key == "text") in.content.text = s;
        if (key == "expires_on") in.content.expires_on = s;
        if (key == "from_package") in.content.from_package = s;
        if (key == "tlp") {
          has_tlp = true;
          in.tlp_text = s;
        }
      }
    } else if (key == "public_site") {
      ok = x.is_bool();
      if (ok) in.content.public_site = x.get_bool();
    } else if (key == "look_for") {
      ok = strings(x, 64, &in.content.look_for);
    } else if (key == "acknowledged_warnings") {
      ok = strings(x, 64, &in.acknowledged);
    } else if (key == "targets") {
      ok = x.is_object();
      if (ok) {
        for (const auto& t : x.get_object()) {
          const std::string tk(t.key().substr(0, 40));
          std::vector<std::string>* into = tk == "ports"        ? &in.content.targets.ports
                                           : tk == "freeports"  ? &in.content.targets.freeports
                                           : tk == "operators"  ? &in.content.targets.operators
                                           : tk == "facilities" ? &in.content.targets.facilities
                                                                : nullptr;
          if (into == nullptr) return InvalidField("targets", "unknown target kind " + tk);
          if (!strings(t.value(), core::kMaxAlertTargets, into)) {
            return InvalidField("targets", "targets." + tk + " must be a list of strings");
          }
        }
      }
    } else {
      return InvalidArgument("unknown field " + key);
    }
    if (!ok) return InvalidField(key, key + " has the wrong type");
  }
  if (!has_tlp) return InvalidField("tlp", "tlp is CLEAR, GREEN, AMBER or AMBER+STRICT");
  auto tlp = core::ParseTlp(in.tlp_text);
  if (!tlp) return InvalidField("tlp", "tlp is CLEAR, GREEN, AMBER or AMBER+STRICT");
  in.content.tlp = *tlp;
  return in;
}

void AddFacilityAlerts(const WebContext& ctx, const StaffSession& s, const std::string& code,
                       data* d) {
  if (ctx.alerts == nullptr || s.role != core::Role::kPortManager) return;
  auto alerts = ctx.alerts->ForFacility(s, code);
  if (!alerts.ok()) {
    d->set("alerts_error", "The alerts cannot be read just now; try again later.");
    return;
  }
  d->set("manager", true);
  data list{data::type::list};
  for (const auto& a : *alerts) {
    data item;
    item.set("id", a.id);
    item.set("title", a.title);
    item.set("text", a.text);
    SetLookFor(a.look_for, &item);
    item.set("tlp", std::string(core::ToString(a.tlp)));
    item.set("tlp_class", a.tlp == core::Tlp::kClear   ? "clear"
                          : a.tlp == core::Tlp::kGreen ? "green"
                                                       : "amber");
    item.set("tlp_meaning", std::string(core::TlpMeaning(a.tlp)));
    item.set("approved_on", a.approved_on);
    item.set("expires_on", a.expires_on);
    if (!a.acknowledged_on.empty()) item.set("acknowledged_on", a.acknowledged_on);
    item.set("code", code);
    item.set("csrf", s.csrf);
    list.push_back(item);
  }
  d->set("alerts", list);
  if (!alerts->empty()) d->set("has_alerts", true);
}

void AddAlertPages(Router& router, const WebContext& ctx) {
  router.Add("GET", "/handle/alerts",
             StaffPage(ctx, ReportReaders(), [ctx](StaffCall& c, Respond r) {
               std::string package = c.req->Query("package");
               if (package.size() > 64 || !crypto::IsLowerHex(package)) package.clear();
               r(AlertsPage(ctx, *c.session, nullptr, {}, nullptr, package, 200));
             }));
  router.Add(
      "POST", "/handle/alerts", StaffPage(ctx, ReportReaders(), [ctx](StaffCall& c, Respond r) {
        DraftInput in = ParseDraftForm(c.form);
        if (!in.too_many.empty()) {
          const Error e =
              InvalidField(in.too_many, in.too_many == "look_for" ? "At most 12 things to look for."
                                                                  : "At most 200 targets.");
          r(AlertsPage(ctx, *c.session, &in, {}, &e, "", 400));
          return;
        }
        if (!core::ParseTlp(in.tlp_text)) {
          const Error e = InvalidField("tlp", "Choose a TLP marking.");
          r(AlertsPage(ctx, *c.session, &in, {}, &e, "", 400));
          return;
        }
        auto out = ctx.alerts->Draft(*c.session, in.content, in.acknowledged);
        if (!out.ok()) {
          if (HttpStatusFor(out.error()) == 400) {
            r(AlertsPage(ctx, *c.session, &in, {}, &out.error(), "", 400));
          } else {
            r(FromServiceError(ctx, c.session.get(), out.error()));
          }
          return;
        }
        if (out->id.empty()) {
          const Error e = InvalidField(
              "warnings", "The alert may identify a reporter: change it, or tick each warning.");
          r(AlertsPage(ctx, *c.session, &in, out->warnings, &e, "", 400));
          return;
        }
        r(Redirect("/handle/alerts/" + out->id));
      }));
  router.Add("GET", "/handle/alerts/{id}",
             StaffPage(ctx, ReportReaders(), [ctx](StaffCall& c, Respond r) {
               r(AlertPage(ctx, *c.session, c.req->params["id"], ""));
             }));
  // Approving mails the targeted managers, one SMTP conversation each: on
  // the mail pool, never on the server's I/O threads.
  router.Add(
      "POST", "/handle/alerts/{id}/approval",
      StaffPage(ctx, Supervisors(),
                OnPool(ctx, Work::kMail, StaffHandler([ctx](StaffCall& c, Respond r) {
                         const std::string& id = c.req->params["id"];
                         auto v = ctx.alerts->Approve(*c.session, id);
                         if (!v.ok()) {
                           r(FromServiceError(ctx, c.session.get(), v.error()));
                           return;
                         }
                         r(AlertPage(ctx, *c.session, id,
                                     "Approved. The targeted facilities' managers see it now" +
                                         (v->mailed > 0 ? "; " + std::to_string(v->mailed) +
                                                              " were told by e-mail."
                                                        : std::string("."))));
                       }),
                       [ctx](const StaffCall& c) {
                         return StaffBusyPage(ctx, c.session.get(),
                                              "Many e-mails are being sent just now. Try "
                                              "again in a few seconds.");
                       })));
  router.Add("POST", "/facility/{code}/alerts/{id}/acknowledgement",
             StaffPage(ctx, FacilityManagers(), [ctx](StaffCall& c, Respond r) {
               const std::string& code = c.req->params["code"];
               const std::string& id = c.req->params["id"];
               Status st = ctx.alerts->Acknowledge(*c.session, code, id);
               if (!st.ok()) {
                 r(FromServiceError(ctx, c.session.get(), st.error()));
                 return;
               }
               r(Redirect("/facility/" + code + "#alert-" + id));
             }));
  router.Add("GET", "/alerts", [ctx](Request& req, Respond respond) {
    const std::string lang = PublicLang(ctx, req);
    auto alerts = ctx.alerts->Public();
    if (!alerts.ok()) {
      respond(ErrorPage(ctx, lang, 503, "error_busy_title", "error.busy"));
      return;
    }
    data d;
    data list{data::type::list};
    for (const auto& a : *alerts) {
      data item;
      item.set("title", a.title);
      item.set("text", a.text);
      SetLookFor(a.look_for, &item);
      item.set("approved_on", a.approved_on);
      item.set("expires_on", a.expires_on);
      list.push_back(item);
    }
    d.set("alerts", list);
    if (!alerts->empty()) d.set("has_alerts", true);
    respond(PublicPage(ctx, lang, "alerts_title", "alerts", std::move(d), 200, "/alerts"));
  });

  // JSON.
  router.Add("POST", "/api/v1/alerts",
             StaffApi(ctx, ReportReaders(), [ctx](StaffCall& c, Respond respond) {
               auto in = ParseAlertDraftJson(c.req->Header("content-type"), c.req->body);
               if (!in.ok()) {
                 respond(ApiError(in.error()));
                 return;
               }
               auto out = ctx.alerts->Draft(*c.session, in->content, in->acknowledged);
               if (!out.ok()) {
                 respond(ApiError(out.error()));
                 return;
               }
               if (out->id.empty()) {
                 respond(JsonResponse(
                     422, json::object{{"error",
                                        "the identifying-content check warns: change the alert, "
                                        "or acknowledge each warning in acknowledged_warnings"},
                                       {"field", "warnings"},
                                       {"warnings", FindingsJson(out->warnings)}}));
                 return;
               }
               respond(JsonResponse(201, json::object{{"id", out->id},
                                                      {"status", "awaiting_approval"},
                                                      {"warnings", FindingsJson(out->warnings)}}));
             }));
  router.Add("GET", "/api/v1/alerts",
             StaffApi(ctx, ReportReaders(), [ctx](StaffCall& c, Respond respond) {
               auto alerts = ctx.alerts->List(*c.session);
               if (!alerts.ok()) {
                 respond(ApiError(alerts.error()));
                 return;
               }
               json::array out;
               for (const auto& v : *alerts) out.push_back(AlertJson(v));
               respond(JsonResponse(200, out));
             }));
  router.Add("GET", "/api/v1/alerts/{id}",
             StaffApi(ctx, ReportReaders(), [ctx](StaffCall& c, Respond respond) {
               auto v = ctx.alerts->Get(*c.session, c.req->params["id"]);
               respond(v.ok() ? JsonResponse(200, AlertJson(*v)) : ApiError(v.error()));
             }));
  router.Add(
      "POST", "/api/v1/alerts/{id}/approval",
      StaffApi(ctx, Supervisors(),
               OnPool(ctx, Work::kMail, StaffHandler([ctx](StaffCall& c, Respond respond) {
                        auto m = Members(*c.req, {});
                        if (!m.ok()) {
                          respond(ApiError(m.error()));
                          return;
                        }
                        auto v = ctx.alerts->Approve(*c.session, c.req->params["id"]);
                        if (!v.ok()) {
                          respond(ApiError(v.error()));
                          return;
                        }
                        json::object o = AlertJson(*v);
                        o["mailed"] = v->mailed;
                        respond(JsonResponse(200, o));
                      }),
                      [](const StaffCall&) {
                        return ApiError(Unavailable(
                            "many e-mails are being sent just now; try again in a few seconds"));
                      })));
  router.Add("GET", "/api/v1/facility/{code}/alerts",
             StaffApi(ctx, FacilityManagers(), [ctx](StaffCall& c, Respond respond) {
               auto alerts = ctx.alerts->ForFacility(*c.session, c.req->params["code"]);
               respond(alerts.ok() ? JsonResponse(200, FacilityAlertsJson(*alerts))
                                   : ApiError(alerts.error()));
             }));
  router.Add("POST", "/api/v1/facility/{code}/alerts/{id}/acknowledgement",
             PostAction(ctx, FacilityManagers(), {},
                        [ctx](const StaffSession& s, const Request& req, const Fields&) {
                          return DoneJson(ctx.alerts->Acknowledge(s, req.params.at("code"),
                                                                  req.params.at("id")));
                        }));
  router.Add("GET", "/api/v1/public/alerts", [ctx](Request&, Respond respond) {
    auto alerts = ctx.alerts->Public();
    if (!alerts.ok()) {
      respond(ApiError(alerts.error()));
      return;
    }
    json::array out;
    for (const auto& a : *alerts) {
      out.push_back(json::object{{"id", a.id},
                                 {"title", a.title},
                                 {"text", a.text},
                                 {"look_for", ToJson(a.look_for)},
                                 {"tlp", "CLEAR"},
                                 {"approved_on", a.approved_on},
                                 {"expires_on", a.expires_on}});
    }
    respond(JsonResponse(200, out));
  });
}

}  // namespace portsafe::web
