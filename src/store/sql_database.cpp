#include "store/sql_database.h"

#include <pthread.h>

#include <future>

#include "store/pg_conn.h"
#include "store/schema.h"
#include "store/sqlite_conn.h"

namespace portsafe::store {

Result<std::unique_ptr<SqlDatabase>> SqlDatabase::OpenSqlite(const std::string& path,
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
  // On the writer's own connection, between transactions: without waiting
  // for readers (a reader on an older snapshot makes it partial; the next
  // pause tries again).
  auto checkpoint = [](Conn& c) -> bool {
    if (!c.Exec("PRAGMA busy_timeout=0").ok()) return false;
    bool complete = false;
    if (auto q = c.Prepare("PRAGMA wal_checkpoint(TRUNCATE)"); q.ok()) {
      Stmt st(*q);
      complete = st.Step() == kRow && st.Int(0) == 0;  // columns: busy, log frames, copied
    }
    (void)c.Exec("PRAGMA busy_timeout=5000");
    return complete;
  };
  return std::unique_ptr<SqlDatabase>(new SqlDatabase(Dialect::kSqlite, options, std::move(*conn),
                                                      std::move(open_reader),
                                                      std::move(after_purge), checkpoint));
}

Result<std::unique_ptr<SqlDatabase>> SqlDatabase::OpenPostgres(const std::string& url,
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
  return std::unique_ptr<SqlDatabase>(new SqlDatabase(Dialect::kPostgres, options, std::move(*conn),
                                                      std::move(open_reader),
                                                      std::move(after_purge), nullptr));
}

Result<std::unique_ptr<SqlDatabase>> SqlDatabase::Open(const std::string& location,
                                                       SqlOptions options) {
  return IsPostgresUrl(location) ? OpenPostgres(location, options) : OpenSqlite(location, options);
}

SqlDatabase::SqlDatabase(Dialect dialect, SqlOptions options, std::unique_ptr<Conn> writer,
                         OpenConn open_reader, std::function<Status()> after_purge,
                         std::function<bool(Conn&)> checkpoint)
    : dialect_(dialect),
      options_(options),
      open_reader_(std::move(open_reader)),
      after_purge_(std::move(after_purge)),
      checkpoint_(std::move(checkpoint)),
      writer_conn_(std::move(writer)) {
  writer_ = std::thread([this] { WriterLoop(); });
}

SqlDatabase::~SqlDatabase() { Close(); }

void SqlDatabase::Close() {
  std::call_once(closed_, [this] {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    writer_.join();
  });
}

void SqlDatabase::Enqueue(Apply apply, WriteDone done) {
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

void SqlDatabase::WriterLoop() {
  pthread_setname_np(pthread_self(), "ps-writer");
  std::vector<WriteOp> batch;
  bool unflushed = false;       // committed since the log was last emptied
  size_t since_checkpoint = 0;  // transactions since then
  auto checkpoint = [&] {
    unflushed = !checkpoint_(*writer_conn_);
    since_checkpoint = 0;
  };
  for (;;) {
    {
      std::unique_lock lock(mu_);
      auto ready = [this] { return stopping_ || !queue_.empty(); };
      if (checkpoint_ && unflushed) {
        if (!cv_.wait_for(lock, options_.checkpoint_idle, ready)) {
          lock.unlock();
          checkpoint();  // writes have paused
          continue;
        }
      } else {
        cv_.wait(lock, ready);
      }
      if (queue_.empty()) {  // stopping and drained
        lock.unlock();
        if (checkpoint_ && unflushed) checkpoint();
        return;
      }
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
    unflushed = true;
    if (checkpoint_ && ++since_checkpoint >= options_.checkpoint_every) checkpoint();
  }
}

void SqlDatabase::CommitBatch(std::vector<WriteOp>& batch) {
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

Status SqlDatabase::RunSync(Apply apply) {
  std::promise<Status> p;
  auto f = p.get_future();
  Enqueue(std::move(apply), [&p](Status s) { p.set_value(std::move(s)); });
  return f.get();
}

Status SqlDatabase::Snapshot(const std::function<Status(Conn&)>& fn) {
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

Result<std::unique_ptr<Conn>> SqlDatabase::AcquireReader() {
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

void SqlDatabase::ReleaseReader(std::unique_ptr<Conn> conn) {
  if (!conn->Healthy()) return;  // the server went away: the next read connects anew
  std::lock_guard lock(readers_mu_);
  if (readers_.size() < options_.max_readers) readers_.push_back(std::move(conn));
}

Status SqlDatabase::AfterPurge() { return after_purge_ ? after_purge_() : Status::Ok(); }

}  // namespace portsafe::store
