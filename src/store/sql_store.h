// The store, on SQLite (the embedded default) or PostgreSQL (several nodes
// on one database): Store, StaffStore, MembershipStore, LinkStore and
// ClusterStore over one SQL written for both (store/sql_conn.h), the schema from one list of
// migrations (store/schema.h). Where a row is written: sql_store.cpp
// (reports), sql_staff_store.cpp, sql_membership_store.cpp,
// sql_link_store.cpp, sql_cluster_store.cpp.
//
// All writes go through one writer thread that takes every queued write,
// runs them in one transaction (each in its own savepoint when one fails, so
// one failing write does not undo the others) and commits once: group
// commit, one flush to disk for many reports. A write's `done` runs once it
// is durable. Reads use a small pool of connections.
//
// SQLite: WAL journal with synchronous=FULL; secure_delete is on, so deleted
// rows are overwritten; tables are WITHOUT ROWID with random keys, so the
// file's physical order does not reveal the order in which reports arrived.
// PostgreSQL: the server's own durability (synchronous_commit); writers of
// several nodes serialise where order matters (Conn::LockFor).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/cluster_store.h"
#include "store/link_store.h"
#include "store/membership_store.h"
#include "store/sql_conn.h"
#include "store/staff_store.h"
#include "store/store.h"

namespace portsafe::store {

struct SqlOptions {
  size_t max_readers = 16;           // pooled read connections kept open
  size_t max_queued_writes = 20000;  // beyond this, writes fail with kUnavailable
  size_t max_batch = 1024;           // writes per transaction
  // Group-commit delay: with fewer than `commit_delay_below` writes queued,
  // wait up to `commit_delay` for more before committing.
  std::chrono::microseconds commit_delay{300};
  size_t commit_delay_below = 16;
};

class SqlStore final : public Store,
                       public StaffStore,
                       public MembershipStore,
                       public LinkStore,
                       public ClusterStore {
 public:
  // Opens (creating if needed) the SQLite database at `path` and brings its
  // schema up to date.
  static Result<std::unique_ptr<SqlStore>> OpenSqlite(const std::string& path,
                                                      SqlOptions options = {});
  // Connects to the PostgreSQL database `url` (postgresql://...) and brings
  // its schema up to date.
  static Result<std::unique_ptr<SqlStore>> OpenPostgres(const std::string& url,
                                                        SqlOptions options = {});
  // PostgreSQL when `location` is a postgresql:// URL, else the SQLite file
  // at that path.
  static Result<std::unique_ptr<SqlStore>> Open(const std::string& location,
                                                SqlOptions options = {});
  Dialect dialect() const { return dialect_; }

  // Runs `fn` on a read connection inside one read-only snapshot (the
  // backup reads every table as of one moment while writes go on).
  Status Snapshot(const std::function<Status(Conn&)>& fn);
  // Runs `fn` in one write transaction through the writer, waiting for the
  // commit; an error from `fn` undoes everything it wrote (restore).
  Status Transaction(std::function<Status(Conn&)> fn) { return RunSync(std::move(fn)); }
  // Stops taking writes (they fail with kUnavailable), waits until every
  // queued write is committed and its completion has run, and stops the
  // writer thread. Reads still work. Idempotent; thread-safe. Completions
  // run during this, so what they use must still be alive.
  void Close();
  ~SqlStore() override;  // Close()

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

  // StaffStore (sql_staff_store.cpp).
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

  // MembershipStore (sql_membership_store.cpp).
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

  // LinkStore (sql_link_store.cpp).
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

  // ClusterStore (sql_cluster_store.cpp).
  Status PutSession(const SessionRow& row) override;
  Result<std::optional<SessionRow>> FindSession(const std::string& token_hash) override;
  Result<std::vector<SessionRow>> ListUserSessions(const std::string& user_id) override;
  Status TouchSession(const std::string& token_hash, std::int64_t last_seen) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status DeleteUserSessions(const std::string& user_id,
                            const std::string& keep_token_hash) override;
  Result<std::int64_t> DeleteExpiredSessions(std::int64_t idle_before,
                                             std::int64_t created_before) override;
  Result<Lease> TakeLease(const std::string& job, const std::string& holder, std::int64_t now,
                          std::int64_t ttl_seconds) override;
  Status FinishLease(const std::string& job, const std::string& holder,
                     const std::string& last_done) override;

 private:
  using Apply = std::function<Status(Conn&)>;
  struct WriteOp {
    Apply apply;
    WriteDone done;
  };
  // A read connection borrowed from the pool for one call.
  class Reader {
   public:
    explicit Reader(SqlStore* s) : s_(s), c_(s->AcquireReader()) {}
    ~Reader() {
      if (c_.ok()) s_->ReleaseReader(std::move(*c_));
    }
    bool ok() const { return c_.ok(); }
    const Error& error() const { return c_.error(); }
    Conn& conn() { return **c_; }

   private:
    SqlStore* s_;
    Result<std::unique_ptr<Conn>> c_;
  };

  using OpenConn = std::function<Result<std::unique_ptr<Conn>>()>;
  // `open_reader` makes a read connection; `after_purge` runs after reports
  // were deleted (SQLite: empties the write-ahead log).
  SqlStore(Dialect dialect, SqlOptions options, std::unique_ptr<Conn> writer, OpenConn open_reader,
           std::function<Status()> after_purge);
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

  const Dialect dialect_;
  const SqlOptions options_;
  const OpenConn open_reader_;
  const std::function<Status()> after_purge_;
  std::unique_ptr<Conn> writer_conn_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<WriteOp> queue_;
  bool stopping_ = false;
  std::thread writer_;
  std::once_flag closed_;

  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Conn>> readers_;
};

}  // namespace portsafe::store
