#include "web/membership_pages.h"

#include "media/qr_code.h"
#include "web/api_helpers.h"
#include "web/api_v1.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/on_pool.h"
#include "web/reporter_pages.h"
#include "web/staff_auth.h"
#include "web/staff_view.h"

namespace portsafe::web {
namespace {

namespace json = boost::json;
using kainjow::mustache::data;
using service::StaffSession;

constexpr std::pair<std::string_view, std::string_view> kFieldLabels[] = {
    {"code",
     "The facility code is the port's code, a hyphen and 2 to 20 capital letters or "
     "digits, and must not be taken."},
    {"reason", "Say why the application is declined."},
    {"subject", "Give the newsletter a subject (one line)."},
    {"markdown", "Write the newsletter (Markdown)."},
};

// A service error's message for a person: the page's own words for the
// field at fault, when it names one.
std::string ErrorText(const Error& e) {
  for (const auto& [k, v] : kFieldLabels) {
    if (k == e.field()) return std::string(v);
  }
  return HttpStatusFor(e) == 500 ? "Something went wrong on our side." : e.message();
}

service::ApplicationForm FormFrom(const FormData& f) {
  return {f.Get("operator"), f.Get("port"), f.Get("facility_name"), f.Get("email"),
          f.Get("staff_count")};
}

// The public application form in `lang`, with every problem of a refused
// one next to its field and listed at the top; `general_key` names a message
// about the whole form.
Response JoinPage(const WebContext& ctx, const std::string& lang, const service::ApplicationForm& f,
                  const std::vector<Error>& problems, std::string_view general_key, int status) {
  const Catalogue& cat = *ctx.catalogue;
  struct Field {
    const char* name;
    const std::string* value;
    const char* type;
    const char* autocomplete;
    int max;
  };
  const Field fields[] = {
      {"operator", &f.operator_group, "text", "organization", 100},
      {"port", &f.port, "text", nullptr, 120},
      {"facility_name", &f.facility_name, "text", nullptr, 100},
      {"email", &f.email, "email", "email", 254},
      {"staff_count", &f.staff_count, "text", nullptr, 6},
  };
  data d;
  data list{data::type::list}, errors{data::type::list};
  for (const Field& field : fields) {
    data item;
    item.set("name", field.name);
    item.set("label", cat.T(lang, std::string("join_") + field.name));
    item.set("value", *field.value);
    item.set("type", field.type);
    item.set("max", std::to_string(field.max));
    if (field.autocomplete != nullptr) item.set("autocomplete", field.autocomplete);
    if (std::string_view(field.name) == "staff_count") item.set("numeric", true);
    for (const Error& e : problems) {
      if (e.field() != field.name) continue;
      const std::string message = cat.T(lang, std::string("join_err_") + field.name);
      item.set("error", message);
      data err;
      err.set("field", field.name);
      err.set("message", message);
      errors.push_back(err);
    }
    list.push_back(item);
  }
  d.set("fields", list);
  d.set("errors", errors);
  if (errors.is_non_empty_list()) d.set("has_errors", true);
  if (!general_key.empty()) d.set("general_error", cat.T(lang, general_key));
  return PublicPage(ctx, lang, "join_title", "join", std::move(d), status, "/join");
}

Response InvitePage(const WebContext& ctx, const std::string& token, std::string_view error,
                    int status) {
  auto inv = ctx.membership->FindInvitation(token);
  if (!inv.ok()) {
    if (inv.error().code() != ErrorCode::kNotFound)
      return FromServiceError(ctx, nullptr, inv.error());
    data d;
    return StaffPageResponse(ctx, nullptr, "This invitation link no longer works", "invite_spent",
                             std::move(d), 404);
  }
  data d;
  d.set("email", inv->email);
  d.set("facility", FacilityName(ctx, inv->facility_code));
  d.set("token", token);
  if (!error.empty()) d.set("error", std::string(error));
  return StaffPageResponse(ctx, nullptr, "Set up your account", "invite", std::move(d), status);
}

// `confirm_suspend`, when set, is the code of a facility the admin asked to
// suspend: the page first asks them to confirm it.
Response AdminPage(const WebContext& ctx, const StaffSession& s, std::string_view notice,
                   std::string_view error, int status, std::string_view confirm_suspend = {}) {
  auto apps = ctx.membership->Applications(s);
  if (!apps.ok()) return FromServiceError(ctx, &s, apps.error());
  auto facilities = ctx.membership->Facilities(s);
  if (!facilities.ok()) return FromServiceError(ctx, &s, facilities.error());
  data d;
  if (!notice.empty()) d.set("notice", std::string(notice));
  if (!error.empty()) d.set("error", std::string(error));
  data pending{data::type::list}, decided{data::type::list};
  for (const auto& a : *apps) {
    data item;
    item.set("id", a.id);
    item.set("operator", a.operator_group);
    item.set("port", PortName(ctx, a.port_code));
    item.set("facility_name", a.facility_name);
    item.set("email", a.email);
    item.set("staff_count", std::to_string(a.staff_count));
    item.set("submitted_on", a.submitted_on);
    item.set("status", a.status);
    item.set("decided_on", a.decided_on);
    item.set("detail", a.status == "approved" ? a.facility_code : a.reason);
    item.set("csrf", s.csrf);
    if (a.status == "pending") {
      item.set("code", std::string(a.port_code) + "-");
      pending.push_back(item);
    } else {
      decided.push_back(item);
    }
  }
  d.set("pending", pending);
  d.set("decided", decided);
  if (pending.is_non_empty_list()) d.set("has_pending", true);
  if (decided.is_non_empty_list()) d.set("has_decided", true);
  data list{data::type::list};
  for (const auto& f : *facilities) {
    data item;
    item.set("code", f.code);
    item.set("name", f.name);
    item.set("port", PortName(ctx, f.port_code));
    item.set("operator", f.operator_group);
    item.set("status", f.status);
    if (f.code == confirm_suspend && f.status == "active") {
      data c;
      c.set("code", f.code);
      c.set("name", f.name);
      c.set("csrf", s.csrf);
      d.set("confirm_suspend", c);
    }
    item.set("joined", f.joined_on);
    item.set("csrf", s.csrf);
    if (f.status == "active") {
      item.set("action", "Suspend");
      item.set("to", "suspended");
    } else {
      item.set("action", "Resume");
      item.set("to", "active");
    }
    list.push_back(item);
  }
  d.set("facilities", list);
  return StaffPageResponse(ctx, &s, "Membership", "admin", std::move(d), status);
}

// `confirm_count`, when set, asks the admin to confirm sending to that many
// security officers (the preview shows what they will read).
Response NewsletterPage(const WebContext& ctx, const StaffSession& s, const std::string& subject,
                        const std::string& markdown, const std::string& preview,
                        std::string_view notice, std::string_view error, int status,
                        std::optional<size_t> confirm_count = std::nullopt) {
  auto sent = ctx.membership->Newsletters(s);
  if (!sent.ok()) return FromServiceError(ctx, &s, sent.error());
  data d;
  if (confirm_count) {
    d.set("confirm", true);
    d.set("confirm_text", *confirm_count == 1
                              ? std::string("It goes to 1 security officer.")
                              : "It goes to the " + std::to_string(*confirm_count) +
                                    " security officers of the active member facilities.");
    if (*confirm_count == 0) d.set("nobody", true);
  }
  d.set("subject", subject);
  d.set("markdown", markdown);
  if (!preview.empty()) {
    d.set("preview", preview);  // cmark's safe HTML
    // The footer and the text part exactly as they are mailed.
    d.set("plain_text", service::NewsletterText(markdown));
    d.set("footer", std::string(service::kNewsletterFooter));
  }
  if (!notice.empty()) d.set("notice", std::string(notice));
  if (!error.empty()) d.set("error", std::string(error));
  data list{data::type::list};
  for (const auto& n : *sent) {
    data item;
    item.set("subject", n.subject);
    item.set("sent_on", n.sent_on);
    item.set("recipients", std::to_string(n.recipients));
    list.push_back(item);
  }
  d.set("sent", list);
  if (!sent->empty()) d.set("has_sent", true);
  return StaffPageResponse(ctx, &s, "Newsletter", "admin_newsletter", std::move(d), status);
}

// The page shown once after the account is made: the TOTP secret as a QR
// code and as text, and the recovery code.
Response AccountMadePage(const WebContext& ctx, const std::string& token,
                         const service::CreatedUser& u) {
  data d;
  d.set("token", token);
  d.set("totp_uri", u.totp_uri);
  d.set("recovery_code", u.recovery_code);
  // Each group ("7K3M-") kept whole when the line wraps on a phone.
  d.set("recovery_groups", CodeGroups(u.recovery_code));
  auto qr = media::EncodeQr(u.totp_uri);
  if (qr.ok()) {
    // Our own SVG (squares, no text from anyone), inline without its prolog.
    const std::string svg = media::QrSvg(*qr);
    d.set("qr", svg.substr(svg.find("<svg")));
  }
  const auto at = u.totp_uri.find("secret=");
  if (at != std::string::npos) {
    const std::string secret = u.totp_uri.substr(at + 7, u.totp_uri.find('&', at) - at - 7);
    d.set("secret", secret);
    // Shown in groups of four to type into an app (apps ignore the spaces).
    data groups{data::type::list};
    for (size_t i = 0; i < secret.size(); i += 4) {
      data g;
      g.set("text", secret.substr(i, 4));
      groups.push_back(g);
    }
    d.set("secret_groups", groups);
  }
  Response r = StaffPageResponse(ctx, nullptr, "Set up your app", "invite_done", std::move(d), 200);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

json::object ApplicationJson(const store::ApplicationRow& a) {
  return json::object{{"id", a.id},
                      {"operator", a.operator_group},
                      {"port", a.port_code},
                      {"facility_name", a.facility_name},
                      {"email", a.email},
                      {"staff_count", a.staff_count},
                      {"submitted_on", a.submitted_on},
                      {"status", a.status},
                      {"decided_on", a.decided_on},
                      {"reason", a.reason},
                      {"facility_code", a.facility_code}};
}

}  // namespace

void AddMembershipPages(Router& router, const WebContext& ctx) {
  router.Add("GET", "/join", [ctx](Request& req, Respond respond) {
    respond(JoinPage(ctx, PublicLang(ctx, req), {}, {}, "", 200));
  });
  router.Add("POST", "/join", [ctx](Request& req, Respond respond) {
    auto form = ParseFormRequest(req);
    if (!form.ok()) {
      respond(JoinPage(ctx, PublicLang(ctx, req), {}, {}, "join_err_unreadable", 400));
      return;
    }
    std::string lang = ctx.catalogue->Pick(form->Get("lang"));
    if (form->Get("lang").empty()) lang = PublicLang(ctx, req);
    auto f = FormFrom(*form);
    // Every problem at once, each next to its field.
    if (auto problems = service::ApplicationProblems(f, ctx.reporting->ports());
        !problems.empty()) {
      respond(JoinPage(ctx, lang, f, problems, "", 400));
      return;
    }
    auto id = ctx.membership->Apply(f);
    if (!id.ok()) {
      if (!id.error().field().empty()) {
        respond(JoinPage(ctx, lang, f, {id.error()}, "", HttpStatusFor(id.error())));
      } else {
        respond(JoinPage(ctx, lang, f, {}, "join_err_busy", HttpStatusFor(id.error())));
      }
      return;
    }
    data d;
    d.set("email", service::NormaliseEmail(f.email));
    respond(PublicPage(ctx, lang, "join_done_title", "join_done", std::move(d), 200, "/"));
  });
  router.Add("POST", "/api/v1/join", [ctx](Request& req, Respond respond) {
    auto m = Members(req, {"operator", "port", "facility_name", "email", "staff_count"});
    if (!m.ok()) {
      respond(ApiError(m.error()));
      return;
    }
    auto id = ctx.membership->Apply({Str(*m, "operator"), Str(*m, "port"), Str(*m, "facility_name"),
                                     Str(*m, "email"), Str(*m, "staff_count")});
    if (!id.ok()) {
      respond(ApiError(id.error()));
      return;
    }
    respond(JsonResponse(201, json::object{{"status", "received"}}));
  });

  router.Add("GET", "/invite/{token}", [ctx](Request& req, Respond respond) {
    respond(InvitePage(ctx, req.params["token"], "", 200));
  });
  // Making the account derives its password key (Argon2id): on the
  // password pool. Mail to facilities goes out on the mail pool.
  auto api_busy = [](const auto&) {
    return ApiError(Unavailable("too many requests of this kind are waiting; try again shortly"));
  };
  auto admin_busy = [ctx](const StaffCall& c) {
    Response r = AdminPage(ctx, *c.session, "",
                           "Too many mails are being sent just now. Try again in a minute.", 503);
    r.headers.emplace_back("Retry-After", "30");
    return r;
  };
  router.Add("POST", "/invite/{token}",
             OnPool(ctx, Work::kPassword, Handler([ctx](Request& req, Respond respond) {
                      const std::string token = req.params["token"];
                      auto form = ParseFormRequest(req);
                      if (!form.ok()) {
                        respond(InvitePage(ctx, token, "The form could not be read.", 400));
                        return;
                      }
                      if (form->Get("password") != form->Get("password_again")) {
                        respond(InvitePage(ctx, token, "The two passwords are not the same.", 400));
                        return;
                      }
                      auto user = ctx.membership->AcceptInvitation(token, form->Get("password"));
                      if (!user.ok()) {
                        if (user.error().code() == ErrorCode::kNotFound) {
                          respond(InvitePage(ctx, token, "", 404));
                        } else {
                          respond(InvitePage(ctx, token, user.error().message(),
                                             HttpStatusFor(user.error())));
                        }
                        return;
                      }
                      respond(AccountMadePage(ctx, token, *user));
                    }),
                    [ctx](const Request& req) {
                      Response r = InvitePage(
                          ctx, req.params.at("token"),
                          "Too many requests are waiting. Try again in a few seconds.", 503);
                      r.headers.emplace_back("Retry-After", "5");
                      return r;
                    }));
  // The last step: one code from the app, before the account goes live.
  router.Add("POST", "/invite/{token}/confirm", Handler([ctx](Request& req, Respond respond) {
               const std::string token = req.params["token"];
               auto form = ParseFormRequest(req);
               Status st = form.ok() ? ctx.membership->ConfirmInvitation(token, form->Get("code"))
                                     : Status(InvalidField("totp", "The form could not be read."));
               if (st.ok()) {
                 data d;
                 respond(StaffPageResponse(ctx, nullptr, "Your account is ready",
                                           "invite_confirmed", std::move(d), 200));
                 return;
               }
               if (st.error().code() == ErrorCode::kNotFound) {
                 respond(InvitePage(ctx, token, "", 404));
                 return;
               }
               data d;
               d.set("token", token);
               d.set("error", ErrorText(st.error()));
               Response r = StaffPageResponse(ctx, nullptr, "Set up your app", "invite_code",
                                              std::move(d), HttpStatusFor(st.error()));
               r.headers.emplace_back("Cache-Control", "no-store");
               respond(std::move(r));
             }));
  router.Add(
      "POST", "/api/v1/invitations/{token}/confirmation",
      Handler([ctx](Request& req, Respond respond) {
        auto m = Members(req, {"code"});
        if (!m.ok()) {
          respond(ApiError(m.error()));
          return;
        }
        respond(Done(ctx.membership->ConfirmInvitation(req.params["token"], Str(*m, "code"))));
      }));
  router.Add("POST", "/api/v1/invitations/{token}",
             OnPool(ctx, Work::kPassword, Handler([ctx](Request& req, Respond respond) {
                      auto m = Members(req, {"password"});
                      if (!m.ok()) {
                        respond(ApiError(m.error()));
                        return;
                      }
                      auto user = ctx.membership->AcceptInvitation(req.params["token"],
                                                                   Str(*m, "password"));
                      if (!user.ok()) {
                        respond(ApiError(user.error()));
                        return;
                      }
                      Response r =
                          JsonResponse(201, json::object{{"totp_uri", user->totp_uri},
                                                         {"recovery_code", user->recovery_code}});
                      r.headers.emplace_back("Cache-Control", "no-store");
                      respond(std::move(r));
                    }),
                    api_busy));

  router.Add("GET", "/admin", StaffPage(ctx, Admins(), [ctx](StaffCall& c, Respond r) {
               r(AdminPage(ctx, *c.session, "", "", 200));
             }));
  router.Add(
      "POST", "/admin/applications/{id}/approve",
      StaffPage(
          ctx, Admins(),
          OnPool(ctx, Work::kMail, StaffHandler([ctx](StaffCall& c, Respond r) {
                   auto a =
                       ctx.membership->Approve(*c.session, c.req->params["id"], c.form.Get("code"));
                   if (!a.ok()) {
                     r(AdminPage(ctx, *c.session, "", ErrorText(a.error()),
                                 HttpStatusFor(a.error())));
                     return;
                   }
                   std::string notice = "Approved: facility " + a->facility_code + " is a member.";
                   notice += a->mailed ? " The invitation was e-mailed to its security officer."
                                       : " No e-mail could be sent: give the security officer this "
                                         "one-time link yourself, privately: " +
                                             a->invitation_link;
                   r(AdminPage(ctx, *c.session, notice, "", 200));
                 }),
                 admin_busy)));
  router.Add(
      "POST", "/admin/applications/{id}/decline",
      StaffPage(ctx, Admins(), [ctx](StaffCall& c, Respond r) {
        Status st = ctx.membership->Decline(*c.session, c.req->params["id"], c.form.Get("reason"));
        if (!st.ok()) {
          r(AdminPage(ctx, *c.session, "", ErrorText(st.error()), HttpStatusFor(st.error())));
          return;
        }
        r(AdminPage(ctx, *c.session, "Declined.", "", 200));
      }));
  router.Add(
      "POST", "/admin/facilities/{code}/status",
      StaffPage(ctx, Admins(), [ctx](StaffCall& c, Respond r) {
        const std::string code = c.req->params["code"];
        if (c.form.Get("status") == "suspended" && c.form.Get("sure") != "1") {
          // Suspending takes the facility's managers off PortSafe: ask first.
          r(AdminPage(ctx, *c.session, "", "", 200, code));
          return;
        }
        Status st = ctx.membership->SetFacilityStatus(*c.session, code, c.form.Get("status"));
        if (!st.ok()) {
          r(AdminPage(ctx, *c.session, "", ErrorText(st.error()), HttpStatusFor(st.error())));
          return;
        }
        r(AdminPage(ctx, *c.session, "Facility " + code + " is now " + c.form.Get("status") + ".",
                    "", 200));
      }));
  router.Add("GET", "/admin/newsletter", StaffPage(ctx, Admins(), [ctx](StaffCall& c, Respond r) {
               r(NewsletterPage(ctx, *c.session, "", "", "", "", "", 200));
             }));
  router.Add(
      "POST", "/admin/newsletter",
      StaffPage(
          ctx, Admins(),
          OnPool(ctx, Work::kMail, StaffHandler([ctx](StaffCall& c, Respond r) {
                   const std::string subject = c.form.Get("subject");
                   const std::string markdown = c.form.Get("markdown");
                   const std::string action = c.form.Get("action");
                   if (action == "send") {
                     // First the preview and the number it goes to; sent on
                     // "Send it now".
                     auto html = ctx.membership->PreviewNewsletter(*c.session, markdown);
                     auto to = ctx.membership->NewsletterRecipients(*c.session);
                     const Error* bad = !html.ok() ? &html.error()
                                        : !to.ok() ? &to.error()
                                                   : nullptr;
                     if (bad == nullptr && text::Trim(subject).empty()) {
                       r(NewsletterPage(ctx, *c.session, subject, markdown, *html, "",
                                        "Give the newsletter a subject (one line).", 400));
                       return;
                     }
                     if (bad != nullptr) {
                       r(NewsletterPage(ctx, *c.session, subject, markdown, "", "", ErrorText(*bad),
                                        HttpStatusFor(*bad)));
                       return;
                     }
                     r(NewsletterPage(ctx, *c.session, subject, markdown, *html, "", "", 200,
                                      to->size()));
                     return;
                   }
                   if (action == "confirm") {
                     auto sent = ctx.membership->SendNewsletter(*c.session, subject, markdown);
                     if (!sent.ok()) {
                       r(NewsletterPage(ctx, *c.session, subject, markdown, "", "",
                                        ErrorText(sent.error()), HttpStatusFor(sent.error())));
                       return;
                     }
                     std::string notice =
                         "Sent to " + std::to_string(sent->recipients) + " security officers.";
                     if (sent->failed > 0) {
                       notice += " The mail server refused " + std::to_string(sent->failed) + ".";
                     }
                     r(NewsletterPage(ctx, *c.session, "", "", "", notice, "", 200));
                     return;
                   }
                   auto html = ctx.membership->PreviewNewsletter(*c.session, markdown);
                   if (!html.ok()) {
                     r(NewsletterPage(ctx, *c.session, subject, markdown, "", "",
                                      ErrorText(html.error()), HttpStatusFor(html.error())));
                     return;
                   }
                   r(NewsletterPage(ctx, *c.session, subject, markdown, *html, "", "", 200));
                 }),
                 admin_busy)));

  router.Add("GET", "/api/v1/admin/applications",
             StaffApi(ctx, Admins(), [ctx](StaffCall& c, Respond r) {
               auto apps = ctx.membership->Applications(*c.session);
               if (!apps.ok()) {
                 r(ApiError(apps.error()));
                 return;
               }
               json::array out;
               for (const auto& a : *apps) out.push_back(ApplicationJson(a));
               r(JsonResponse(200, out));
             }));
  router.Add(
      "POST", "/api/v1/admin/applications/{id}/approve",
      OnPool(ctx, Work::kMail,
             PostAction(ctx, Admins(), {"code"},
                        [ctx](const StaffSession& s, const Request& req,
                              const Fields& f) -> Result<json::value> {
                          auto a = ctx.membership->Approve(s, req.params.at("id"), Str(f, "code"));
                          if (!a.ok()) return a.error();
                          return json::value(json::object{{"facility_code", a->facility_code},
                                                          {"mailed", a->mailed},
                                                          {"invitation_link", a->invitation_link}});
                        }),
             api_busy));
  router.Add("POST", "/api/v1/admin/applications/{id}/decline",
             PostAction(ctx, Admins(), {"reason"},
                        [ctx](const StaffSession& s, const Request& req, const Fields& f) {
                          return DoneJson(
                              ctx.membership->Decline(s, req.params.at("id"), Str(f, "reason")));
                        }));
  router.Add("GET", "/api/v1/admin/facilities",
             StaffApi(ctx, Admins(), [ctx](StaffCall& c, Respond r) {
               auto list = ctx.membership->Facilities(*c.session);
               if (!list.ok()) {
                 r(ApiError(list.error()));
                 return;
               }
               json::array out;
               for (const auto& f : *list) {
                 out.push_back(json::object{{"code", f.code},
                                            {"name", f.name},
                                            {"port", f.port_code},
                                            {"operator", f.operator_group},
                                            {"status", f.status},
                                            {"joined_on", f.joined_on}});
               }
               r(JsonResponse(200, out));
             }));
  router.Add("POST", "/api/v1/admin/facilities/{code}/status",
             PostAction(ctx, Admins(), {"status"},
                        [ctx](const StaffSession& s, const Request& req, const Fields& f) {
                          return DoneJson(ctx.membership->SetFacilityStatus(
                              s, req.params.at("code"), Str(f, "status")));
                        }));
  router.Add("POST", "/api/v1/admin/newsletter/preview",
             PostAction(ctx, Admins(), {"markdown"},
                        [ctx](const StaffSession& s, const Request&,
                              const Fields& f) -> Result<json::value> {
                          auto html = ctx.membership->PreviewNewsletter(s, Str(f, "markdown"));
                          if (!html.ok()) return html.error();
                          return json::value(json::object{{"html", *html}});
                        }));
  router.Add("POST", "/api/v1/admin/newsletter/send",
             OnPool(ctx, Work::kMail,
                    PostAction(ctx, Admins(), {"subject", "markdown"},
                               [ctx](const StaffSession& s, const Request&,
                                     const Fields& f) -> Result<json::value> {
                                 auto sent = ctx.membership->SendNewsletter(s, Str(f, "subject"),
                                                                            Str(f, "markdown"));
                                 if (!sent.ok()) return sent.error();
                                 return json::value(json::object{{"recipients", sent->recipients},
                                                                 {"failed", sent->failed}});
                               }),
                    api_busy));
}

}  // namespace portsafe::web
