// The PostgreSQL connection (libpq). Statements are written with `?`
// parameters like SQLite's and numbered ($1, $2, ...) here; each is prepared
// on the server at its first run with the types then bound (text, bytea,
// bigint), and results come back in binary, so blobs travel as bytes.
#pragma once

#include <libpq-fe.h>

#include <map>
#include <memory>
#include <string>

#include "store/sql_conn.h"

namespace portsafe::store {

class PgConn final : public Conn {
 public:
  // Connects with a libpq connection string or URI (postgresql://...).
  static Result<std::unique_ptr<PgConn>> Open(const std::string& url);
  ~PgConn() override;
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }
  Result<Statement*> Prepare(const char* sql) override;
  Status Exec(const char* sql) override;
  std::string LastError() const override { return last_error_; }
  std::int64_t Changes() const override { return changes_; }
  Status Begin() override { return Exec("BEGIN"); }
  Status LockFor(std::string_view name) override;
  Status SetSecureDelete(bool) override { return Status::Ok(); }

  // A broken connection is reset before the writer's next transaction or
  // dropped from the readers' pool. Reconnecting keeps the statement cache
  // (statements are prepared again on the new server session).
  bool Healthy() const override { return PQstatus(pg_) == CONNECTION_OK; }
  bool Reconnect() override;

  // For PgStatement.
  PGconn* pg() { return pg_; }
  std::string NextStatementName() { return "ps" + std::to_string(++statements_); }
  std::uint64_t session() const { return session_; }
  void set_result(std::int64_t changes, std::string error) {
    changes_ = changes;
    last_error_ = std::move(error);
  }

 private:
  explicit PgConn(PGconn* pg) : pg_(pg) {}
  PGconn* pg_;
  std::map<const char*, std::unique_ptr<Statement>> cache_;  // keyed by the literal's address
  std::int64_t changes_ = 0;
  std::string last_error_;
  std::uint64_t statements_ = 0;
  std::uint64_t session_ = 1;  // bumped by Reconnect: server-side statements are gone
};

// Whether `url` names a PostgreSQL database (postgresql:// or postgres://).
bool IsPostgresUrl(std::string_view url);

}  // namespace portsafe::store
