#pragma once

#include "service/audit_log.h"
#include "service/row_seal.h"
#include "service/team_service.h"
#include "store/staff_store.h"

namespace portsafe::service {

class TeamServiceImpl final : public TeamService {
 public:
  // `staff`, `audit` and `seal` must outlive this. A key is given only to
  // an account whose row matches its seal (RowSeal): a public key swapped
  // in the database is refused, and the refusal audited.
  // `instance_secret` keys the seals of changed accounts (it must outlive this).
  TeamServiceImpl(store::StaffStore* staff, AuditLog* audit, const RowSeal* seal,
                  const crypto::SecretBytes* instance_secret)
      : staff_(staff), audit_(audit), seal_(seal), instance_secret_(instance_secret) {}

  Result<std::vector<TeamMember>> List(const StaffSession& s) override;
  Status GiveKey(const StaffSession& s, const std::string& user_id) override;
  Status TakeKeyBack(const StaffSession& s, const std::string& user_id) override;
  Status ChangeAccount(const StaffSession& s, const std::string& user_id, AccountChange change,
                       std::optional<core::Role> new_role) override;

 private:
  // The grant name the caller gives ("" for none) and whether `u` is a
  // colleague it is for.
  static std::string KeyNameFor(const StaffSession& s);
  static bool IsFor(const StaffSession& s, const store::UserRow& u);

  store::StaffStore* staff_;
  AuditLog* audit_;
  const RowSeal* seal_;
  const crypto::SecretBytes* instance_secret_;
};

}  // namespace portsafe::service
