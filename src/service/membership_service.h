// Membership of the scheme (docs/architecture.md, flow 5): a facility applies on /join,
// the programme admin approves or declines; approval creates the facility,
// its reporting link /r/<CODE> and a one-time invitation for its security
// officer to set a password and TOTP (sent by e-mail when a mail server is
// configured). The admin lists and suspends facilities and sends the
// members' newsletter. Implemented by MembershipServiceImpl; tests use
// MockMembershipService (tests/service/mock_membership_service.h).
//
// Errors: kInvalidArgument with the field name for bad input;
// kPermissionDenied for anyone but the programme admin (port security
// managers may read their own facility); kNotFound for an unknown id, code
// or invitation (an expired invitation is not found either); kUnavailable
// when too many applications wait. Every admin action is audited.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "core/port_directory.h"
#include "service/accounts.h"
#include "service/staff_session.h"
#include "store/records.h"

namespace portsafe::service {

// What /join sends, as typed.
struct ApplicationForm {
  std::string operator_group;
  std::string port;  // a port code or name the directory resolves
  std::string facility_name;
  std::string email;
  std::string staff_count;
};

// Every problem with an application, one error per field at fault (its
// field() names the form field: operator, port, facility_name, email,
// staff_count), so a form can show them all at once. Empty when it is fine.
std::vector<Error> ApplicationProblems(const ApplicationForm& form,
                                       const core::PortDirectory& ports);

// The newsletter as it is mailed: the plain-text part (the Markdown, which
// reads as text, and a footer) and the HTML part (a document around
// `preview_html`, PreviewNewsletter's answer, with the same footer).
inline constexpr std::string_view kNewsletterFooter =
    "PortSafe members' newsletter. You receive it as the security officer of a member facility.";
std::string NewsletterText(const std::string& markdown);
std::string NewsletterHtml(const std::string& subject, const std::string& preview_html);

struct Approval {
  std::string facility_code;
  // "<public URL>/invite/<token>": given back only when it could not be
  // e-mailed (no mail server, or the server refused), to pass on by hand.
  std::string invitation_link;
  bool mailed = false;
};

struct NewsletterResult {
  std::int64_t recipients = 0;
  std::int64_t failed = 0;  // addresses the mail server refused
};

class MembershipService {
 public:
  virtual ~MembershipService() = default;

  // Public: stores an application; returns its id.
  virtual Result<std::string> Apply(const ApplicationForm& form) = 0;

  // Programme admin.
  virtual Result<std::vector<store::ApplicationRow>> Applications(const StaffSession& s) = 0;
  // `code` "" takes the suggested code (SuggestFacilityCode).
  virtual Result<Approval> Approve(const StaffSession& s, const std::string& id,
                                   const std::string& code) = 0;
  virtual Status Decline(const StaffSession& s, const std::string& id,
                         const std::string& reason) = 0;
  virtual Result<std::vector<store::Facility>> Facilities(const StaffSession& s) = 0;
  // `status` is "active" or "suspended".
  virtual Status SetFacilityStatus(const StaffSession& s, const std::string& code,
                                   const std::string& status) = 0;

  // A facility: the admin any, a port security manager their own while it
  // is active.
  virtual Result<store::Facility> FacilityFor(const StaffSession& s, const std::string& code) = 0;

  // Public, with the token from the invitation link.
  virtual Result<store::InvitationRow> FindInvitation(const std::string& token) = 0;
  // Creates the account with `password`, not yet live: it cannot sign in
  // until ConfirmInvitation is given one code from the authenticator app.
  // The TOTP URI and recovery code in the answer are shown once. Accepting
  // again before that starts over: the waiting account is replaced by a new
  // one with a new secret and recovery code.
  virtual Result<CreatedUser> AcceptInvitation(const std::string& token,
                                               const std::string& password) = 0;
  // Checks one code from the app set up with AcceptInvitation's answer. When
  // it is right the account goes live and the invitation ends.
  // kInvalidArgument (field "totp") for a wrong code; kNotFound when there is
  // no such invitation or no account waiting for it.
  virtual Status ConfirmInvitation(const std::string& token, const std::string& code) = 0;

  // The newsletter: Markdown rendered to HTML (raw HTML and unsafe links
  // dropped) for the preview; sent as plain text to every security officer
  // of an active member facility.
  virtual Result<std::string> PreviewNewsletter(const StaffSession& s,
                                                const std::string& markdown) = 0;
  virtual Result<NewsletterResult> SendNewsletter(const StaffSession& s, const std::string& subject,
                                                  const std::string& markdown) = 0;
  // The e-mail addresses SendNewsletter would write to now (the security
  // officers of active member facilities), for the admin to confirm.
  virtual Result<std::vector<std::string>> NewsletterRecipients(const StaffSession& s) = 0;
  virtual Result<std::vector<store::NewsletterRow>> Newsletters(const StaffSession& s) = 0;
};

}  // namespace portsafe::service
