// Storage for everything staff do: accounts, key grants, agencies, the audit
// log and the handling state of reports. Implemented by SqlStaffStore;
// tests use MockStaffStore (tests/store/mock_staff_store.h). Writes wait for
// the commit (staff actions are few), reads are safe from any thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/records.h"

namespace portsafe::store {

class StaffStore {
 public:
  virtual ~StaffStore() = default;

  // kAlreadyExists when the id or e-mail address is taken.
  virtual Status PutUser(const UserRow& user) = 0;
  virtual Result<std::optional<UserRow>> FindUserByEmail(const std::string& email) = 0;
  virtual Result<std::optional<UserRow>> FindUserById(const std::string& id) = 0;
  virtual Result<std::vector<UserRow>> ListUsers() = 0;
  // Stores the throttling and TOTP fields of `user` as they are (setting
  // them by hand; sign-in uses the two atomic calls below).
  virtual Status UpdateLoginState(const UserRow& user) = 0;
  // A one-time-code step, taken at most once: in one statement, sets
  // totp_last_step to `step` and clears `attempt`'s failure count and lock,
  // only if the stored step is older and the account is enabled and its
  // `attempt` is not locked at `now` (a lock set by failures while this one
  // waited holds). True when this call took it; false when this step or a
  // later one was taken first (by a concurrent attempt on any node), the
  // account is locked or disabled, or there is no such user.
  virtual Result<bool> ClaimTotpStep(const std::string& user_id, std::int64_t step,
                                     std::int64_t now, Attempt attempt) = 0;
  // One failed `attempt`, counted in one statement, so concurrent failures
  // are all counted: the count goes up by one, and when it reaches
  // `max_failures` it starts again from 0 and that kind of attempt is locked
  // until `lock_until`. True when this failure set the lock. kNotFound when
  // there is no such user.
  virtual Result<bool> RecordLoginFailure(const std::string& user_id, std::int64_t max_failures,
                                          std::int64_t lock_until, Attempt attempt) = 0;
  // Account changes by the operator, each in one transaction; kNotFound
  // when there is no such user. Disabling also deletes the user's key
  // grants and every session (so their next request, on any node, answers
  // 401); enabling gives nothing back (a colleague gives keys again).
  virtual Status SetUserDisabled(const std::string& user_id, bool disabled,
                                 const std::string& row_mac) = 0;
  // A new role, with the row's new seal (UserRow::row_mac): every session
  // ends, and the key grants go unless `keep_grants`.
  virtual Status SetUserRole(const std::string& user_id, const std::string& role,
                             const std::string& row_mac, bool keep_grants) = 0;
  // Stores a row's seal alone (rows written before seals existed).
  // kNotFound when there is no such row.
  enum class RowKind { kUser, kAgency };
  virtual Status SetRowMac(RowKind kind, const std::string& key, const std::string& row_mac) = 0;
  // Deletes the account, its grants and its sessions (its audit entries
  // stay).
  virtual Status DeleteUser(const std::string& user_id) = 0;
  // (SetUserDisabled, either way, and DeleteUser also end every invitation
  // to the account's address: once the admin has acted on an account, no
  // invitation may bring it back or start it over.)

  // An account made from an invitation and waiting for its first code: it is
  // disabled and has never taken a code (totp_last_step 0). Each is one
  // transaction, and kNotFound when the account is not (or no longer) such.
  // Deletes the waiting account (the person starts the set-up over).
  virtual Status DeleteWaitingUser(const std::string& user_id) = 0;
  // Enables the waiting account with its new seal `row_mac` and deletes the
  // invitation `token_hash` with it; kNotFound, and nothing changed, when
  // either is gone.
  virtual Status ConfirmWaitingUser(const std::string& user_id, const std::string& row_mac,
                                    const std::string& token_hash) = 0;
  // Stores the password and key fields of `user` (password change).
  virtual Status UpdateUserKey(const UserRow& user) = 0;

  // Replaces a grant with the same user and key name.
  virtual Status PutKeyGrant(const KeyGrantRow& grant) = 0;
  virtual Result<std::vector<KeyGrantRow>> ListKeyGrants(const std::string& user_id) = 0;
  // Deletes the user's grant of `key_name` and every session of the user,
  // in one transaction. kNotFound when there was no such grant.
  virtual Status DeleteKeyGrant(const std::string& user_id, const std::string& key_name) = 0;

  // The pairs of `key_name` that rotations retired, each sealed to the
  // current key, in no order.
  virtual Result<std::vector<RetiredKeyRow>> ListRetiredKeys(const std::string& key_name) = 0;
  // One key pair replaced by another, in one transaction: the retired pairs
  // of `key_name` become `retired` (each sealed to the new key) and its
  // grants become `grants` (the new key, to whoever keeps it); everyone who
  // held a grant of it before loses every session (their next request, on
  // any node, answers 401). For an agency's key, `agency` is its row with the
  // new public key and seal (kNotFound when there is no such agency).
  struct KeyRotation {
    std::string key_name;
    std::vector<RetiredKeyRow> retired;
    std::vector<KeyGrantRow> grants;
    std::optional<AgencyRow> agency;
  };
  virtual Status RotateKey(const KeyRotation& rotation) = 0;

