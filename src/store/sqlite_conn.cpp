#include "store/sqlite_conn.h"

namespace portsafe::store {
namespace {

class SqliteStatement final : public Statement {
 public:
  explicit SqliteStatement(sqlite3_stmt* s) : s_(s) {}
  ~SqliteStatement() override { sqlite3_finalize(s_); }

  void BindText(int i, std::string_view text) override {
    sqlite3_bind_text(s_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void BindBlob(int i, std::string_view bytes) override {
    sqlite3_bind_blob(s_, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  }
  void BindInt(int i, std::int64_t v) override { sqlite3_bind_int64(s_, i, v); }
  int Step() override {
    switch (sqlite3_step(s_)) {
      case SQLITE_ROW:
        return kRow;
      case SQLITE_DONE:
        return kDone;
      case SQLITE_CONSTRAINT_PRIMARYKEY:
      case SQLITE_CONSTRAINT_UNIQUE:
        return kUniqueViolation;
      case SQLITE_CONSTRAINT_FOREIGNKEY:
        return kForeignKeyViolation;
      case SQLITE_CONSTRAINT_NOTNULL:
      case SQLITE_CONSTRAINT_CHECK:
        return kBadValue;
      default:
        return kDbError;
    }
  }
  std::string Text(int col) const override {
    const void* p = sqlite3_column_blob(s_, col);
    int n = sqlite3_column_bytes(s_, col);
    return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
  }
  std::int64_t Int(int col) const override { return sqlite3_column_int64(s_, col); }
  void Reset() override {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }

 private:
  sqlite3_stmt* s_;
};

}  // namespace

Result<std::unique_ptr<SqliteConn>> SqliteConn::Open(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Unavailable("cannot open database: " + msg);
  }
  sqlite3_busy_timeout(db, 5000);
  if (read_only) {
    sqlite3_exec(db, "PRAGMA cache_size=-16384; PRAGMA mmap_size=268435456", nullptr, nullptr,
                 nullptr);
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<SqliteConn>(new SqliteConn(db));
}

SqliteConn::~SqliteConn() {
  cache_.clear();
  sqlite3_close_v2(db_);
}

Result<Statement*> SqliteConn::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second.get();
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
    return Internal(std::string("SQL does not compile: ") + sqlite3_errmsg(db_));
  }
  auto owned = std::make_unique<SqliteStatement>(s);
  Statement* out = owned.get();
  cache_.emplace(sql, std::move(owned));
  return out;
}

Status SqliteConn::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return DatabaseUnavailable(msg);
  }
  return Status::Ok();
}

}  // namespace portsafe::store
