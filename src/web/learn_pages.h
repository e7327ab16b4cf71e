// Learning to recognise (/learn): the lessons as pages and as JSON, and
// their knowledge checks, answered with plain form posts. No JavaScript, no
// cookie, nothing kept of who read or answered what: only a check answered
// in full through a facility's learning link adds to that facility's count
// (service/learn_service.h).
//
//   GET  /learn                       the lessons
//   GET  /learn/{lesson}              a lesson and its knowledge check
//   GET  /learn/{FACILITY}            the lessons, through a facility's link
//   GET  /learn/{FACILITY}/{lesson}   a lesson, through a facility's link
//   POST /learn/{lesson}, /learn/{FACILITY}/{lesson}   the answers, marked
//   GET  /api/v1/learn?lang=xx, GET /api/v1/learn/{lesson}?lang=xx,
//   POST /api/v1/learn/{lesson}/answers
#pragma once

#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddLearnPages(Router& router, const WebContext& ctx);
void AddLearnApi(Router& router, const WebContext& ctx);

}  // namespace portsafe::web
