#include "service/membership_service_impl.h"

#include <cmark.h>

#include <memory>

#include "core/limits.h"
#include "core/role.h"
#include "core/text.h"
#include "crypto/password.h"
#include "crypto/totp.h"
#include "service/accounts.h"
#include "service/facilities.h"
#include "service/row_seal.h"

namespace portsafe::service {
namespace {

bool IsAdmin(const StaffSession& s) { return s.role == core::Role::kAdmin; }

Status RequireAdmin(const StaffSession& s) {
  if (!IsAdmin(s)) return PermissionDenied("only the programme admin manages membership");
  return Status::Ok();
}

// Trimmed single-line text of 1..`max` bytes, else "".
std::string Line(std::string_view in, size_t max) {
  std::string s(text::Trim(in));
  if (s.empty() || s.size() > max || !text::IsValidUtf8(s)) return {};
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return {};
  }
  return s;
}

}  // namespace

Status MembershipServiceImpl::Audit(const StaffSession& s, std::string_view action,
                                    const std::string& target) {
  if (d_.audit == nullptr) return Status::Ok();
  return d_.audit->Append(
      {s.user_id, std::string(core::ToString(s.role)), std::string(action), target});
}

std::string MembershipServiceImpl::TokenHash(std::string_view token) const {
  return crypto::KeyedHash(d_.instance_secret, "portsafe:invitation", token);
}

namespace {

// Reads `form` into `a` (its fields as stored), and answers every problem
// with it, one per field at fault: each field is read once.
std::vector<Error> ReadApplication(const ApplicationForm& form, const core::PortDirectory& ports,
                                   store::ApplicationRow* a) {
  std::vector<Error> out;
  a->operator_group = Line(form.operator_group, 100);
  if (a->operator_group.empty()) {
    out.push_back(InvalidField("operator",
                               "operator: give the port operator or company running the facility"));
  }
  if (auto port = ports.Resolve(form.port); port.ok()) {
    a->port_code = (*port)->code;
  } else {
    out.push_back(InvalidField("port", "port: not a UK seaport"));
  }
  a->facility_name = Line(form.facility_name, 100);
  if (a->facility_name.size() < 2) {
    out.push_back(InvalidField("facility_name", "facility_name: 2 to 100 characters, one line"));
  }
  a->email = NormaliseEmail(form.email);
  if (a->email.empty()) out.push_back(InvalidField("email", "email: not an e-mail address"));
  const std::string staff(text::Trim(form.staff_count));
  if (staff.empty() || staff.size() > 6 ||
      staff.find_first_not_of("0123456789") != std::string::npos || std::stol(staff) < 1) {
    out.push_back(InvalidField("staff_count", "staff_count: a whole number from 1"));
  } else {
    a->staff_count = std::stol(staff);
  }
  return out;
}

}  // namespace

std::string NewsletterText(const std::string& markdown) {
  std::string body = markdown;
  if (body.empty() || body.back() != '\n') body += '\n';
  return body + "\n--\n" + std::string(kNewsletterFooter) + "\n";
}

std::string NewsletterHtml(const std::string& subject, const std::string& preview_html) {
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + text::XmlEscape(subject) +
         "</title></head>\n<body>\n" + preview_html + "<hr>\n<p>" +
         text::XmlEscape(kNewsletterFooter) + "</p>\n</body></html>\n";
}

std::vector<Error> ApplicationProblems(const ApplicationForm& form,
                                       const core::PortDirectory& ports) {
  store::ApplicationRow unused;
  return ReadApplication(form, ports, &unused);
}

Result<std::string> MembershipServiceImpl::Apply(const ApplicationForm& form) {
  store::ApplicationRow a;
  if (auto problems = ReadApplication(form, *d_.ports, &a); !problems.empty()) {
    return problems.front();
  }
  auto existing = d_.membership->ListApplications();
  if (!existing.ok()) return existing.error();
  size_t pending = 0;
  for (const auto& e : *existing) pending += e.status == "pending";
  if (pending >= kMaxPendingApplications) {
    return Unavailable("too many applications are waiting; please try again later");
  }
  a.id = crypto::ToHex(crypto::RandomBytes(8));
  a.submitted_on = d_.clock->Today();
  a.status = "pending";
  if (auto st = d_.membership->PutApplication(a); !st.ok()) return st.error();
  return a.id;
}

