// What the store's SQL runs on: one connection to SQLite (sqlite_conn.h) or
// PostgreSQL (pg_conn.h). The store writes its SQL once, in the subset both
// understand (`?` parameters, ON CONFLICT, CAST(x AS BLOB)), and reads and
// binds through these classes. Not thread-safe: a connection belongs to one
// thread at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace portsafe::store {

// What one step of a statement gives.
enum StepCode : int {
  kRow = 1,          // a result row is ready to read
  kDone,             // finished (no more rows)
  kUniqueViolation,  // a primary key or unique constraint refused the row
  kForeignKeyViolation,
  kBadValue,  // the database refused a value (e.g. text that is not UTF-8)
  kDbError,   // anything else: the connection, the disk, a bug
};

enum class Dialect { kSqlite, kPostgres };

// The database failed (its connection, its disk, a bug): kUnavailable with
// a message fit for whoever asked, which the store's callers may show as it
// is (common/result.h). The driver's text, `detail`, names servers, tables
// and constraints: it goes to the log, its first line only, and never into
// the answer. Defined in sql_helpers.cpp.
Error DatabaseUnavailable(std::string_view detail);

// A prepared statement, owned by its connection's cache. Use through Stmt.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void BindText(int i, std::string_view text) = 0;
  virtual void BindBlob(int i, std::string_view bytes) = 0;
  virtual void BindInt(int i, std::int64_t v) = 0;
  virtual int Step() = 0;
  // The current row's column `col`: bytes of text or blob ("" for NULL), or
  // an integer (0 for NULL; true is 1).
  virtual std::string Text(int col) const = 0;
  virtual std::int64_t Int(int col) const = 0;
  // Forgets the result and the bindings.
  virtual void Reset() = 0;
};

// A cached statement for one use: reset and unbound when it goes out of scope.
class Stmt {
 public:
  explicit Stmt(Statement* s) : s_(s) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { s_->Reset(); }

  Stmt& Bind(int i, std::string_view text) {
    s_->BindText(i, text);
    return *this;
  }
  Stmt& BindBlob(int i, std::string_view bytes) {
    s_->BindBlob(i, bytes);
    return *this;
  }
  Stmt& Bind(int i, std::int64_t v) {
    s_->BindInt(i, v);
    return *this;
  }
  // kRow, kDone or an error code (StepCode).
  int Step() { return s_->Step(); }
  std::string Text(int col) const { return s_->Text(col); }
  std::int64_t Int(int col) const { return s_->Int(col); }

 private:
  Statement* s_;
};

class Conn {
 public:
  virtual ~Conn() = default;
  virtual Dialect dialect() const = 0;
  // A statement cached by the literal's address (so `sql` must outlive the
  // connection); kInternal when the SQL does not compile.
  virtual Result<Statement*> Prepare(const char* sql) = 0;
  // Runs `sql` (one or more statements, no parameters).
  virtual Status Exec(const char* sql) = 0;
  virtual std::string LastError() const = 0;
  // Rows changed by the last statement that finished.
  virtual std::int64_t Changes() const = 0;
  // Opens a write transaction.
  virtual Status Begin() = 0;
  // Within a write transaction: waits until no other connection holds the
  // lock named `name` (until this transaction ends). SQLite has one writer
  // at a time anyway; PostgreSQL serialises writers of several nodes on it
  // (an audit chain, a report's message numbers).
  virtual Status LockFor(std::string_view name) = 0;
  // Whether the connection still stands, and standing it up again after the
  // server went away (PostgreSQL; a SQLite file does not go away).
  virtual bool Healthy() const = 0;
  virtual bool Reconnect() = 0;
  // Whether freed pages are overwritten (SQLite's secure_delete); no-op
  // where the database has no such switch.
  virtual Status SetSecureDelete(bool on) = 0;
};

}  // namespace portsafe::store
