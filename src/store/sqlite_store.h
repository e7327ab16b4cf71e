// SQLite implementation of Store: WAL journal with synchronous=FULL, so a
// write is on disk when its `done` runs. All writes go through one writer
// thread that takes every queued write, runs them in one transaction (each in
// its own savepoint, so one failing write does not undo the others) and
// commits once: group commit, one fsync for many reports. Reads use a small
// pool of read-only connections. secure_delete is on, so deleted rows are
// overwritten. Tables are WITHOUT ROWID with random keys, so the file's
// physical order does not reveal the order in which reports arrived.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/link_store.h"
#include "store/membership_store.h"
#include "store/sqlite_conn.h"
#include "store/staff_store.h"
#include "store/store.h"

namespace portsafe::store {

struct SqliteOptions {
  size_t max_queued_writes = 20000;  // beyond this, writes fail with kUnavailable
  size_t max_batch = 1024;           // writes per transaction
  // Group-commit delay: with fewer than `commit_delay_below` writes queued,
  // wait up to `commit_delay` for more before committing.
  std::chrono::microseconds commit_delay{300};
  size_t commit_delay_below = 16;
};

class SqliteStore final : public Store,
                          public StaffStore,
                          public MembershipStore,
                          public LinkStore {
 public:
  // Opens (creating if needed) the database at `path` and applies the schema.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                   SqliteOptions options = {});
  ~SqliteStore() override;  // drains queued writes, then stops the writer

  void CreateReport(ReportRow report, std::vector<FileRow> files, WriteDone done) override;
  void AppendMessage(MessageRow message, WriteDone done) override;
  void AddFiles(std::string report_id, std::vector<FileRow> files, size_t max_files_per_report,
                WriteDone done) override;
  Result<ReportRow> FindReportByLookup(const std::string& lookup_id) override;
  Result<std::vector<MessageRow>> ListMessages(const std::string& report_id) override;
  Result<std::vector<FileRow>> ListFiles(const std::string& report_id, bool with_content) override;
  Result<std::int64_t> CountReports() override;
  Status PutPorts(const std::vector<PortRow>& ports) override;
  Result<std::vector<PortRow>> LoadPorts() override;
  Status PutFacility(const Facility& facility) override;
  Result<std::optional<Facility>> FindFacility(const std::string& code) override;

  // StaffStore (sqlite_staff_store.cpp).
  Status PutUser(const UserRow& user) override;
  Result<std::optional<UserRow>> FindUserByEmail(const std::string& email) override;
  Result<std::optional<UserRow>> FindUserById(const std::string& id) override;
  Result<std::vector<UserRow>> ListUsers() override;
  Status UpdateLoginState(const UserRow& user) override;
  Status UpdateUserKey(const UserRow& user) override;
  Status PutKeyGrant(const KeyGrantRow& grant) override;
  Result<std::vector<KeyGrantRow>> ListKeyGrants(const std::string& user_id) override;
  Status PutAgency(const AgencyRow& agency) override;
  Result<std::vector<AgencyRow>> ListAgencies() override;
  Result<std::optional<AgencyRow>> FindAgency(const std::string& code) override;
  Status AppendAudit(MakeAudit make) override;
  Result<std::vector<AuditRow>> ListAudit() override;
  Result<std::vector<HandlingRow>> ListHandling() override;
  Result<HandlingRow> FindHandling(const std::string& report_id) override;
  Result<ReportRow> FindReportById(const std::string& report_id) override;
  Status SaveHandling(const HandlingRow& row) override;
  Status Disseminate(const HandlingRow& row, const std::vector<PackageRow>& packages) override;
  Status DeleteReports(const std::vector<std::string>& report_ids) override;
  Result<std::vector<PackageRow>> ListPackagesForAgency(const std::string& code) override;
  Result<std::vector<PackageRow>> ListPackagesForReport(const std::string& report_id) override;
  Result<PackageRow> FindPackage(const std::string& id) override;
  Status UpdatePackage(const PackageRow& row) override;
  Result<std::vector<OutcomeCountRow>> CountOutcomes() override;
  Status AppendPackageMessage(const PackageMessageRow& row) override;
  Result<std::vector<PackageMessageRow>> ListPackageMessages(
      const std::string& package_id) override;

  // MembershipStore (sqlite_membership_store.cpp).
  Result<std::vector<Facility>> ListFacilities() override;
  Status SetFacilityStatus(const std::string& code, const std::string& status) override;
  Status PutApplication(const ApplicationRow& app) override;
  Result<std::vector<ApplicationRow>> ListApplications() override;
  Result<ApplicationRow> FindApplication(const std::string& id) override;
  Status DecideApplication(const ApplicationRow& app, const Facility* facility,
                           const InvitationRow* invitation) override;
  Status PutInvitation(const InvitationRow& inv) override;
  Result<std::optional<InvitationRow>> FindInvitation(const std::string& token_hash) override;
  Status DeleteInvitation(const std::string& token_hash) override;
  Result<std::vector<TallyRow>> ListTallies() override;
  Status PutNewsletter(const NewsletterRow& row) override;
  Result<std::vector<NewsletterRow>> ListNewsletters() override;
  Result<std::string> GetSetting(const std::string& key) override;
  Status PutSetting(const std::string& key, const std::string& value) override;

  // LinkStore (sqlite_link_store.cpp).
  Result<std::vector<std::string>> ListLinkPending(size_t limit) override;
  Result<std::int64_t> CountLinkPending() override;
  Result<std::vector<LinkEntriesRow>> ListLinkGarbage(size_t limit) override;
  Result<std::optional<std::string>> FindLinkEntries(const std::string& report_id) override;
  Result<std::vector<IndexSource>> ListIndexSources(const std::string& after,
                                                    size_t limit) override;
  Result<std::vector<std::string>> ListLinkRefs(const std::string& term, size_t limit) override;
  Status PutLinkIndex(std::vector<LinkUpdate> updates) override;
  Status ClearLinkIndex() override;
  Status PutLinkEntries(std::vector<LinkEntriesRow> rows) override;
  Status PutLinkPostings(std::vector<std::vector<LinkPosting>> runs) override;
  Status FinishLinkRebuild() override;
  Result<std::int64_t> LinkIndexVersion() override;
  Status ResetLinkIndex(std::int64_t version) override;

 private:
  using Apply = std::function<Status(Conn&)>;
  struct WriteOp {
    Apply apply;
    WriteDone done;
  };
  // A read connection borrowed from the pool for one call.
  class Reader {
   public:
    explicit Reader(SqliteStore* s) : s_(s), c_(s->AcquireReader()) {}
    ~Reader() {
      if (c_.ok()) s_->ReleaseReader(std::move(*c_));
    }
    bool ok() const { return c_.ok(); }
    const Error& error() const { return c_.error(); }
    Conn& conn() { return **c_; }

   private:
    SqliteStore* s_;
    Result<std::unique_ptr<Conn>> c_;
  };

  SqliteStore(std::string path, SqliteOptions options, std::unique_ptr<Conn> writer);
  void Enqueue(Apply apply, WriteDone done);
  void WriterLoop();
  void CommitBatch(std::vector<WriteOp>& batch);
  Status RunSync(Apply apply);  // through the writer, waiting for the commit
  // One user by the single parameter of `sql` (a cached statement literal).
  Result<std::optional<UserRow>> FindUser(const char* sql, const std::string& key);
  // Packages selected by the single parameter of `sql` (a cached statement literal).
  Result<std::vector<PackageRow>> ListPackagesWhere(const char* sql, const std::string& key);
  Result<std::unique_ptr<Conn>> AcquireReader();
  void ReleaseReader(std::unique_ptr<Conn> conn);

  const std::string path_;
  const SqliteOptions options_;
  std::unique_ptr<Conn> writer_conn_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<WriteOp> queue_;
  bool stopping_ = false;
  std::thread writer_;

  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Conn>> readers_;
};

}  // namespace portsafe::store
