// The one database object under the SQL stores (sql_store.h): a connection
// to SQLite (the embedded default) or PostgreSQL (several nodes on one
// database), its writer thread and its pool of read connections, and the
// schema from one list of migrations (store/schema.h).
//
// All writes go through one writer thread that takes every queued write,
// runs them in one transaction (each in its own savepoint when one fails, so
// one failing write does not undo the others) and commits once: group
// commit, one flush to disk for many reports. A write's `done` runs on the
// writer thread once it is durable. Reads use a small pool of connections.
//
// SQLite: WAL journal with synchronous=FULL; secure_delete is on, so deleted
// rows are overwritten; tables are WITHOUT ROWID with random keys, so the
// file's physical order does not reveal the order in which reports arrived.
// PostgreSQL: the server's own durability (synchronous_commit); writers of
// several nodes serialise where order matters (Conn::LockFor).
//
// Thread-safe. The stores over it borrow it; it must outlive them.
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

#include "common/result.h"
#include "store/sql_conn.h"
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
  // SQLite: the write-ahead log is copied into the database file and
  // emptied (a TRUNCATE checkpoint) once writes have stopped for
  // `checkpoint_idle`, and at least every `checkpoint_every` transactions
  // under steady load, so that old versions of rows do not linger in it
  // (docs/security.md, "Times at rest"). A checkpoint that a reader holds up
  // is tried again at the next pause. Under steady load SQLite's own
  // checkpoints already reuse the log from its start; one every 512
  // transactions cost 18% of the intake rate (bench/intake_bench.sh).
  std::chrono::milliseconds checkpoint_idle{500};
  size_t checkpoint_every = 8192;
};

class SqlDatabase {
 public:
  // Opens (creating if needed) the SQLite database at `path` and brings its
  // schema up to date.
  static Result<std::unique_ptr<SqlDatabase>> OpenSqlite(const std::string& path,
                                                         SqlOptions options = {});
  // Connects to the PostgreSQL database `url` (postgresql://...) and brings
  // its schema up to date.
  static Result<std::unique_ptr<SqlDatabase>> OpenPostgres(const std::string& url,
                                                           SqlOptions options = {});
  // PostgreSQL when `location` is a postgresql:// URL, else the SQLite file
  // at that path.
  static Result<std::unique_ptr<SqlDatabase>> Open(const std::string& location,
                                                   SqlOptions options = {});
  SqlDatabase(const SqlDatabase&) = delete;
  SqlDatabase& operator=(const SqlDatabase&) = delete;
  ~SqlDatabase();  // Close()

  Dialect dialect() const { return dialect_; }

  using Apply = std::function<Status(Conn&)>;
  // Queues a write for the writer thread; `done` runs there once it is
  // committed (or refused: kUnavailable when the queue is full or closed).
  void Enqueue(Apply apply, WriteDone done);
  // Runs `apply` through the writer and waits for its commit.
  Status RunSync(Apply apply);
  // Runs `fn` in one write transaction through the writer, waiting for the
  // commit; an error from `fn` undoes everything it wrote (restore).
  Status Transaction(Apply fn) { return RunSync(std::move(fn)); }
  // Runs `fn` on a read connection inside one read-only snapshot (the
  // backup reads every table as of one moment while writes go on).
  Status Snapshot(const std::function<Status(Conn&)>& fn);
  // After reports were deleted: SQLite empties its write-ahead log,
  // PostgreSQL vacuums the tables that held them.
  Status AfterPurge();
  // Stops taking writes (they fail with kUnavailable), waits until every
  // queued write is committed and its completion has run, and stops the
  // writer thread. Reads still work. Idempotent. Completions run during
  // this, so what they use must still be alive.
  void Close();

  // A read connection borrowed from the pool for one call.
  class Reader {
   public:
    explicit Reader(SqlDatabase* db) : db_(db), c_(db->AcquireReader()) {}
    ~Reader() {
      if (c_.ok()) db_->ReleaseReader(std::move(*c_));
    }
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;
    bool ok() const { return c_.ok(); }
    const Error& error() const { return c_.error(); }
    Conn& conn() { return **c_; }

   private:
    SqlDatabase* db_;
    Result<std::unique_ptr<Conn>> c_;
  };

 private:
  struct WriteOp {
    Apply apply;
    WriteDone done;
  };
  using OpenConn = std::function<Result<std::unique_ptr<Conn>>()>;
  // `open_reader` makes a read connection; `after_purge` runs after reports
  // were deleted.
  // `checkpoint` (SQLite only; may be null) empties the log on the writer's
  // connection and answers whether it could do it all.
  SqlDatabase(Dialect dialect, SqlOptions options, std::unique_ptr<Conn> writer,
              OpenConn open_reader, std::function<Status()> after_purge,
              std::function<bool(Conn&)> checkpoint);
  void WriterLoop();
  void CommitBatch(std::vector<WriteOp>& batch);
  Result<std::unique_ptr<Conn>> AcquireReader();
  void ReleaseReader(std::unique_ptr<Conn> conn);

  const Dialect dialect_;
  const SqlOptions options_;
  const OpenConn open_reader_;
  const std::function<Status()> after_purge_;
  const std::function<bool(Conn&)> checkpoint_;
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
