#pragma once

#include <functional>

#include "common/clock.h"
#include "core/port_directory.h"
#include "service/agency_service.h"
#include "service/audit_log.h"
#include "service/notifier.h"
#include "store/staff_store.h"

namespace portsafe::service {

class AgencyServiceImpl final : public AgencyService {
 public:
  // `staff` and `audit` must outlive this. `service_public_key` is the
  // service's X25519 public key (questions and outcomes are sealed to it as
  // well, for the handlers). `clock` gives the date; staff are told of new
  // work through `notifier` (null: nobody is told). Both must outlive this.
  // `ports` names ports in the exports (may be null; must outlive this).
  AgencyServiceImpl(store::StaffStore* staff, AuditLog* audit, std::string service_public_key,
                    const Clock* clock, Notifier* notifier = nullptr,
                    const core::PortDirectory* ports = nullptr);

  Result<InboxPage> Inbox(const StaffSession& s, const InboxQuery& q) override;
  Result<AgencyPackage> Open(const StaffSession& s, const std::string& package_id) override;
  Result<PackageFile> Export(const StaffSession& s, const std::string& package_id,
                             PackageFormat format) override;
  Result<PackageFile> Printable(const StaffSession& s, const std::string& package_id,
                                const PrintLabel& label) override;
  Result<PackageFile> Attachment(const StaffSession& s, const std::string& package_id,
                                 std::int64_t seq) override;
  Status Acknowledge(const StaffSession& s, const std::string& package_id) override;
  Status Ask(const StaffSession& s, const std::string& package_id,
             const std::string& text) override;
  Status RequestAlert(const StaffSession& s, const std::string& package_id,
                      const std::string& text) override;
  Status RecordOutcome(const StaffSession& s, const std::string& package_id,
                       const Outcome& outcome) override;

 private:
  // Appends the officer's `text` to the package's thread, audited as `action`.
  Status PostMessage(const StaffSession& s, const std::string& package_id, const std::string& text,
                     std::string_view action);
  Status CheckOfficer(const StaffSession& s) const;
  // The content of `row`, opened with the officer's agency key.
  Result<PackageContent> ContentOf(const StaffSession& s, const store::PackageRow& row);
  // The file `seq` of the officer's package `package_id` (found already:
  // Find), decrypted, without auditing.
  Result<PackageFile> OpenFile(const StaffSession& s, const std::string& package_id,
                               std::int64_t seq);
  // The officer's own package; kNotFound otherwise.
  Result<store::PackageRow> Find(const StaffSession& s, const std::string& package_id);
  Status Audit(const StaffSession& s, std::string_view action, const std::string& target);

  store::StaffStore* staff_;
  AuditLog* audit_;
  std::string service_public_key_;
  const Clock* clock_;
  Notifier* notifier_;
  const core::PortDirectory* ports_;
};

}  // namespace portsafe::service