Result<std::vector<store::ApplicationRow>> MembershipServiceImpl::Applications(
    const StaffSession& s) {
  if (auto st = RequireAdmin(s); !st.ok()) return st.error();
  return d_.membership->ListApplications();
}

Result<Approval> MembershipServiceImpl::Approve(const StaffSession& s, const std::string& id,
                                                const std::string& code) {
  if (auto st = RequireAdmin(s); !st.ok()) return st.error();
  auto app = d_.membership->FindApplication(id);
  if (!app.ok()) return app.error();
  if (app->status != "pending") return AlreadyExists("the application was decided already");
  NewFacility nf;
  nf.code = code.empty() ? SuggestFacilityCode(app->port_code, app->facility_name) : code;
  nf.port = app->port_code;
  nf.name = app->facility_name;
  nf.operator_group = app->operator_group;
  auto facility = MakeFacility(nf, *d_.ports, d_.groups, d_.clock->Today());
  if (!facility.ok()) return facility.error();
  auto taken = d_.staff->FindUserByEmail(app->email);
  if (!taken.ok()) return taken.error();
  if (taken->has_value())
    return Error(AlreadyExists("email: an account with this address exists")).WithField("email");

  const std::string token = crypto::ToHex(crypto::RandomBytes(20));
  store::InvitationRow inv{
      TokenHash(token), app->email, "port-manager",
      facility->code,   "",         d_.clock->UnixSeconds() + kInvitationSeconds};
  app->status = "approved";
  app->decided_on = d_.clock->Today();
  app->facility_code = facility->code;
  if (auto st = d_.membership->DecideApplication(*app, &*facility, &inv); !st.ok()) {
    if (st.error().code() == ErrorCode::kAlreadyExists &&
        st.error().message() != "the application was decided already") {
      return AlreadyExists("code: a facility with the code " + facility->code + " exists")
          .WithField("code");
    }
    return st.error();
  }
  if (auto st = Audit(s, "application.approved", facility->code); !st.ok()) return st.error();

  Approval out;
  out.facility_code = facility->code;
  const std::string link = PublicLink(d_.public_url, "/invite/" + token);
  if (d_.mail != nullptr) {
    Mail m;
    m.to = app->email;
    m.subject = "PortSafe: your facility has joined";
    m.body = facility->name +
             " is now a member of PortSafe, the anonymous reporting scheme for ports.\n\n"
             "Set up your account (a password and an authenticator app) with this link. It works "
             "for 7 days, until your account is set up; keep it to yourself:\n\n" +
             link + "\n\nYour facility's reporting link, for posters and staff briefings:\n\n" +
             ReportingLink(d_.public_url, facility->code) +
             "\n\nAfter signing in you will find your posters, leaflets, the briefing pack and "
             "your facility's figures.\n";
    out.mailed = d_.mail->Send(m).ok();
  }
  if (!out.mailed) out.invitation_link = link;
  return out;
}

Status MembershipServiceImpl::Decline(const StaffSession& s, const std::string& id,
                                      const std::string& reason) {
  if (auto st = RequireAdmin(s); !st.ok()) return st;
  const std::string why = Line(reason, 500);
  if (why.empty()) return InvalidField("reason", "reason: say why the application is declined");
  auto app = d_.membership->FindApplication(id);
  if (!app.ok()) return app.error();
  if (app->status != "pending") return AlreadyExists("the application was decided already");
  app->status = "declined";
  app->decided_on = d_.clock->Today();
  app->reason = why;
  if (auto st = d_.membership->DecideApplication(*app, nullptr, nullptr); !st.ok()) return st;
  return Audit(s, "application.declined", id);
}

Result<std::vector<store::Facility>> MembershipServiceImpl::Facilities(const StaffSession& s) {
  if (auto st = RequireAdmin(s); !st.ok()) return st.error();
  return d_.membership->ListFacilities();
}

Status MembershipServiceImpl::SetFacilityStatus(const StaffSession& s, const std::string& code,
                                                const std::string& status) {
  if (auto st = RequireAdmin(s); !st.ok()) return st;
  if (status != "active" && status != "suspended")
    return InvalidField("status", "status: active or suspended");
  if (auto st = d_.membership->SetFacilityStatus(code, status); !st.ok()) return st;
  return Audit(s, status == "active" ? "facility.resumed" : "facility.suspended", code);
}

