#include "store/sqlite_store.h"

#include "store/sqlite_helpers.h"

#include <pthread.h>

#include <future>

namespace portsafe::store {
namespace {

// Version 1 of the schema. Only the columns listed in docs/security.md are in
// the clear; blobs are ciphertext.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ports(
  code TEXT PRIMARY KEY, name TEXT NOT NULL, subdivision TEXT NOT NULL, status TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS facilities(
  code TEXT PRIMARY KEY, port_code TEXT NOT NULL REFERENCES ports(code), name TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reports(
  id TEXT PRIMARY KEY,
  lookup_id BLOB NOT NULL UNIQUE,
  port_code TEXT NOT NULL,
  facility_code TEXT NOT NULL,
  category TEXT NOT NULL,
  status TEXT NOT NULL,
  priority INTEGER NOT NULL,
  received_on TEXT NOT NULL,
  sealed_key BLOB NOT NULL,
  receipt_wrapped_key BLOB NOT NULL,
  body BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS messages(
  report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  author TEXT NOT NULL,
  sent_on TEXT NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY(report_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files(
  report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  wrapped_key BLOB NOT NULL,
  sealed_meta BLOB NOT NULL,
  content BLOB NOT NULL,
  PRIMARY KEY(report_id, seq)
) WITHOUT ROWID;
INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '1');
)sql";

// Version 2: staff. Accounts hold only wrapped keys and a password verifier;
// handling.sealed is sealed with the report's content key.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE IF NOT EXISTS users(
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  agency_code TEXT NOT NULL,
  facility_code TEXT NOT NULL,
  created_on TEXT NOT NULL,
  pw_salt BLOB NOT NULL, pw_ops INTEGER NOT NULL, pw_mem INTEGER NOT NULL,
  pw_verifier BLOB NOT NULL,
  public_key BLOB NOT NULL,
  wrapped_by_password BLOB NOT NULL,
  wrapped_by_recovery BLOB NOT NULL,
  totp_sealed BLOB NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  totp_last_step INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS key_grants(
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key_name TEXT NOT NULL,
  sealed BLOB NOT NULL,
  PRIMARY KEY(user_id, key_name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS agencies(
  code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
  public_key BLOB NOT NULL, ports TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit(seq INTEGER PRIMARY KEY, entry TEXT NOT NULL, mac BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS handling(
  report_id TEXT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
  assigned_to TEXT NOT NULL,
  acknowledged_on TEXT NOT NULL,
  feedback_on TEXT NOT NULL,
  closed_on TEXT NOT NULL,
  sealed BLOB NOT NULL,
  version INTEGER NOT NULL
) WITHOUT ROWID;
UPDATE meta SET value='2' WHERE key='schema_version' AND CAST(value AS INTEGER) < 2;
)sql";

// Version 3: dissemination. Packages and their messages are sealed to the
// agency (and the service); only routing and figures columns are clear.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE IF NOT EXISTS packages(
  id TEXT PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  agency_code TEXT NOT NULL,
  sent_on TEXT NOT NULL,
  acknowledged_on TEXT NOT NULL,
  outcome TEXT NOT NULL,
  seizure_type TEXT NOT NULL,
  outcome_on TEXT NOT NULL,
  sealed BLOB NOT NULL,
  outcome_for_agency BLOB NOT NULL,
  outcome_for_service BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS packages_by_agency ON packages(agency_code);
CREATE INDEX IF NOT EXISTS packages_by_report ON packages(report_id);
CREATE TABLE IF NOT EXISTS package_messages(
  package_id TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  author TEXT NOT NULL,
  sent_on TEXT NOT NULL,
  for_agency BLOB NOT NULL,
  for_service BLOB NOT NULL,
  PRIMARY KEY(package_id, seq)
) WITHOUT ROWID;
UPDATE meta SET value='3' WHERE key='schema_version' AND CAST(value AS INTEGER) < 3;
)sql";

// Version 4: membership and figures. Facilities gain their operator group,
// status and joining date; applications, invitations (token hashes only),
// newsletters and the figures' tallies, which are counts of clear columns
// kept apart from the reports so that they outlive the retention purge. The
// tallies start from what the reports and packages already hold.
constexpr const char* kSchemaV4 = R"sql(
ALTER TABLE facilities ADD COLUMN operator_group TEXT NOT NULL DEFAULT '';
ALTER TABLE facilities ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE facilities ADD COLUMN joined_on TEXT NOT NULL DEFAULT '';
CREATE TABLE applications(
  id TEXT PRIMARY KEY, operator_group TEXT NOT NULL, port_code TEXT NOT NULL,
  facility_name TEXT NOT NULL, email TEXT NOT NULL, staff_count INTEGER NOT NULL,
  submitted_on TEXT NOT NULL, status TEXT NOT NULL, decided_on TEXT NOT NULL,
  reason TEXT NOT NULL, facility_code TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE invitations(
  token_hash BLOB PRIMARY KEY, email TEXT NOT NULL, role TEXT NOT NULL,
  facility_code TEXT NOT NULL, agency_code TEXT NOT NULL, expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE newsletters(
  id TEXT PRIMARY KEY, subject TEXT NOT NULL, markdown TEXT NOT NULL, sent_on TEXT NOT NULL,
  recipients INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE tallies(
  metric TEXT NOT NULL, facility_code TEXT NOT NULL, port_code TEXT NOT NULL,
  month TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY(metric, facility_code, port_code, month, key)
) WITHOUT ROWID;
INSERT INTO tallies
  SELECT 'reports', facility_code, port_code, substr(received_on, 1, 7), category, COUNT(*)
  FROM reports GROUP BY 1, 2, 3, 4, 5;
INSERT INTO tallies
  SELECT 'disseminations', r.facility_code, r.port_code, substr(p.sent_on, 1, 7), a.kind, COUNT(*)
  FROM packages p JOIN reports r ON r.id = p.report_id JOIN agencies a ON a.code = p.agency_code
  GROUP BY 1, 2, 3, 4, 5;
INSERT INTO tallies
  SELECT 'outcomes', r.facility_code, r.port_code, substr(p.outcome_on, 1, 7), p.outcome, COUNT(*)
  FROM packages p JOIN reports r ON r.id = p.report_id WHERE p.outcome != ''
  GROUP BY 1, 2, 3, 4, 5;
UPDATE meta SET value='4' WHERE key='schema_version';
)sql";

// Version 5: the blind link index (store/link_store.h). Terms are keyed
// hashes and refs and entries sealed with keys only a signed-in handler
// holds. A posting is one key, term then ref (16 + 28 bytes): one column
// costs SQLite less per row than two (docs/performance.md), and the refs of
// a term are a range of it. Every report already stored waits to be indexed; a purged report
// is listed in link_garbage, so that its index rows (which only the key can
// find) are removed at the next sign-in. The waiting list has no foreign
// key (the trigger keeps it clean) so that a bulk rebuild can empty it whole
// at once.
constexpr const char* kSchemaV5 = R"sql(
CREATE TABLE link_pending(report_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE link_entries(report_id TEXT PRIMARY KEY, entries BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE link_postings(posting BLOB PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE link_garbage(report_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER link_garbage_on_delete AFTER DELETE ON reports BEGIN
  DELETE FROM link_pending WHERE report_id = old.id;
  INSERT OR IGNORE INTO link_garbage(report_id) VALUES(old.id);
END;
INSERT INTO link_pending SELECT id FROM reports;
INSERT INTO meta(key, value) VALUES('link_index_version', '0');
UPDATE meta SET value='5' WHERE key='schema_version';
)sql";

// The migrations after the first three (which are written to run again
// harmlessly), each applied once, in order, in its own transaction.
struct Migration {
  int version;
  const char* sql;
};
constexpr Migration kMigrations[] = {{4, kSchemaV4}, {5, kSchemaV5}};

Result<ReportRow> ReadReportRow(Conn& c, Stmt& st);

Status Step(Conn& c, const char* sql) {
  auto s = c.Prepare(sql);
  if (!s.ok()) return s.error();
  Stmt st(*s);
  int rc = st.Step();
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return Unavailable("database error: " + c.LastError());
  return Status::Ok();
}

Status InsertFiles(Conn& c, const std::string& report_id, std::int64_t first_seq,
                   const std::vector<FileRow>& files) {
  auto s = c.Prepare(
      "INSERT INTO files(report_id, seq, wrapped_key, sealed_meta, content) VALUES(?,?,?,?,?)");
  if (!s.ok()) return s.error();
  std::int64_t seq = first_seq;
  for (const auto& f : files) {
    Stmt st(*s);
    st.Bind(1, report_id).Bind(2, seq++).BindBlob(3, f.wrapped_key).BindBlob(4, f.sealed_meta);
    st.BindBlob(5, f.content);
    if (st.Step() != SQLITE_DONE) return Unavailable("cannot store file: " + c.LastError());
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                       SqliteOptions options) {
  auto c = Conn::Open(path, false);
  if (!c.ok()) return c.error();
  std::unique_ptr<Conn> conn(*c);
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA secure_delete=ON",
        "PRAGMA foreign_keys=ON", "PRAGMA wal_autocheckpoint=20000",
        "PRAGMA journal_size_limit=67108864", "PRAGMA cache_size=-16384",
        "PRAGMA mmap_size=268435456", "PRAGMA temp_store=MEMORY"}) {
    if (auto st = conn->Exec(pragma); !st.ok()) return st.error();
  }
  if (auto st = conn->Exec(kSchemaV1); !st.ok()) return st.error();
  if (auto st = conn->Exec(kSchemaV2); !st.ok()) return st.error();
  if (auto st = conn->Exec(kSchemaV3); !st.ok()) return st.error();
  for (const Migration& m : kMigrations) {
    int version = 0;
    {
      auto q = conn->Prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key='schema_version'");
      if (!q.ok()) return q.error();
      Stmt st(*q);
      if (st.Step() == SQLITE_ROW) version = static_cast<int>(st.Int(0));
    }
    if (version >= m.version) continue;
    if (auto st = conn->Exec("BEGIN IMMEDIATE"); !st.ok()) return st.error();
    if (auto st = conn->Exec(m.sql); !st.ok()) {
      (void)conn->Exec("ROLLBACK");
      return st.error();
    }
    if (auto st = conn->Exec("COMMIT"); !st.ok()) return st.error();
  }
  return std::unique_ptr<SqliteStore>(new SqliteStore(path, options, std::move(conn)));
}

SqliteStore::SqliteStore(std::string path, SqliteOptions options, std::unique_ptr<Conn> writer)
    : path_(std::move(path)), options_(options), writer_conn_(std::move(writer)) {
  writer_ = std::thread([this] { WriterLoop(); });
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  writer_.join();
}

void SqliteStore::Enqueue(Apply apply, WriteDone done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_ && queue_.size() < options_.max_queued_writes) {
      queue_.push_back({std::move(apply), std::move(done)});
      cv_.notify_one();
      return;
    }
  }
  done(Unavailable("the service is busy; try again shortly"));
}

void SqliteStore::WriterLoop() {
  pthread_setname_np(pthread_self(), "ps-writer");
  std::vector<WriteOp> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      // Commit delay: when only a few writes wait, give others a moment to
      // join, so one fsync and one wake-up serve more of them. The writer
      // was just busy, so writes are arriving; when idle, the first write
      // waits at most commit_delay.
      if (queue_.size() < options_.commit_delay_below && !stopping_ &&
          options_.commit_delay.count() > 0) {
        cv_.wait_for(lock, options_.commit_delay,
                     [this] { return stopping_ || queue_.size() >= options_.commit_delay_below; });
      }
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitBatch(batch);
    batch.clear();
  }
}

void SqliteStore::CommitBatch(std::vector<WriteOp>& batch) {
  Conn& c = *writer_conn_;
  // Fast path: every write in one transaction with no savepoints. Writes
  // rarely fail (a failure is a bug or a full disk), so when one does, the
  // whole transaction is rolled back and the batch replayed below with a
  // savepoint around each write, so only the failing one is refused.
  if (Step(c, "BEGIN IMMEDIATE").ok()) {
    bool all_ok = true;
    for (auto& op : batch) {
      if (!op.apply(c).ok()) {
        all_ok = false;
        break;
      }
    }
    if (all_ok && Step(c, "COMMIT").ok()) {
      for (auto& op : batch) op.done(Status::Ok());
      return;
    }
    (void)c.Exec("ROLLBACK");
  }
  std::vector<Status> results;
  results.reserve(batch.size());
  Status begin = Step(c, "BEGIN IMMEDIATE");
  if (begin.ok()) {
    for (auto& op : batch) {
      Status st = Step(c, "SAVEPOINT w");
      if (st.ok()) {
        st = op.apply(c);
        if (st.ok()) {
          st = Step(c, "RELEASE w");
        } else {
          (void)Step(c, "ROLLBACK TO w");
          (void)Step(c, "RELEASE w");
        }
      }
      results.push_back(st);
    }
    Status commit = Step(c, "COMMIT");
    if (!commit.ok()) {
      (void)c.Exec("ROLLBACK");
      for (auto& r : results) {
        if (r.ok()) r = commit;
      }
    }
  } else {
    results.assign(batch.size(), begin);
  }
  for (size_t i = 0; i < batch.size(); ++i) batch[i].done(results[i]);
}

Status SqliteStore::RunSync(Apply apply) {
  std::promise<Status> p;
  auto f = p.get_future();
  Enqueue(std::move(apply), [&p](Status s) { p.set_value(std::move(s)); });
  return f.get();
}

void SqliteStore::CreateReport(ReportRow r, std::vector<FileRow> files, WriteDone done) {
  Enqueue(
      [r = std::move(r), files = std::move(files)](Conn& c) -> Status {
        auto s = c.Prepare(
            "INSERT INTO reports(id, lookup_id, port_code, facility_code, category, status, "
            "priority, received_on, sealed_key, receipt_wrapped_key, body) "
            "VALUES(?,?,?,?,?,?,?,?,?,?,?)");
        if (!s.ok()) return s.error();
        {
          Stmt st(*s);
          st.Bind(1, r.id).BindBlob(2, r.lookup_id).Bind(3, r.port_code).Bind(4, r.facility_code);
          st.Bind(5, r.category).Bind(6, r.status).Bind(7, std::int64_t{r.priority});
          st.Bind(8, r.received_on).BindBlob(9, r.sealed_key).BindBlob(10, r.receipt_wrapped_key);
          st.BindBlob(11, r.body);
          if (st.Step() != SQLITE_DONE) return Unavailable("cannot store report: " + c.LastError());
        }
        if (auto st = AddTallies(c, r.id, {{"reports", r.received_on.substr(0, 7), r.category}});
            !st.ok()) {
          return st;
        }
        if (auto st = MarkLinkPending(c, r.id); !st.ok()) return st;
        return InsertFiles(c, r.id, 1, files);
      },
      std::move(done));
}

void SqliteStore::AppendMessage(MessageRow m, WriteDone done) {
  Enqueue(
      [m = std::move(m)](Conn& c) -> Status {
        auto next = c.Prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE report_id=?");
        if (!next.ok()) return next.error();
        std::int64_t seq;
        {
          Stmt st(*next);
          st.Bind(1, m.report_id);
          if (st.Step() != SQLITE_ROW) return Unavailable("database error: " + c.LastError());
          seq = st.Int(0);
        }
        auto ins = c.Prepare(
            "INSERT INTO messages(report_id, seq, author, sent_on, body) VALUES(?,?,?,?,?)");
        if (!ins.ok()) return ins.error();
        {
          Stmt st(*ins);
          st.Bind(1, m.report_id).Bind(2, seq).Bind(3, m.author).Bind(4, m.sent_on);
          st.BindBlob(5, m.body);
          if (st.Step() != SQLITE_DONE) return NotFound("no such report");
        }
        // A reporter's words may name more things: index the report again.
        return m.author == "reporter" ? MarkLinkPending(c, m.report_id) : Status::Ok();
      },
      std::move(done));
}

void SqliteStore::AddFiles(std::string report_id, std::vector<FileRow> files, size_t max_files,
                           WriteDone done) {
  Enqueue(
      [id = std::move(report_id), files = std::move(files), max_files](Conn& c) -> Status {
        auto cnt = c.Prepare("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM files WHERE report_id=?");
        if (!cnt.ok()) return cnt.error();
        std::int64_t count, last;
        {
          Stmt st(*cnt);
          st.Bind(1, id);
          if (st.Step() != SQLITE_ROW) return Unavailable("database error: " + c.LastError());
          count = st.Int(0);
          last = st.Int(1);
        }
        if (static_cast<size_t>(count) + files.size() > max_files) {
          return InvalidArgument("a report can hold at most " + std::to_string(max_files) +
                                 " files");
        }
        return InsertFiles(c, id, last + 1, files);
      },
      std::move(done));
}

Result<std::unique_ptr<Conn>> SqliteStore::AcquireReader() {
  {
    std::lock_guard lock(readers_mu_);
    if (!readers_.empty()) {
      auto c = std::move(readers_.back());
      readers_.pop_back();
      return c;
    }
  }
  auto c = Conn::Open(path_, true);
  if (!c.ok()) return c.error();
  return std::unique_ptr<Conn>(*c);
}

void SqliteStore::ReleaseReader(std::unique_ptr<Conn> conn) {
  std::lock_guard lock(readers_mu_);
  if (readers_.size() < 16) readers_.push_back(std::move(conn));
}

Result<ReportRow> SqliteStore::FindReportByLookup(const std::string& lookup_id) {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(
      "SELECT id, lookup_id, port_code, facility_code, category, status, priority, received_on, "
      "sealed_key, receipt_wrapped_key, body FROM reports WHERE lookup_id=?");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.BindBlob(1, lookup_id);
  return ReadReportRow(r.conn(), st);
}

Result<ReportRow> SqliteStore::FindReportById(const std::string& report_id) {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(
      "SELECT id, lookup_id, port_code, facility_code, category, status, priority, received_on, "
      "sealed_key, receipt_wrapped_key, body FROM reports WHERE id=?");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, report_id);
  return ReadReportRow(r.conn(), st);
}

namespace {
Result<ReportRow> ReadReportRow(Conn& c, Stmt& st) {
  int rc = st.Step();
  if (rc == SQLITE_DONE) return NotFound("no such report");
  if (rc != SQLITE_ROW) return Unavailable("database error: " + c.LastError());
  ReportRow row;
  row.id = st.Text(0);
  row.lookup_id = st.Text(1);
  row.port_code = st.Text(2);
  row.facility_code = st.Text(3);
  row.category = st.Text(4);
  row.status = st.Text(5);
  row.priority = static_cast<int>(st.Int(6));
  row.received_on = st.Text(7);
  row.sealed_key = st.Text(8);
  row.receipt_wrapped_key = st.Text(9);
  row.body = st.Text(10);
  return row;
}
}  // namespace

Result<std::vector<MessageRow>> SqliteStore::ListMessages(const std::string& report_id) {
  Reader r(this);
  if (!r.ok()) return r.error();
  return Collect<MessageRow>(
      r.conn(), "SELECT seq, author, sent_on, body FROM messages WHERE report_id=? ORDER BY seq",
      [&report_id](const Stmt& st) {
        return MessageRow{report_id, st.Int(0), st.Text(1), st.Text(2), st.Text(3)};
      },
      report_id);
}

Result<std::vector<FileRow>> SqliteStore::ListFiles(const std::string& report_id,
                                                    bool with_content) {
  Reader r(this);
  if (!r.ok()) return r.error();
  return Collect<FileRow>(
      r.conn(),
      with_content ? "SELECT seq, wrapped_key, sealed_meta, content FROM files "
                     "WHERE report_id=? ORDER BY seq"
                   : "SELECT seq, wrapped_key, sealed_meta, x'' FROM files "
                     "WHERE report_id=? ORDER BY seq",
      [&report_id](const Stmt& st) {
        return FileRow{report_id, st.Int(0), st.Text(1), st.Text(2), st.Text(3)};
      },
      report_id);
}

Result<std::int64_t> SqliteStore::CountReports() {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare("SELECT COUNT(*) FROM reports");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  if (st.Step() != SQLITE_ROW) return Unavailable("database error: " + r.conn().LastError());
  return st.Int(0);
}

Status SqliteStore::PutPorts(const std::vector<PortRow>& ports) {
  return RunSync([&ports](Conn& c) -> Status {
    auto s = c.Prepare(
        "INSERT INTO ports(code, name, subdivision, status) VALUES(?,?,?,?) "
        "ON CONFLICT(code) DO UPDATE SET name=excluded.name, subdivision=excluded.subdivision, "
        "status=excluded.status");
    if (!s.ok()) return s.error();
    for (const auto& p : ports) {
      Stmt st(*s);
      st.Bind(1, p.code).Bind(2, p.name).Bind(3, p.subdivision).Bind(4, p.status);
      if (st.Step() != SQLITE_DONE) return Unavailable("cannot store port: " + c.LastError());
    }
    return Status::Ok();
  });
}

Result<std::vector<PortRow>> SqliteStore::LoadPorts() {
  Reader r(this);
  if (!r.ok()) return r.error();
  return Collect<PortRow>(r.conn(),
                          "SELECT code, name, subdivision, status FROM ports ORDER BY code",
                          [](const Stmt& st) {
                            return PortRow{st.Text(0), st.Text(1), st.Text(2), st.Text(3)};
                          });
}

Status SqliteStore::PutFacility(const Facility& f) {
  return RunSync([&f](Conn& c) { return InsertFacility(c, f); });
}

Result<std::optional<Facility>> SqliteStore::FindFacility(const std::string& code) {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(
      "SELECT code, port_code, name, operator_group, status, joined_on FROM facilities "
      "WHERE code=?");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, code);
  int rc = st.Step();
  if (rc == SQLITE_DONE) return std::optional<Facility>();
  if (rc != SQLITE_ROW) return Unavailable("database error: " + r.conn().LastError());
  return std::optional<Facility>(ReadFacility(st));
}

}  // namespace portsafe::store
