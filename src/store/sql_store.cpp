#include "store/sql_store.h"

#include "store/pg_conn.h"
#include "store/schema.h"
#include "store/sql_helpers.h"
#include "store/sqlite_conn.h"

#include <pthread.h>

#include <future>

namespace portsafe::store {
namespace {

Result<ReportRow> ReadReportRow(Conn& c, Stmt& st);

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
    if (st.Step() != kDone) return Unavailable("cannot store file: " + c.LastError());
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<SqlStore>> SqlStore::OpenSqlite(const std::string& path,
                                                       SqlOptions options) {
  auto conn = SqliteConn::Open(path, false);
  if (!conn.ok()) return conn.error();
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA secure_delete=ON",
        "PRAGMA foreign_keys=ON", "PRAGMA wal_autocheckpoint=20000",
        "PRAGMA journal_size_limit=67108864", "PRAGMA cache_size=-16384",
        "PRAGMA mmap_size=268435456", "PRAGMA temp_store=MEMORY"}) {
    if (auto st = (*conn)->Exec(pragma); !st.ok()) return st.error();
  }
  if (auto st = Migrate(**conn); !st.ok()) return st.error();
  auto open_reader = [path]() -> Result<std::unique_ptr<Conn>> {
    auto c = SqliteConn::Open(path, true);
    if (!c.ok()) return c.error();
    return std::unique_ptr<Conn>(std::move(*c));
  };
  // Pooled readers are read-only and the writer runs in transactions: a
  // connection of its own copies the log into the file and empties it.
  auto after_purge = [path]() -> Status {
    auto c = SqliteConn::Open(path, false);
    if (!c.ok()) return c.error();
    (void)(*c)->Exec("PRAGMA busy_timeout=5000");
    return (*c)->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  };
  return std::unique_ptr<SqlStore>(new SqlStore(Dialect::kSqlite, options, std::move(*conn),
                                                std::move(open_reader), std::move(after_purge)));
}

Result<std::unique_ptr<SqlStore>> SqlStore::OpenPostgres(const std::string& url,
                                                         SqlOptions options) {
  auto conn = PgConn::Open(url);
  if (!conn.ok()) return conn.error();
  if (auto st = Migrate(**conn); !st.ok()) return st.error();
  auto open_reader = [url]() -> Result<std::unique_ptr<Conn>> {
    auto c = PgConn::Open(url);
    if (!c.ok()) return c.error();
    return std::unique_ptr<Conn>(std::move(*c));
  };
  // Deleted rows stay in the tables' files until vacuumed: vacuum the tables
  // that held report content now (they are ciphertext either way;
  // docs/deployment.md says how the disks are kept).
  auto after_purge = [url]() -> Status {
    auto c = PgConn::Open(url);
    if (!c.ok()) return c.error();
    return (*c)->Exec("VACUUM reports, messages, files, handling, packages, package_messages");
  };
  return std::unique_ptr<SqlStore>(new SqlStore(Dialect::kPostgres, options, std::move(*conn),
                                                std::move(open_reader), std::move(after_purge)));
}

Result<std::unique_ptr<SqlStore>> SqlStore::Open(const std::string& location, SqlOptions options) {
  return IsPostgresUrl(location) ? OpenPostgres(location, options) : OpenSqlite(location, options);
}

SqlStore::SqlStore(Dialect dialect, SqlOptions options, std::unique_ptr<Conn> writer,
                   OpenConn open_reader, std::function<Status()> after_purge)
    : dialect_(dialect),
      options_(options),
      open_reader_(std::move(open_reader)),
      after_purge_(std::move(after_purge)),
      writer_conn_(std::move(writer)) {
  writer_ = std::thread([this] { WriterLoop(); });
}

SqlStore::~SqlStore() { Close(); }

void SqlStore::Close() {
  std::call_once(closed_, [this] {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    writer_.join();
  });
}