Result<store::Facility> MembershipServiceImpl::FacilityFor(const StaffSession& s,
                                                           const std::string& code) {
  return FacilityForSession(d_.store, s, code);
}

Result<store::InvitationRow> MembershipServiceImpl::FindInvitation(const std::string& token) {
  if (token.size() != 40 || token.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return NotFound("no such invitation");
  }
  auto inv = d_.membership->FindInvitation(TokenHash(token));
  if (!inv.ok()) return inv.error();
  if (!inv->has_value() || (*inv)->expires_at <= d_.clock->UnixSeconds())
    return NotFound("no such invitation");
  return **inv;
}

Result<store::InvitationRow> MembershipServiceImpl::FindUsableInvitation(const std::string& token) {
  auto inv = FindInvitation(token);
  if (!inv.ok()) return inv.error();
  // Only port security managers are ever invited (CreateInvitation): any
  // other role or an agency in the row was written into the database by
  // someone else, and would be sealed as genuine by CreateUser.
  if (inv->role != core::ToString(core::Role::kPortManager) || !inv->agency_code.empty()) {
    if (d_.audit != nullptr) {
      (void)d_.audit->Append({"service", "operator", "invitation.refused_changed_row", ""});
    }
    return NotFound("no such invitation");
  }
  return inv;
}

Result<CreatedUser> MembershipServiceImpl::AcceptInvitation(const std::string& token,
                                                            const std::string& password) {
  auto inv = FindUsableInvitation(token);
  if (!inv.ok()) return inv.error();
  // An account made by an earlier visit and never confirmed is replaced:
  // the person may have lost the page with its secret and recovery code.
  auto waiting = WaitingAccount(*inv);
  if (!waiting.ok()) return waiting.error();
  NewUser wanted{inv->email,         inv->role, inv->agency_code,
                 inv->facility_code, password,  d_.clock->Today()};
  wanted.disabled = true;
  if (auto st = crypto::CheckNewPassword(password); !st.empty())
    return InvalidField("password", st);
  if (waiting->has_value()) {
    // Only while it still waits: a code confirmed meanwhile keeps it.
    if (auto st = d_.staff->DeleteWaitingUser((*waiting)->id); !st.ok()) return st.error();
  }
  auto user = CreateUser(d_.staff, d_.store, d_.instance_secret, wanted, {});
  if (!user.ok()) return user.error();
  if (d_.audit != nullptr) {
    (void)d_.audit->Append({user->id, inv->role, "invitation.accepted", inv->facility_code});
  }
  return user;
}

Result<std::optional<store::UserRow>> MembershipServiceImpl::WaitingAccount(
    const store::InvitationRow& inv) {
  auto found = d_.staff->FindUserByEmail(inv.email);
  if (!found.ok()) return found.error();
  // Waiting: made for this invitation's facility, disabled, and never
  // signed in with a code.
  if (found->has_value() && (*found)->disabled && (*found)->totp_last_step == 0 &&
      (*found)->role == inv.role && (*found)->facility_code == inv.facility_code) {
    return *found;
  }
  return std::optional<store::UserRow>();
}

