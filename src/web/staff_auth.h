// Who may call a staff route, checked before its handler runs.
//
// HTML pages authenticate with the session cookie (kSessionCookie: Secure,
// HttpOnly, SameSite=Strict, no lifetime, so it ends with the browser) and
// every POST must carry the session's CSRF token in the "csrf" field. The
// JSON API authenticates only with "Authorization: Bearer <token>" and never
// with the cookie, so a page on another site cannot make the browser call it.
//
// The sign-in form is protected apart (there is no session yet): GET /login
// sets kLoginCookie (the same attributes, an hour's lifetime) to a random
// token the form carries in "login_csrf", and POST /login is refused 403 when
// the two differ, so a page on another site cannot sign a browser in to an
// account of its choosing (login CSRF).
//
// Answers before the handler: HTML without a session 303 to /login; API
// without a session 401; a role not in `roles` 403; a POST whose CSRF token
// is missing or wrong 403; a body that is not a form 400/415.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/role.h"
#include "service/staff_session.h"
#include "web/form.h"
#include "web/http_types.h"
#include "web/web_context.h"

namespace portsafe::web {

inline constexpr const char* kSessionCookie = "__Host-portsafe";
inline constexpr const char* kLoginCookie = "__Host-portsafe-login";

struct StaffCall {
  Request* req = nullptr;
  std::shared_ptr<const service::StaffSession> session;
  std::string token;
  FormData form;  // the parsed body of an HTML POST
};
using StaffHandler = std::function<void(StaffCall&, Respond)>;
using Roles = std::vector<core::Role>;

// Every staff role.
Roles AnyStaff();
// Handlers and supervisors.
Roles ReportReaders();
// Supervisors.
Roles Supervisors();
// Agency officers.
Roles AgencyOfficers();
// Who has a team page: supervisors, agency officers, programme admins.
Roles TeamViewers();
// Who may give a colleague a key: supervisors and agency officers.
Roles KeyGivers();
// Programme admins.
Roles Admins();
// Who sees a facility's page: its port security managers and programme admins.
Roles FacilityViewers();
// A facility's port security managers (the service checks which facility).
Roles FacilityManagers();

Handler StaffPage(const WebContext& ctx, Roles roles, StaffHandler handler);
Handler StaffApi(const WebContext& ctx, Roles roles, StaffHandler handler);

// The value of the cookie `name` from the cookie header, or "".
std::string CookieValue(const Request& req, std::string_view name);
// The session token from the cookie header, or "".
std::string SessionCookie(const Request& req);
// The sign-in form's token: the one in the request's kLoginCookie when it is
// well formed (so two open sign-in forms both work), else a new random one.
std::string LoginFormToken(const Request& req);
// Whether a POST /login carries kLoginCookie and the same token in its
// "login_csrf" field (compared in constant time).
bool LoginFormIsOurs(const Request& req, const FormData& form);
// The Set-Cookie value that keeps `token` for the sign-in form.
std::string LoginFormCookie(const std::string& token);
// The token from "Authorization: Bearer <token>", or "".
std::string BearerToken(const Request& req);
// Set-Cookie values that start and end a session.
std::string StartSessionCookie(const std::string& token);
std::string EndSessionCookie();

Response Redirect(std::string location);

}  // namespace portsafe::web
