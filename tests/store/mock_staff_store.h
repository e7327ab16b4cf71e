// gmock double of store::StaffStore.
#pragma once

#include <gmock/gmock.h>

#include "store/staff_store.h"

namespace portsafe::store {

class MockStaffStore : public StaffStore {
 public:
  MockStaffStore();
  ~MockStaffStore() override;
  MOCK_METHOD(Status, PutUser, (const UserRow&), (override));
  MOCK_METHOD(Result<std::optional<UserRow>>, FindUserByEmail, (const std::string&), (override));
  MOCK_METHOD(Result<std::optional<UserRow>>, FindUserById, (const std::string&), (override));
  MOCK_METHOD(Result<std::vector<UserRow>>, ListUsers, (), (override));
  MOCK_METHOD(Status, UpdateLoginState, (const UserRow&), (override));
  MOCK_METHOD(Result<bool>, ClaimTotpStep,
              (const std::string&, std::int64_t, std::int64_t, Attempt), (override));
  MOCK_METHOD(Status, SetUserDisabled, (const std::string&, bool, const std::string&), (override));
  MOCK_METHOD(Status, SetUserRole,
              (const std::string&, const std::string&, const std::string&, bool), (override));
  MOCK_METHOD(Status, SetRowMac, (RowKind, const std::string&, const std::string&), (override));
  MOCK_METHOD(Status, DeleteUser, (const std::string&), (override));
  MOCK_METHOD(Status, DeleteWaitingUser, (const std::string&), (override));
  MOCK_METHOD(Status, ConfirmWaitingUser,
              (const std::string&, const std::string&, const std::string&), (override));
  MOCK_METHOD(Result<bool>, RecordLoginFailure,
              (const std::string&, std::int64_t, std::int64_t, Attempt), (override));
  MOCK_METHOD(Status, UpdateUserKey, (const UserRow&), (override));
  MOCK_METHOD(Status, PutKeyGrant, (const KeyGrantRow&), (override));
  MOCK_METHOD(Result<std::vector<KeyGrantRow>>, ListKeyGrants, (const std::string&), (override));
  MOCK_METHOD(Status, DeleteKeyGrant, (const std::string&, const std::string&), (override));
  MOCK_METHOD(Result<std::vector<RetiredKeyRow>>, ListRetiredKeys, (const std::string&),
              (override));
  MOCK_METHOD(Status, RotateKey, (const KeyRotation&), (override));
  MOCK_METHOD(Status, PutAgency, (const AgencyRow&), (override));
  MOCK_METHOD(Status, UpdateAgency, (const AgencyRow&), (override));
  MOCK_METHOD(Result<std::vector<AgencyRow>>, ListAgencies, (), (override));
  MOCK_METHOD(Result<std::optional<AgencyRow>>, FindAgency, (const std::string&), (override));
  MOCK_METHOD(Status, AppendAudit, (MakeAudit), (override));
  MOCK_METHOD(Result<std::vector<AuditRow>>, ListAudit, (), (override));
  MOCK_METHOD(Result<std::optional<AuditRow>>, LastAudit, (), (override));
  MOCK_METHOD(Result<std::vector<AuditRow>>, ListAuditFor, (const std::string&, size_t),
              (override));
  MOCK_METHOD(Result<std::vector<HandlingRow>>, ListHandling, (), (override));
  MOCK_METHOD(Result<std::vector<HandlingRow>>, ListQueuePage, (const QueuePageQuery&), (override));
  MOCK_METHOD(Result<std::vector<HandlingRow>>, FindHandlingOf, (const std::vector<std::string>&),
              (override));
  MOCK_METHOD(Result<std::vector<std::string>>, FindReportIdsEndingWith,
              (const std::string&, size_t), (override));
  MOCK_METHOD(Result<std::int64_t>, CountStatus, (core::ReportStatus, std::int64_t), (override));
  MOCK_METHOD(Result<HandlingRow>, FindHandling, (const std::string&), (override));
  MOCK_METHOD(Result<ReportRow>, FindReportById, (const std::string&), (override));
  MOCK_METHOD(Status, SaveHandling, (const HandlingRow&), (override));
  MOCK_METHOD(Status, Disseminate, (const HandlingRow&, const std::vector<PackageRow>&),
              (override));
  MOCK_METHOD(Status, DeleteReports, (const std::vector<std::string>&), (override));
  MOCK_METHOD(Result<std::vector<PackageRow>>, ListPackagesForAgency,
              (const std::string&, const std::string&, const std::string&, size_t), (override));
  MOCK_METHOD(Result<std::vector<PackageRow>>, ListPackagesForReport, (const std::string&),
              (override));
  MOCK_METHOD(Result<PackageRow>, FindPackage, (const std::string&), (override));
  MOCK_METHOD(Status, UpdatePackage, (const PackageRow&), (override));
  MOCK_METHOD(Result<std::vector<OutcomeCountRow>>, CountOutcomes, (), (override));
  MOCK_METHOD(Status, AppendPackageMessage, (const PackageMessageRow&), (override));
  MOCK_METHOD(Result<std::vector<PackageMessageRow>>, ListPackageMessages, (const std::string&),
              (override));
  MOCK_METHOD(Result<std::vector<PackageFileRow>>, ListPackageFiles, (const std::string&),
              (override));
  MOCK_METHOD(Result<PackageFileRow>, FindPackageFile, (const std::string&, std::int64_t),
              (override));
};

}  // namespace portsafe::store
