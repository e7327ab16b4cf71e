#include "web/staff_auth.h"

#include <sodium.h>

#include "core/text.h"
#include "crypto/sodium.h"
#include "web/api_v1.h"
#include "web/staff_pages.h"

namespace portsafe::web {
namespace {

bool Allowed(const Roles& roles, core::Role r) {
  for (core::Role x : roles) {
    if (x == r) return true;
  }
  return false;
}

bool SameToken(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// `respond`, which also has every 403 given to the signed-in `session` (by
// the route's guard, the CSRF check or a service) written to the audit log.
Respond AuditingRefusals(const WebContext& ctx,
                         std::shared_ptr<const service::StaffSession> session,
                         const std::string& path, Respond respond) {
  return [auth = ctx.auth, session = std::move(session), path,
          respond = std::move(respond)](Response r) {
    if (r.status == 403) auth->RecordDenied(*session, path);
    respond(std::move(r));
  };
}

}  // namespace

Roles AnyStaff() { return core::AllRoles(); }
Roles ReportReaders() { return {core::Role::kHandler, core::Role::kSupervisor}; }
Roles Supervisors() { return {core::Role::kSupervisor}; }
Roles AgencyOfficers() { return {core::Role::kAgency}; }
Roles KeyGivers() { return {core::Role::kSupervisor, core::Role::kAgency}; }
Roles Admins() { return {core::Role::kAdmin}; }
Roles FacilityViewers() { return {core::Role::kPortManager, core::Role::kAdmin}; }
Roles FacilityManagers() { return {core::Role::kPortManager}; }
Roles TeamViewers() { return {core::Role::kSupervisor, core::Role::kAgency, core::Role::kAdmin}; }

std::string CookieValue(const Request& req, std::string_view name) {
  for (const auto& [header, value] : req.headers) {
    if (header != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t semi = rest.find(';');
      std::string_view part = text::Trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      size_t eq = part.find('=');
      if (eq != std::string_view::npos && part.substr(0, eq) == name) {
        return std::string(part.substr(eq + 1));
      }
    }
  }
  return {};
}

std::string SessionCookie(const Request& req) { return CookieValue(req, kSessionCookie); }

namespace {
constexpr size_t kLoginTokenBytes = 16;

bool WellFormedLoginToken(const std::string& t) {
  return t.size() == 2 * kLoginTokenBytes && crypto::IsLowerHex(t);
}
}  // namespace

std::string LoginFormToken(const Request& req) {
  std::string kept = CookieValue(req, kLoginCookie);
  if (WellFormedLoginToken(kept)) return kept;
  return crypto::ToHex(crypto::RandomBytes(kLoginTokenBytes));
}

bool LoginFormIsOurs(const Request& req, const FormData& form) {
  const std::string cookie = CookieValue(req, kLoginCookie);
  return WellFormedLoginToken(cookie) && SameToken(form.Get("login_csrf"), cookie);
}

std::string LoginFormCookie(const std::string& token) {
  return std::string(kLoginCookie) + "=" + token +
         "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=3600";
}

std::string BearerToken(const Request& req) {
  std::string_view h = text::Trim(req.Header("authorization"));
  constexpr std::string_view kScheme = "bearer ";
  if (h.size() <= kScheme.size() || text::Lower(h.substr(0, kScheme.size())) != kScheme) return {};
  return std::string(text::Trim(h.substr(kScheme.size())));
}

std::string StartSessionCookie(const std::string& token) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; Secure; HttpOnly; SameSite=Strict";
}

std::string EndSessionCookie() {
  return std::string(kSessionCookie) + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0";
}

Response Redirect(std::string location) {
  Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

// Where a session that must still change its first password may go: the
// account page (to change it) and sign-out.
bool OpenBeforeFirstChange(const Request& req) {
  const std::string_view p = req.path;
  return p == "/account" || p == "/account/password" || p == "/logout" || p == "/api/v1/session" ||
         p == "/api/v1/account/password";
}

Handler StaffPage(const WebContext& ctx, Roles roles, StaffHandler handler) {
  return
      [ctx, roles = std::move(roles), handler = std::move(handler)](Request& req, Respond respond) {
        StaffCall call;
        call.req = &req;
        call.token = SessionCookie(req);
        auto session = ctx.auth->Authenticate(call.token);
        if (!session.ok()) {
          respond(Redirect("/login"));
          return;
        }
        call.session = std::move(*session);
        respond = AuditingRefusals(ctx, call.session, req.path, std::move(respond));
        if (!Allowed(roles, call.session->role)) {
          respond(StaffErrorPage(ctx, call.session.get(), 403, "Not allowed",
                                 "Your role cannot open this page."));
          return;
        }
        if (call.session->must_change_password && !OpenBeforeFirstChange(req)) {
          respond(Redirect("/account"));
          return;
        }
        if (req.method == "POST") {
          auto form = ParseFormRequest(req);
          if (!form.ok()) {
            respond(StaffErrorPage(ctx, call.session.get(), HttpStatusFor(form.error()),
                                   "Bad request", "The form could not be read."));
            return;
          }
          call.form = std::move(*form);
          if (!SameToken(call.form.Get("csrf"), call.session->csrf)) {
            respond(StaffErrorPage(
                ctx, call.session.get(), 403, "Form expired",
                "The form was out of date. Go back, reload the page and try again."));
            return;
          }
        }
        handler(call, std::move(respond));
      };
}

Handler StaffApi(const WebContext& ctx, Roles roles, StaffHandler handler) {
  return
      [ctx, roles = std::move(roles), handler = std::move(handler)](Request& req, Respond respond) {
        StaffCall call;
        call.req = &req;
        call.token = BearerToken(req);
        auto session = ctx.auth->Authenticate(call.token);
        if (!session.ok()) {
          Response r = JsonError(401, session.error().message());
          r.headers.emplace_back("WWW-Authenticate", "Bearer");
          respond(std::move(r));
          return;
        }
        call.session = std::move(*session);
        respond = AuditingRefusals(ctx, call.session, req.path, std::move(respond));
        if (!Allowed(roles, call.session->role)) {
          respond(JsonError(403, "your role cannot use this endpoint"));
          return;
        }
        if (call.session->must_change_password && !OpenBeforeFirstChange(req)) {
          respond(JsonError(403,
                            "choose your own password first: the one you were given opens only "
                            "POST /api/v1/account/password"));
          return;
        }
        handler(call, std::move(respond));
      };
}

}  // namespace portsafe::web
