// SqlStaffStore: the StaffStore over the shared SqlDatabase (sql_database.h).
// The staff side: users, key grants, agencies, the audit log, handling,
// packages and the purge.
// Where its rows are written: sql_staff_store.cpp. Thread-safe; `db` is borrowed
// and must outlive it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/sql_database.h"
#include "store/staff_store.h"

namespace portsafe::store {

class SqlStaffStore final : public StaffStore {
 public:
  explicit SqlStaffStore(SqlDatabase* db) : db_(db) {}

  Status PutUser(const UserRow& user) override;
  Result<std::optional<UserRow>> FindUserByEmail(const std::string& email) override;
  Result<std::optional<UserRow>> FindUserById(const std::string& id) override;
  Result<std::vector<UserRow>> ListUsers() override;
  Status UpdateLoginState(const UserRow& user) override;
  Result<bool> ClaimTotpStep(const std::string& user_id, std::int64_t step, std::int64_t now,
                             Attempt attempt) override;
  Status SetUserDisabled(const std::string& user_id, bool disabled,
                         const std::string& row_mac) override;
  Status SetUserRole(const std::string& user_id, const std::string& role,
                     const std::string& row_mac, bool keep_grants) override;
  Status SetRowMac(RowKind kind, const std::string& key, const std::string& row_mac) override;
  Status DeleteUser(const std::string& user_id) override;
  Status DeleteWaitingUser(const std::string& user_id) override;
  Status ConfirmWaitingUser(const std::string& user_id, const std::string& row_mac,
                            const std::string& token_hash) override;
  Result<bool> RecordLoginFailure(const std::string& user_id, std::int64_t max_failures,
                                  std::int64_t lock_until, Attempt attempt) override;
  Status UpdateUserKey(const UserRow& user) override;
  Status PutKeyGrant(const KeyGrantRow& grant) override;
  Result<std::vector<KeyGrantRow>> ListKeyGrants(const std::string& user_id) override;
  Status DeleteKeyGrant(const std::string& user_id, const std::string& key_name) override;
  Result<std::vector<RetiredKeyRow>> ListRetiredKeys(const std::string& key_name) override;
  Status RotateKey(const KeyRotation& rotation) override;
  Status PutAgency(const AgencyRow& agency) override;
  Status UpdateAgency(const AgencyRow& agency) override;
  Result<std::vector<AgencyRow>> ListAgencies() override;
  Result<std::optional<AgencyRow>> FindAgency(const std::string& code) override;
  Status AppendAudit(MakeAudit make) override;
  Result<std::vector<AuditRow>> ListAudit() override;
  Result<std::optional<AuditRow>> LastAudit() override;
  Result<std::vector<AuditRow>> ListAuditFor(const std::string& target, size_t limit) override;
  Result<std::vector<HandlingRow>> ListHandling() override;
  Result<std::vector<HandlingRow>> ListQueuePage(const QueuePageQuery& q) override;
  Result<std::vector<HandlingRow>> FindHandlingOf(
      const std::vector<std::string>& report_ids) override;
  Result<std::vector<std::string>> FindReportIdsEndingWith(const std::string& tail,
                                                           size_t limit) override;
  Result<std::int64_t> CountStatus(core::ReportStatus status, std::int64_t cap) override;
  Result<HandlingRow> FindHandling(const std::string& report_id) override;
  Result<ReportRow> FindReportById(const std::string& report_id) override;
  Status SaveHandling(const HandlingRow& row) override;
  Status Disseminate(const HandlingRow& row, const std::vector<PackageRow>& packages) override;
  Status DeleteReports(const std::vector<std::string>& report_ids) override;
  Result<std::vector<PackageRow>> ListPackagesForAgency(const std::string& code,
                                                        const std::string& after_sent_on,
                                                        const std::string& after_id,
                                                        size_t limit) override;
  Result<std::vector<PackageRow>> ListPackagesForReport(const std::string& report_id) override;
  Result<PackageRow> FindPackage(const std::string& id) override;
  Status UpdatePackage(const PackageRow& row) override;
  Result<std::vector<OutcomeCountRow>> CountOutcomes() override;
  Status AppendPackageMessage(const PackageMessageRow& row) override;
  Result<std::vector<PackageMessageRow>> ListPackageMessages(
      const std::string& package_id) override;
  Result<std::vector<PackageFileRow>> ListPackageFiles(const std::string& package_id) override;
  Result<PackageFileRow> FindPackageFile(const std::string& package_id, std::int64_t seq) override;

 private:
  // One user by the single parameter of `sql` (a cached statement literal).
  Result<std::optional<UserRow>> FindUser(const char* sql, const std::string& key);
  // Packages selected by the single parameter of `sql` (a cached statement literal).
  Result<std::vector<PackageRow>> ListPackagesWhere(const char* sql, const std::string& key);
  SqlDatabase* db_;
};

}  // namespace portsafe::store