  // kAlreadyExists when the code is taken.
  virtual Status PutAgency(const AgencyRow& agency) = 0;
  // Stores the name, ports and seal of the agency `agency.code` (never its
  // key or kind). kNotFound when there is no such agency.
  virtual Status UpdateAgency(const AgencyRow& agency) = 0;
  virtual Result<std::vector<AgencyRow>> ListAgencies() = 0;
  virtual Result<std::optional<AgencyRow>> FindAgency(const std::string& code) = 0;

  // Appends one audit entry. `make` runs inside the write transaction with
  // the next sequence number and the previous entry's MAC ("" for the
  // first), so the chain cannot fork.
  using MakeAudit = std::function<AuditRow(std::int64_t seq, const std::string& prev_mac)>;
  virtual Status AppendAudit(MakeAudit make) = 0;
  virtual Result<std::vector<AuditRow>> ListAudit() = 0;
  // The newest entry, or none when the log is empty.
  virtual Result<std::optional<AuditRow>> LastAudit() = 0;
  // The newest `limit` entries whose target is `target`, oldest first.
  virtual Result<std::vector<AuditRow>> ListAuditFor(const std::string& target, size_t limit) = 0;

  // Every report's handling state, whatever its status (for jobs that walk
  // them all; the queue reads pages).
  virtual Result<std::vector<HandlingRow>> ListHandling() = 0;
  // One page of the queue (records.h: QueuePageQuery).
  virtual Result<std::vector<HandlingRow>> ListQueuePage(const QueuePageQuery& q) = 0;
  // The handling state of those of `report_ids` that exist, in no order.
  virtual Result<std::vector<HandlingRow>> FindHandlingOf(
      const std::vector<std::string>& report_ids) = 0;
  // The ids of the reports whose id ends with `tail` (lower-case hex, at
  // least 10 characters: a reference, core::ReferenceOf), at most `limit`.
  virtual Result<std::vector<std::string>> FindReportIdsEndingWith(const std::string& tail,
                                                                   size_t limit) = 0;
  // How many reports have `status`, counted up to `cap`: a count of `cap`
  // means at least that many.
  virtual Result<std::int64_t> CountStatus(core::ReportStatus status, std::int64_t cap) = 0;
  // kNotFound when there is no such report.
  virtual Result<HandlingRow> FindHandling(const std::string& report_id) = 0;
  virtual Result<ReportRow> FindReportById(const std::string& report_id) = 0;
  // Saves `row` when the stored version is still `row.version` (and stores
  // version + 1); kAlreadyExists when someone else saved in between.
  virtual Status SaveHandling(const HandlingRow& row) = 0;
  // SaveHandling and the packages of an approved dissemination (with their
  // files), together.
  virtual Status Disseminate(const HandlingRow& row, const std::vector<PackageRow>& packages) = 0;

  // Deletes the reports with everything that hangs off them (messages,
  // files, handling, packages and their messages) in one transaction. SQLite
  // then truncates the write-ahead log so no older copy of a page survives
  // there (secure_delete zeroes the freed pages of the database itself);
  // PostgreSQL vacuums the tables (docs/deployment.md says what remains).
  virtual Status DeleteReports(const std::vector<std::string>& report_ids) = 0;

  // Packages, newest first. kNotFound for an unknown package id.
  // An agency's packages, newest first (then by id, descending), after the package
  // (`after_sent_on`, `after_id`) ("" from the newest), at most `limit`:
  // keyset paging, each page one range of packages_by_agency_sent.
  virtual Result<std::vector<PackageRow>> ListPackagesForAgency(const std::string& code,
                                                                const std::string& after_sent_on,
                                                                const std::string& after_id,
                                                                size_t limit) = 0;
  virtual Result<std::vector<PackageRow>> ListPackagesForReport(const std::string& report_id) = 0;
  virtual Result<PackageRow> FindPackage(const std::string& id) = 0;
  // Recorded outcomes counted by kind, seizure type and month (clear
  // columns only), in that order.
  virtual Result<std::vector<OutcomeCountRow>> CountOutcomes() = 0;
  // Stores the acknowledgement and outcome fields of `row`.
  virtual Status UpdatePackage(const PackageRow& row) = 0;
  // Appends with the next sequence number of the package.
  virtual Status AppendPackageMessage(const PackageMessageRow& row) = 0;
  virtual Result<std::vector<PackageMessageRow>> ListPackageMessages(
      const std::string& package_id) = 0;
  // The files sent with a package, by seq, without their content.
  virtual Result<std::vector<PackageFileRow>> ListPackageFiles(const std::string& package_id) = 0;
  // One of them with its content (the report's file); kNotFound when the
  // package has no such file.
  virtual Result<PackageFileRow> FindPackageFile(const std::string& package_id,
                                                 std::int64_t seq) = 0;
};

}  // namespace portsafe::store