Status MembershipServiceImpl::ConfirmInvitation(const std::string& token, const std::string& code) {
  auto inv = FindUsableInvitation(token);
  if (!inv.ok()) return inv.error();
  auto waiting = WaitingAccount(*inv);
  if (!waiting.ok()) return waiting.error();
  if (!waiting->has_value()) return NotFound("no account is waiting for this invitation");
  store::UserRow user = **waiting;
  const RowSeal seal(d_.instance_secret);
  if (!seal.UserIntact(user)) {
    // Changed outside PortSafe: sealing it now would make it genuine.
    return PermissionDenied("this account's record was changed outside PortSafe");
  }
  auto secret = OpenTotpSecret(d_.instance_secret, user.id, user.totp_sealed);
  if (!secret.ok()) return secret.error();
  const auto now = d_.clock->UnixSeconds();
  auto step = crypto::VerifyTotp(*secret, code, static_cast<std::time_t>(now), 0);
  if (!step.ok()) {
    // Wrong codes are counted; at the fifth the waiting account goes and the
    // set-up starts over, with a new secret.
    auto locked =
        d_.staff->RecordLoginFailure(user.id, kMaxWrongCodes, now, store::Attempt::kSignIn);
    if (!locked.ok()) return locked.error();
    if (*locked) {
      (void)d_.staff->DeleteWaitingUser(user.id);
      return InvalidField("totp",
                          "That code was wrong too many times, so this set-up has ended. Open the "
                          "link in your invitation again to start over with a new secret.");
    }
    return InvalidField("totp",
                        "That code is not right. Type the six digits the app shows for PortSafe "
                        "now; a code lasts 30 seconds.");
  }
  store::UserRow live = user;
  live.disabled = false;
  // One transaction: the account goes live and the invitation ends, or
  // neither (a start-over or the admin got there first).
  if (auto st = d_.staff->ConfirmWaitingUser(user.id, seal.ForUser(live), inv->token_hash);
      !st.ok()) {
    return st;
  }
  // The step is not taken: the person may sign in at once with the code the
  // app still shows, and a sign-in needs the password besides.
  if (d_.audit != nullptr) {
    (void)d_.audit->Append({user.id, user.role, "invitation.confirmed", inv->facility_code});
  }
  return Status::Ok();
}

Result<std::string> MembershipServiceImpl::PreviewNewsletter(const StaffSession& s,
                                                             const std::string& markdown) {
  if (auto st = RequireAdmin(s); !st.ok()) return st.error();
  if (markdown.empty() || markdown.size() > limits::kMessageMax * 4 ||
      !text::IsValidUtf8(markdown)) {
    return InvalidField("markdown", "markdown: write the newsletter");
  }
  // cmark, not a parser of our own. Without CMARK_OPT_UNSAFE it drops raw
  // HTML and javascript:, vbscript:, file: and most data: links.
  std::unique_ptr<char, decltype(&free)> html(
      cmark_markdown_to_html(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT), &free);
  if (!html) return Internal("cannot render Markdown");
  return std::string(html.get());
}

Result<NewsletterResult> MembershipServiceImpl::SendNewsletter(const StaffSession& s,
                                                               const std::string& subject,
                                                               const std::string& markdown) {
  auto preview = PreviewNewsletter(s, markdown);
  if (!preview.ok()) return preview.error();
  const std::string title = Line(subject, 150);
  if (title.empty()) return InvalidField("subject", "subject: one line, not empty");
  if (d_.mail == nullptr) {
    return Unavailable(
        "This site has no mail server to send through, so nothing was sent. Ask whoever runs "
        "the PortSafe server to set one up (the --smtp-url setting of portsafe serve), then "
        "send again.");
  }
  auto to = NewsletterRecipients(s);
  if (!to.ok()) return to.error();
  NewsletterResult out;
  const std::string body = NewsletterText(markdown);
  const std::string html = NewsletterHtml(title, *preview);
  for (const auto& email : *to) {
    if (d_.mail->Send({email, title, body, html}).ok()) {
      ++out.recipients;
    } else {
      ++out.failed;
    }
  }
  store::NewsletterRow row{crypto::ToHex(crypto::RandomBytes(8)), title, markdown,
                           d_.clock->Today(), out.recipients};
  if (auto st = d_.membership->PutNewsletter(row); !st.ok()) return st.error();
  if (auto st = Audit(s, "newsletter.sent", row.id); !st.ok()) return st.error();
  return out;
}

Result<std::vector<std::string>> MembershipServiceImpl::NewsletterRecipients(
    const StaffSession& s) {
  if (auto st = RequireAdmin(s); !st.ok()) return st.error();
  auto users = d_.staff->ListUsers();
  if (!users.ok()) return users.error();
  auto facilities = d_.membership->ListFacilities();
  if (!facilities.ok()) return facilities.error();
  std::vector<std::string> out;
  for (const auto& u : *users) {
    if (u.role != "port-manager" || u.disabled) continue;
    bool active = false;
    for (const auto& f : *facilities) active |= f.code == u.facility_code && f.status == "active";
    if (active) out.push_back(u.email);
  }
  return out;
}

Result<std::vector<store::NewsletterRow>> MembershipServiceImpl::Newsletters(
    const StaffSession& s) {
  if (auto st = RequireAdmin(s); !st.ok()) return st.error();
  return d_.membership->ListNewsletters();
}

}  // namespace portsafe::service
