// AlertServiceImpl: alerts stored through store::AlertStore, their content
// sealed with a key derived from instance.key (never in the database), so a
// copy of the database alone does not read them; the marking, status, dates
// and staff ids are clear (the public site and the facility pages choose by
// them). Thread-safe: no state of its own beyond what the constructor
// takes.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "core/port_directory.h"
#include "crypto/sodium.h"
#include "service/alert_service.h"
#include "service/audit_log.h"
#include "service/mail_sender.h"
#include "store/alert_store.h"
#include "store/membership_store.h"
#include "store/staff_store.h"
#include "store/store.h"

namespace portsafe::service {

// Every pointer must outlive the service; `mail` may be null (no mail is
// sent, and Approve's `mailed` is 0).
struct AlertDeps {
  store::AlertStore* alerts = nullptr;
  store::Store* store = nullptr;
  store::MembershipStore* membership = nullptr;
  store::StaffStore* staff = nullptr;
  AuditLog* audit = nullptr;
  MailSender* mail = nullptr;
  crypto::SecretBytes instance_secret;
  const core::PortDirectory* ports = nullptr;
  const std::vector<core::PortGroup>* groups = nullptr;
  const Clock* clock = nullptr;
  std::string public_url;  // for the link in the e-mail; may be ""
};

// The content as sealed (docs/formats.md): {"v":1,"title","text",
// "look_for":[..],"targets":{"ports","freeports","operators","facilities"},
// "from_package"}; the marking, expiry and public flag are the row's.
std::string AlertContentJson(const core::AlertContent& c);
// Fills the sealed fields of `c`; kInternal for a damaged or unknown version.
Status ParseAlertContent(std::string_view json, core::AlertContent* c);
// The content JSON sealed for alert `id` (docs/formats.md): "PSL1" ||
// XChaCha20-Poly1305 under DeriveSubkey(instance secret, "ps-alert", 1),
// with the tag and the id as associated data, so a value moved to another
// row does not open there.
std::string SealAlertContent(const crypto::SecretBytes& instance_secret, const std::string& id,
                             std::string_view json);
// kInternal when it does not open (another row's value, another instance).
Result<std::string> OpenAlertContent(const crypto::SecretBytes& instance_secret,
                                     const std::string& id, std::string_view sealed);

class AlertServiceImpl final : public AlertService {
 public:
  explicit AlertServiceImpl(AlertDeps deps);

  Result<DraftResult> Draft(const StaffSession& s, core::AlertContent content,
                            const std::vector<std::string>& acknowledged) override;
  Result<std::vector<AlertView>> List(const StaffSession& s) override;
  Result<AlertView> Get(const StaffSession& s, const std::string& id) override;
  Result<AlertView> Approve(const StaffSession& s, const std::string& id) override;
  Result<std::vector<FacilityAlert>> ForFacility(const StaffSession& s,
                                                 const std::string& facility_code) override;
  Status Acknowledge(const StaffSession& s, const std::string& facility_code,
                     const std::string& id) override;
  AlertChoices Choices() const override;
  Result<std::vector<PublicAlert>> Public() override;

 private:
  Status Audit(const StaffSession& s, std::string_view action, const std::string& target);
  std::string Seal(const std::string& id, const core::AlertContent& c) const;
  // The row's content opened, with the row's clear fields.
  Result<core::AlertContent> Open(const store::AlertRow& row) const;
  Result<AlertView> View(const StaffSession& s, const store::AlertRow& row);
  // The facility, when `s` is one of its active managers.
  Result<store::Facility> ManagedFacility(const StaffSession& s, const std::string& code);
  // Mails the managers of the facilities `c` targets; how many were sent.
  int MailManagers(const std::string& id, const core::AlertContent& c);

  AlertDeps d_;
};

}  // namespace portsafe::service
