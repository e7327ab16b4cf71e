#pragma once

#include <functional>

#include "common/clock.h"
#include "core/port_directory.h"
#include "crypto/sodium.h"
#include "service/audit_log.h"
#include "service/mail_sender.h"
#include "service/membership_service.h"
#include "store/membership_store.h"
#include "store/staff_store.h"
#include "store/store.h"

namespace portsafe::service {

struct MembershipDeps {
  store::Store* store = nullptr;
  store::StaffStore* staff = nullptr;
  store::MembershipStore* membership = nullptr;
  crypto::SecretBytes instance_secret;  // keys the TOTP sealing and invitation hashes
  const core::PortDirectory* ports = nullptr;
  std::vector<core::PortGroup> groups;
  AuditLog* audit = nullptr;
  MailSender* mail = nullptr;    // null: invitations are handed over by the admin
  std::string public_url;        // as NormalisePublicUrl leaves it, e.g. "https://portsafe.example"
  const Clock* clock = nullptr;  // dates, and when invitations expire
};

class MembershipServiceImpl final : public MembershipService {
 public:
  static constexpr std::int64_t kInvitationSeconds = 7 * 24 * 3600;
  static constexpr size_t kMaxPendingApplications = 500;
  // Wrong codes while confirming an invitation before the set-up ends.
  static constexpr std::int64_t kMaxWrongCodes = 5;

  // Every pointer in `deps` must outlive this.
  explicit MembershipServiceImpl(MembershipDeps deps) : d_(std::move(deps)) {}

  Result<std::string> Apply(const ApplicationForm& form) override;
  Result<std::vector<store::ApplicationRow>> Applications(const StaffSession& s) override;
  Result<Approval> Approve(const StaffSession& s, const std::string& id,
                           const std::string& code) override;
  Status Decline(const StaffSession& s, const std::string& id, const std::string& reason) override;
  Result<std::vector<store::Facility>> Facilities(const StaffSession& s) override;
  Status SetFacilityStatus(const StaffSession& s, const std::string& code,
                           const std::string& status) override;
  Result<store::Facility> FacilityFor(const StaffSession& s, const std::string& code) override;
  Result<store::InvitationRow> FindInvitation(const std::string& token) override;
  Result<CreatedUser> AcceptInvitation(const std::string& token,
                                       const std::string& password) override;
  Status ConfirmInvitation(const std::string& token, const std::string& code) override;
  Result<std::string> PreviewNewsletter(const StaffSession& s,
                                        const std::string& markdown) override;
  Result<NewsletterResult> SendNewsletter(const StaffSession& s, const std::string& subject,
                                          const std::string& markdown) override;
  Result<std::vector<std::string>> NewsletterRecipients(const StaffSession& s) override;
  Result<std::vector<store::NewsletterRow>> Newsletters(const StaffSession& s) override;

 private:
  Status Audit(const StaffSession& s, std::string_view action, const std::string& target);
  std::string TokenHash(std::string_view token) const;
  // FindInvitation, refusing (and auditing) a row changed in the database
  // to anything but a port security manager's invitation.
  Result<store::InvitationRow> FindUsableInvitation(const std::string& token);
  // The account made by AcceptInvitation for `inv` and not yet confirmed,
  // or nullopt.
  Result<std::optional<store::UserRow>> WaitingAccount(const store::InvitationRow& inv);

  MembershipDeps d_;
};

}  // namespace portsafe::service
