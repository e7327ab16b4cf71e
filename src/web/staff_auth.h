// Who may call a staff route, checked before its handler runs.
//
// HTML pages authenticate with the session cookie (kSessionCookie: Secure,
// HttpOnly, SameSite=Strict, no lifetime, so it ends with the browser) and
// every POST must carry the session's CSRF token in the "csrf" field. The
// JSON API authenticates only with "Authorization: Bearer <token>" and never
// with the cookie, so a page on another site cannot make the browser call it.
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

Handler StaffPage(const WebContext& ctx, Roles roles, StaffHandler handler);
Handler StaffApi(const WebContext& ctx, Roles roles, StaffHandler handler);

// The session token from the cookie header, or "".
std::string SessionCookie(const Request& req);
// The token from "Authorization: Bearer <token>", or "".
std::string BearerToken(const Request& req);
// Set-Cookie values that start and end a session.
std::string StartSessionCookie(const std::string& token);
std::string EndSessionCookie();

Response Redirect(std::string location);

}  // namespace portsafe::web
