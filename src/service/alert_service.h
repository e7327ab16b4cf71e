// Alerts back to the ports (core/alert.h): a handler or supervisor drafts
// one, a supervisor who did not draft it approves it, and the security
// managers of the facilities it targets see it on their facility page, are
// told by e-mail that it waits (with the text for TLP:CLEAR), and
// acknowledge it. The service sees who acknowledged and when; TLP:CLEAR
// alerts marked for it are also on the public site. Implemented by
// AlertServiceImpl; tests use MockAlertService
// (tests/service/mock_alert_service.h).
//
// Errors: kPermissionDenied for a role that may not do the step (and a
// supervisor approving their own draft); kNotFound for an alert that does
// not exist or does not target the manager's facility (the two are not told
// apart); kInvalidArgument (field: the one at fault) for bad input;
// kAlreadyExists for an alert approved already. Every step is audited
// before the answer.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "core/alert.h"
#include "core/identifying.h"
#include "service/staff_session.h"

namespace portsafe::service {

// What the service sees of an alert.
struct AlertView {
  std::string id;
  core::AlertStatus status = core::AlertStatus::kAwaitingApproval;
  core::AlertContent content;
  std::string drafted_by;  // the drafter's e-mail address
  std::string drafted_on;
  std::string approved_by;  // "" while awaiting approval
  std::string approved_on;
  bool drafted_by_me = false;  // the session's own draft: it may not approve it
  bool live = false;           // approved and not expired
  struct Ack {
    std::string facility_code;
    std::string by;  // the manager's e-mail address
    std::string on;
  };
  std::vector<Ack> acknowledgements;
  int mailed = 0;  // managers told by e-mail at approval (Approve's answer only)
};

// What a facility's manager sees.
struct FacilityAlert {
  std::string id;
  std::string title;
  std::string text;
  std::vector<std::string> look_for;
  core::Tlp tlp = core::Tlp::kAmber;
  std::string approved_on;
  std::string expires_on;
  std::string acknowledged_on;  // by this facility's managers; "" while not
};

// What the public site shows.
struct PublicAlert {
  std::string id;
  std::string title;
  std::string text;
  std::vector<std::string> look_for;
  std::string approved_on;
  std::string expires_on;
};

// Draft's answer: the new alert's id, or the identifying-content check's
// warnings that were not acknowledged (and then nothing was stored).
struct DraftResult {
  std::string id;  // "" when not stored
  std::vector<core::Finding> warnings;
};

// What an alert can target, for the draft form: the freeports and operator
// groups the port groups name, sorted; and the expiry a draft starts with.
struct AlertChoices {
  std::vector<std::string> freeports;
  std::vector<std::string> operators;
  std::string default_expires_on;  // 30 days from today
};

class AlertService {
 public:
  virtual ~AlertService() = default;

  // Handlers and supervisors with the service key. The content is checked
  // (core::NormaliseAlert) and then the identifying-content check runs on
  // the title, text and what to look for: it is stored, awaiting approval,
  // only when every warning's id is in `acknowledged`.
  virtual Result<DraftResult> Draft(const StaffSession& s, core::AlertContent content,
                                    const std::vector<std::string>& acknowledged) = 0;
  // Handlers and supervisors: every alert, newest first, with who
  // acknowledged each.
  virtual Result<std::vector<AlertView>> List(const StaffSession& s) = 0;
  virtual Result<AlertView> Get(const StaffSession& s, const std::string& id) = 0;
  // A supervisor other than the drafter. Mails the managers of the
  // targeted facilities (when mail is set up); the answer's `mailed` counts
  // them.
  virtual Result<AlertView> Approve(const StaffSession& s, const std::string& id) = 0;

  // The facility's managers (core::Role::kPortManager of `facility_code`,
  // active): approved alerts targeting it that have not expired, newest
  // first.
  virtual Result<std::vector<FacilityAlert>> ForFacility(const StaffSession& s,
                                                         const std::string& facility_code) = 0;
  // Records that this manager read the alert; again keeps the first date.
  virtual Status Acknowledge(const StaffSession& s, const std::string& facility_code,
                             const std::string& id) = 0;

  virtual AlertChoices Choices() const = 0;

  // Anyone: live TLP:CLEAR alerts marked for the public site, newest first.
  virtual Result<std::vector<PublicAlert>> Public() = 0;
};

}  // namespace portsafe::service
