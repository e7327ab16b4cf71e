// Alerts back to the ports (service/alert_service.h), as pages and JSON.
//
//   Handlers and supervisors:
//   GET  /handle/alerts                 every alert, who acknowledged it; the
//                                       draft form (?package=ID fills in a
//                                       package an officer asked from)
//   POST /handle/alerts                 draft (the identifying-content
//                                       check's warnings come back to tick)
//   GET  /handle/alerts/{id}            one alert
//   POST /handle/alerts/{id}/approval   a second supervisor approves
//   Port security managers (on their facility page, /facility/{code}):
//   POST /facility/{code}/alerts/{id}/acknowledgement
//   Anyone: GET /alerts                 live TLP:CLEAR alerts, in the
//                                       reporter languages (?lang=)
//   JSON: POST /api/v1/alerts, GET /api/v1/alerts, GET /api/v1/alerts/{id},
//   POST /api/v1/alerts/{id}/approval, GET /api/v1/facility/{code}/alerts,
//   POST /api/v1/facility/{code}/alerts/{id}/acknowledgement,
//   GET /api/v1/public/alerts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <kainjow/mustache.hpp>
#include "common/result.h"
#include "core/alert.h"
#include "service/staff_session.h"
#include "web/router.h"
#include "web/web_context.h"

namespace portsafe::web {

void AddAlertPages(Router& router, const WebContext& ctx);

// What a draft asks for, from the form or from JSON.
struct AlertDraftInput {
  core::AlertContent content;
  std::vector<std::string> acknowledged;  // the warnings' ids
  std::string tlp_text;                   // as sent, for a form shown again
  std::string too_many;                   // a form's list past its limit: its field
};
// The body of POST /api/v1/alerts, strictly: only its members, each of its
// type (lists of at most 64 strings, targets of at most 200 each). A 400
// error (kInvalidArgument naming the field) or 415 for another media type.
// The content's rules are the service's (core::NormaliseAlert).
Result<AlertDraftInput> ParseAlertDraftJson(std::string_view content_type, std::string_view body);

// The facility page's alerts section for `s` (a manager of `code`): sets
// "alerts" (a list) and "has_alerts" in `d`. Admins see none. A service
// error leaves a notice in "alerts_error".
void AddFacilityAlerts(const WebContext& ctx, const service::StaffSession& s,
                       const std::string& code, kainjow::mustache::data* d);

}  // namespace portsafe::web
