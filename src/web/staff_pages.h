// The staff's HTML pages: /login, /logout, /staff, /account, and the
// handler's /handle pages (queue, report, actions, files, phone intake).
// English only. Who may open each page is declared where it is added
// (staff_auth.h guards); the services check again.
#pragma once

#include "service/staff_session.h"
#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddStaffPages(Router& router, const WebContext& ctx);

// A staff error page; `session` may be null (signed out).
Response StaffErrorPage(const WebContext& ctx, const service::StaffSession* session, int status,
                        std::string_view heading, std::string_view message);
// The staff page for a pool that is full: 503 "Busy" with `message` and
// Retry-After: 5.
Response StaffBusyPage(const WebContext& ctx, const service::StaffSession* session,
                       std::string_view message);

}  // namespace portsafe::web
