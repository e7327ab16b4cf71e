#include "store/sql_store.h"

namespace portsafe::store {
namespace {

Result<std::unique_ptr<SqlStore>> Over(Result<std::unique_ptr<SqlDatabase>> db) {
  if (!db.ok()) return db.error();
  return std::make_unique<SqlStore>(std::move(*db));
}

}  // namespace

Result<std::unique_ptr<SqlStore>> SqlStore::OpenSqlite(const std::string& path,
                                                       SqlOptions options) {
  return Over(SqlDatabase::OpenSqlite(path, options));
}

Result<std::unique_ptr<SqlStore>> SqlStore::OpenPostgres(const std::string& url,
                                                         SqlOptions options) {
  return Over(SqlDatabase::OpenPostgres(url, options));
}

Result<std::unique_ptr<SqlStore>> SqlStore::Open(const std::string& location, SqlOptions options) {
  return Over(SqlDatabase::Open(location, options));
}

SqlStore::SqlStore(std::unique_ptr<SqlDatabase> db)
    : db_(std::move(db)),
      reports_(db_.get()),
      staff_(db_.get()),
      membership_(db_.get()),
      links_(db_.get()),
      cluster_(db_.get()),
      alerts_(db_.get()) {}

// The writer's completions may use the stores: it stops first.
SqlStore::~SqlStore() { Close(); }

}  // namespace portsafe::store
