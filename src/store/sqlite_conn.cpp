#include "store/sqlite_conn.h"

namespace portsafe::store {

Result<Conn*> Conn::Open(const std::string& path, bool read_only) {
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
  return new Conn(db);
}

Conn::~Conn() {
  for (auto& [k, s] : cache_) sqlite3_finalize(s);
  sqlite3_close_v2(db_);
}

Result<sqlite3_stmt*> Conn::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
    return Internal(std::string("SQL does not compile: ") + sqlite3_errmsg(db_));
  }
  cache_.emplace(sql, s);
  return s;
}

Status Conn::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Unavailable("database error: " + msg);
  }
  return Status::Ok();
}

}  // namespace portsafe::store
