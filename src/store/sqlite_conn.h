// The SQLite connection: a thin RAII layer over one sqlite3 handle with a
// prepared-statement cache.
#pragma once

#include <sqlite3.h>

#include <map>
#include <memory>
#include <string>

#include "store/sql_conn.h"

namespace portsafe::store {

class SqliteConn final : public Conn {
 public:
  // Opens `path`; read_only connections never write.
  static Result<std::unique_ptr<SqliteConn>> Open(const std::string& path, bool read_only);
  ~SqliteConn() override;
  SqliteConn(const SqliteConn&) = delete;
  SqliteConn& operator=(const SqliteConn&) = delete;

  sqlite3* db() { return db_; }
  Dialect dialect() const override { return Dialect::kSqlite; }
  Result<Statement*> Prepare(const char* sql) override;
  Status Exec(const char* sql) override;
  std::string LastError() const override { return sqlite3_errmsg(db_); }
  std::int64_t Changes() const override { return sqlite3_changes(db_); }
  Status Begin() override { return Exec("BEGIN IMMEDIATE"); }
  Status LockFor(std::string_view) override { return Status::Ok(); }
  bool Healthy() const override { return true; }
  bool Reconnect() override { return true; }
  Status SetSecureDelete(bool on) override {
    return Exec(on ? "PRAGMA secure_delete=ON" : "PRAGMA secure_delete=OFF");
  }

 private:
  explicit SqliteConn(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<const char*, std::unique_ptr<Statement>> cache_;  // keyed by the literal's address
};

}  // namespace portsafe::store
