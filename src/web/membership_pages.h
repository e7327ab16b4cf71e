// Joining the scheme and running it:
//   /join, POST /api/v1/join                       a facility applies (public)
//   /invite/<token>, POST /api/v1/invitations/<token>
//                                                  the invited security officer sets a
//                                                  password and gets the TOTP secret
//   /admin, /api/v1/admin/...                      the programme admin: applications
//                                                  (approve, decline), facilities
//                                                  (suspend, resume), the newsletter
// Staff pages, English only. The public forms need no session and hold no
// cookie; the invitation token travels only in the path of the link.
#pragma once

#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddMembershipPages(Router& router, const WebContext& ctx);

}  // namespace portsafe::web