void SqlStore::Enqueue(Apply apply, WriteDone done) {
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

void SqlStore::WriterLoop() {
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

void SqlStore::CommitBatch(std::vector<WriteOp>& batch) {
  Conn& c = *writer_conn_;
  if (!c.Healthy()) (void)c.Reconnect();  // the server restarted: try once per batch
  // Fast path: every write in one transaction with no savepoints. Writes
  // rarely fail (a failure is a bug or a full disk), so when one does, the
  // whole transaction is rolled back and the batch replayed below with a
  // savepoint around each write, so only the failing one is refused.
  if (c.Begin().ok()) {
    bool all_ok = true;
    for (auto& op : batch) {
      if (!op.apply(c).ok()) {
        all_ok = false;
        break;
      }
    }
    if (all_ok && c.Exec("COMMIT").ok()) {
      for (auto& op : batch) op.done(Status::Ok());
      return;
    }
    (void)c.Exec("ROLLBACK");
  }
  std::vector<Status> results;
  results.reserve(batch.size());
  Status begin = c.Begin();
  if (begin.ok()) {
    for (auto& op : batch) {
      Status st = c.Exec("SAVEPOINT w");
      if (st.ok()) {
        st = op.apply(c);
        if (st.ok()) {
          st = c.Exec("RELEASE w");
        } else {
          (void)c.Exec("ROLLBACK TO w");
          (void)c.Exec("RELEASE w");
        }
      }
      results.push_back(st);
    }
    Status commit = c.Exec("COMMIT");
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

Status SqlStore::RunSync(Apply apply) {
  std::promise<Status> p;
  auto f = p.get_future();
  Enqueue(std::move(apply), [&p](Status s) { p.set_value(std::move(s)); });
  return f.get();
}

void SqlStore::CreateReport(ReportRow r, std::vector<FileRow> files, WriteDone done) {
  Enqueue(
      [r = std::move(r), files = std::move(files)](Conn& c) -> Status {
        // PostgreSQL: the report, its tally and its place on the link
        // index's waiting list in one statement, one round trip instead of
        // three (the writer waits for each; docs/performance.md). SQLite
        // runs in-process and has no data-modifying WITH.
        const bool one_trip = c.dialect() == Dialect::kPostgres;
        auto s = c.Prepare(
            one_trip
                ? "WITH r AS (INSERT INTO reports(id, lookup_id, port_code, facility_code, "
                  "category, status, priority, received_on, sealed_key, receipt_wrapped_key, "
                  "body) VALUES(?,?,?,?,?,?,?,?,?,?,?) RETURNING id, facility_code, port_code), "
                  "t AS (INSERT INTO tallies(metric, facility_code, port_code, month, key, count) "
                  "SELECT 'reports', facility_code, port_code, CAST(? AS TEXT), CAST(? AS TEXT), 1 "
                  "FROM r ON CONFLICT(metric, facility_code, port_code, month, key) "
                  "DO UPDATE SET count = tallies.count + 1) "
                  "INSERT INTO link_pending(report_id) SELECT id FROM r ON CONFLICT DO NOTHING"
                : "INSERT INTO reports(id, lookup_id, port_code, facility_code, category, status, "
                  "priority, received_on, sealed_key, receipt_wrapped_key, body) "
                  "VALUES(?,?,?,?,?,?,?,?,?,?,?)");
        if (!s.ok()) return s.error();
        {
          Stmt st(*s);
          st.Bind(1, r.id).BindBlob(2, r.lookup_id).Bind(3, r.port_code).Bind(4, r.facility_code);
          st.Bind(5, r.category).Bind(6, core::ToString(r.status));
          st.Bind(7, static_cast<std::int64_t>(r.priority));
          st.Bind(8, r.received_on).BindBlob(9, r.sealed_key).BindBlob(10, r.receipt_wrapped_key);
          st.BindBlob(11, r.body);
          if (one_trip) st.Bind(12, r.received_on.substr(0, 7)).Bind(13, r.category);
          if (st.Step() != kDone) return Unavailable("cannot store report: " + c.LastError());
        }
        if (!one_trip) {
          if (auto st = AddTallies(c, r.id, {{"reports", r.received_on.substr(0, 7), r.category}});
              !st.ok()) {
            return st;
          }
          if (auto st = MarkLinkPending(c, r.id); !st.ok()) return st;
        }
        return InsertFiles(c, r.id, 1, files);
      },
      std::move(done));
}

void SqlStore::AppendMessage(MessageRow m, WriteDone done) {
  Enqueue(
      [m = std::move(m)](Conn& c) -> Status {
        if (auto st = c.LockFor("messages:" + m.report_id); !st.ok()) return st;
        auto next = c.Prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE report_id=?");
        if (!next.ok()) return next.error();
        std::int64_t seq;
        {
          Stmt st(*next);
          st.Bind(1, m.report_id);
          if (st.Step() != kRow) return Unavailable("database error: " + c.LastError());
          seq = st.Int(0);
        }
        auto ins = c.Prepare(
            "INSERT INTO messages(report_id, seq, author, sent_on, body) VALUES(?,?,?,?,?)");
        if (!ins.ok()) return ins.error();
        {
          Stmt st(*ins);
          st.Bind(1, m.report_id).Bind(2, seq).Bind(3, m.author).Bind(4, m.sent_on);
          st.BindBlob(5, m.body);
          if (st.Step() != kDone) return NotFound("no such report");
        }
        // A reporter's words may name more things: index the report again.
        return m.author == "reporter" ? MarkLinkPending(c, m.report_id) : Status::Ok();
      },
      std::move(done));
}

void SqlStore::AddFiles(std::string report_id, std::vector<FileRow> files, size_t max_files,
                        WriteDone done) {
  Enqueue(
      [id = std::move(report_id), files = std::move(files), max_files](Conn& c) -> Status {
        if (auto st = c.LockFor("files:" + id); !st.ok()) return st;
        auto cnt = c.Prepare("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM files WHERE report_id=?");
        if (!cnt.ok()) return cnt.error();
        std::int64_t count, last;
        {
          Stmt st(*cnt);
          st.Bind(1, id);
          if (st.Step() != kRow) return Unavailable("database error: " + c.LastError());
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

Status SqlStore::Snapshot(const std::function<Status(Conn&)>& fn) {
  Reader r(this);
  if (!r.ok()) return r.error();
  Conn& c = r.conn();
  if (auto st =
          c.Exec(dialect_ == Dialect::kPostgres ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                                : "BEGIN");
      !st.ok()) {
    return st;
  }
  Status st = fn(c);
  (void)c.Exec(st.ok() ? "COMMIT" : "ROLLBACK");
  return st;
}

Result<std::unique_ptr<Conn>> SqlStore::AcquireReader() {
  {
    std::lock_guard lock(readers_mu_);
    if (!readers_.empty()) {
      auto c = std::move(readers_.back());
      readers_.pop_back();
      return c;
    }
  }
  return open_reader_();
}

void SqlStore::ReleaseReader(std::unique_ptr<Conn> conn) {
  if (!conn->Healthy()) return;  // the server went away: the next read connects anew
  std::lock_guard lock(readers_mu_);
  if (readers_.size() < options_.max_readers) readers_.push_back(std::move(conn));
}

Result<ReportRow> SqlStore::FindReportByLookup(const std::string& lookup_id) {
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

Result<ReportRow> SqlStore::FindReportById(const std::string& report_id) {
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
  if (rc == kDone) return NotFound("no such report");
  if (rc != kRow) return Unavailable("database error: " + c.LastError());
  ReportRow row;
  row.id = st.Text(0);
  row.lookup_id = st.Text(1);
  row.port_code = st.Text(2);
  row.facility_code = st.Text(3);
  row.category = st.Text(4);
  auto status = core::ParseReportStatus(st.Text(5));
  auto priority = core::PriorityFromInt(st.Int(6));
  if (!status || !priority) return Internal("a report's status or priority is damaged");
  row.status = *status;
  row.priority = *priority;
  row.received_on = st.Text(7);
  row.sealed_key = st.Text(8);
  row.receipt_wrapped_key = st.Text(9);
  row.body = st.Text(10);
  return row;
}
}  // namespace

Result<std::vector<MessageRow>> SqlStore::ListMessages(const std::string& report_id) {
  Reader r(this);
  if (!r.ok()) return r.error();
  return Collect<MessageRow>(
      r.conn(), "SELECT seq, author, sent_on, body FROM messages WHERE report_id=? ORDER BY seq",
      [&report_id](const Stmt& st) {
        return MessageRow{report_id, st.Int(0), st.Text(1), st.Text(2), st.Text(3)};
      },
      report_id);
}

Result<std::vector<FileRow>> SqlStore::ListFiles(const std::string& report_id, bool with_content) {
  Reader r(this);
  if (!r.ok()) return r.error();
  return Collect<FileRow>(
      r.conn(),
      with_content ? "SELECT seq, wrapped_key, sealed_meta, content FROM files "
                     "WHERE report_id=? ORDER BY seq"
                   : "SELECT seq, wrapped_key, sealed_meta, CAST('' AS BLOB) FROM files "
                     "WHERE report_id=? ORDER BY seq",
      [&report_id](const Stmt& st) {
        return FileRow{report_id, st.Int(0), st.Text(1), st.Text(2), st.Text(3)};
      },
      report_id);
}

Result<std::int64_t> SqlStore::CountReports() {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare("SELECT COUNT(*) FROM reports");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  if (st.Step() != kRow) return Unavailable("database error: " + r.conn().LastError());
  return st.Int(0);
}

Status SqlStore::PutPorts(const std::vector<PortRow>& ports) {
  return RunSync([&ports](Conn& c) -> Status {
    auto s = c.Prepare(
        "INSERT INTO ports(code, name, subdivision, status) VALUES(?,?,?,?) "
        "ON CONFLICT(code) DO UPDATE SET name=excluded.name, subdivision=excluded.subdivision, "
        "status=excluded.status");
    if (!s.ok()) return s.error();
    for (const auto& p : ports) {
      Stmt st(*s);
      st.Bind(1, p.code).Bind(2, p.name).Bind(3, p.subdivision).Bind(4, p.status);
      if (st.Step() != kDone) return Unavailable("cannot store port: " + c.LastError());
    }
    return Status::Ok();
  });
}

Result<std::vector<PortRow>> SqlStore::LoadPorts() {
  Reader r(this);
  if (!r.ok()) return r.error();
  return Collect<PortRow>(r.conn(),
                          "SELECT code, name, subdivision, status FROM ports ORDER BY code",
                          [](const Stmt& st) {
                            return PortRow{st.Text(0), st.Text(1), st.Text(2), st.Text(3)};
                          });
}

Status SqlStore::PutFacility(const Facility& f) {
  return RunSync([&f](Conn& c) { return InsertFacility(c, f); });
}

Result<std::optional<Facility>> SqlStore::FindFacility(const std::string& code) {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(
      "SELECT code, port_code, name, operator_group, status, joined_on FROM facilities "
      "WHERE code=?");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, code);
  int rc = st.Step();
  if (rc == kDone) return std::optional<Facility>();
  if (rc != kRow) return Unavailable("database error: " + r.conn().LastError());
  return std::optional<Facility>(ReadFacility(st));
}

}  // namespace portsafe::store
