#pragma once

#include <functional>

#include "service/agency_service.h"
#include "service/audit_log.h"
#include "service/notifier.h"
#include "store/staff_store.h"

namespace portsafe::service {

class AgencyServiceImpl final : public AgencyService {
 public:
  // `staff` and `audit` must outlive this. `service_public_key` is the
  // service's X25519 public key (questions and outcomes are sealed to it as
  // well, for the handlers). `today` gives the date (tests move it).
  AgencyServiceImpl(store::StaffStore* staff, AuditLog* audit, std::string service_public_key,
                    std::function<std::string()> today = nullptr);

  Result<std::vector<InboxItem>> Inbox(const StaffSession& s) override;
  Result<AgencyPackage> Open(const StaffSession& s, const std::string& package_id) override;
  Status Acknowledge(const StaffSession& s, const std::string& package_id) override;
  Status Ask(const StaffSession& s, const std::string& package_id,
             const std::string& text) override;
  Status RecordOutcome(const StaffSession& s, const std::string& package_id,
                       const Outcome& outcome) override;
  // Staff are told of new work through `notifier` (may be null: nobody is
  // told). Set before use; must outlive this.
  void set_notifier(Notifier* notifier) { notifier_ = notifier; }

 private:
  Status CheckOfficer(const StaffSession& s) const;
  // The officer's own package; kNotFound otherwise.
  Result<store::PackageRow> Find(const StaffSession& s, const std::string& package_id);
  Status Audit(const StaffSession& s, std::string_view action, const std::string& target);

  store::StaffStore* staff_;
  AuditLog* audit_;
  std::string service_public_key_;
  std::function<std::string()> today_;
  Notifier* notifier_ = nullptr;
};

}  // namespace portsafe::service
