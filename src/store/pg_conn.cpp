#include "store/pg_conn.h"

#include <endian.h>

#include <cstdlib>
#include <cstring>
#include <vector>

namespace portsafe::store {
namespace {

// Type OIDs of the types the store binds and reads (pg_type.h; libpq does
// not export them).
constexpr Oid kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23,
              kTextOid = 25;

// "?" placeholders become $1, $2, ... (the store's SQL has no "?" in literals).
std::string Number(const char* sql, int* count) {
  std::string out;
  int n = 0;
  for (const char* p = sql; *p != '\0'; ++p) {
    if (*p == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += *p;
    }
  }
  *count = n;
  return out;
}

std::string ErrorText(PGconn* pg, const PGresult* res) {
  const char* m = res ? PQresultErrorMessage(res) : nullptr;
  std::string msg = (m && *m) ? m : PQerrorMessage(pg);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return msg;
}

// Maps a failed statement's SQLSTATE to a StepCode.
int CodeOf(const PGresult* res) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  if (state == nullptr) return kDbError;
  if (std::strcmp(state, "23505") == 0) return kUniqueViolation;
  if (std::strcmp(state, "23503") == 0) return kForeignKeyViolation;
  if (std::strncmp(state, "22", 2) == 0 || std::strcmp(state, "23502") == 0 ||
      std::strcmp(state, "23514") == 0) {
    return kBadValue;  // data exception, not-null or check violation
  }
  return kDbError;
}

class PgStatement final : public Statement {
 public:
  PgStatement(PgConn* conn, const char* sql) : conn_(conn) {
    sql_ = Number(sql, &count_);
    values_.resize(static_cast<size_t>(count_));
    types_.assign(static_cast<size_t>(count_), 0);
    bound_.assign(static_cast<size_t>(count_), false);
  }
  ~PgStatement() override { PQclear(res_); }

  void BindText(int i, std::string_view text) override { Set(i, kTextOid, text); }
  void BindBlob(int i, std::string_view bytes) override { Set(i, kByteaOid, bytes); }
  void BindInt(int i, std::int64_t v) override {
    std::uint64_t be = htobe64(static_cast<std::uint64_t>(v));
    Set(i, kInt8Oid, std::string_view(reinterpret_cast<const char*>(&be), sizeof(be)));
  }

  int Step() override {
    if (res_ == nullptr) {
      int rc = Execute();
      if (rc != kRow) return rc;
      row_ = 0;
    } else {
      ++row_;
    }
    return row_ < PQntuples(res_) ? kRow : kDone;
  }

  std::string Text(int col) const override {
    if (res_ == nullptr || PQgetisnull(res_, row_, col)) return {};
    return std::string(PQgetvalue(res_, row_, col),
                       static_cast<size_t>(PQgetlength(res_, row_, col)));
  }

  std::int64_t Int(int col) const override {
    if (res_ == nullptr || PQgetisnull(res_, row_, col)) return 0;
    const char* v = PQgetvalue(res_, row_, col);
    switch (PQftype(res_, col)) {
      case kInt8Oid: {
        std::uint64_t be;
        std::memcpy(&be, v, sizeof(be));
        return static_cast<std::int64_t>(be64toh(be));
      }
      case kInt4Oid: {
        std::uint32_t be;
        std::memcpy(&be, v, sizeof(be));
        return static_cast<std::int32_t>(be32toh(be));
      }
      case kInt2Oid: {
        std::uint16_t be;
        std::memcpy(&be, v, sizeof(be));
        return static_cast<std::int16_t>(be16toh(be));
      }
      case kBoolOid:
        return v[0] != 0 ? 1 : 0;
      default:
        return 0;  // not an integer column: a bug the store's tests catch
    }
  }

  void Reset() override {
    PQclear(res_);
    res_ = nullptr;
    row_ = 0;
    bound_.assign(bound_.size(), false);
    types_.assign(types_.size(), 0);
  }

 private:
  void Set(int i, Oid type, std::string_view bytes) {
    if (i < 1 || i > count_) return;
    auto k = static_cast<size_t>(i - 1);
    values_[k].assign(bytes.data(), bytes.size());
    types_[k] = type;
    bound_[k] = true;
  }

  // Prepares (once per parameter types and server session) and runs.
  int Execute() {
    PGconn* pg = conn_->pg();
    if (session_ != conn_->session()) {
      names_.clear();
      session_ = conn_->session();
    }
    std::string signature;
    for (Oid t : types_) signature += std::to_string(t) + ",";
    auto it = names_.find(signature);
    if (it == names_.end()) {
      std::string name = conn_->NextStatementName();
      PGresult* p = PQprepare(pg, name.c_str(), sql_.c_str(), count_, types_.data());
      bool ok = PQresultStatus(p) == PGRES_COMMAND_OK;
      if (!ok) conn_->set_result(0, "SQL does not compile: " + ErrorText(pg, p));
      int code = CodeOf(p);
      PQclear(p);
      if (!ok) return code == kBadValue ? kBadValue : kDbError;
      it = names_.emplace(signature, name).first;
    }
    std::vector<const char*> values(static_cast<size_t>(count_));
    std::vector<int> lengths(static_cast<size_t>(count_)), formats(static_cast<size_t>(count_), 1);
    for (size_t k = 0; k < values.size(); ++k) {
      values[k] = bound_[k] ? values_[k].data() : nullptr;
      lengths[k] = static_cast<int>(values_[k].size());
    }
    res_ = PQexecPrepared(pg, it->second.c_str(), count_, values.data(), lengths.data(),
                          formats.data(), 1);
    ExecStatusType status = PQresultStatus(res_);
    if (status == PGRES_TUPLES_OK) {
      conn_->set_result(0, "");
      return kRow;
    }
    if (status == PGRES_COMMAND_OK) {
      const char* n = PQcmdTuples(res_);
      conn_->set_result(n && *n ? std::atoll(n) : 0, "");
      return kRow;
    }
    conn_->set_result(0, ErrorText(pg, res_));
    int code = CodeOf(res_);
    PQclear(res_);
    res_ = nullptr;
    return code;
  }

  PgConn* conn_;
  std::string sql_;
  int count_ = 0;
  std::vector<std::string> values_;
  std::vector<Oid> types_;
  std::vector<bool> bound_;
  std::map<std::string, std::string> names_;  // parameter types -> server-side name
  std::uint64_t session_ = 0;
  PGresult* res_ = nullptr;
  int row_ = 0;
};

void IgnoreNotice(void*, const char*) {}

}  // namespace

bool IsPostgresUrl(std::string_view url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<PgConn>> PgConn::Open(const std::string& url) {
  PGconn* pg = PQconnectdb(url.c_str());
  if (pg == nullptr) return Unavailable("cannot connect to PostgreSQL: out of memory");
  if (PQstatus(pg) != CONNECTION_OK) {
    std::string msg = ErrorText(pg, nullptr);
    PQfinish(pg);
    return DatabaseUnavailable("cannot connect to PostgreSQL: " + msg);
  }
  // Notices ("already exists, skipping") would go to stderr.
  PQsetNoticeProcessor(pg, IgnoreNotice, nullptr);
  std::unique_ptr<PgConn> conn(new PgConn(pg));
  if (auto st = conn->Exec("SET client_min_messages = warning"); !st.ok()) return st.error();
  return conn;
}

PgConn::~PgConn() {
  cache_.clear();
  PQfinish(pg_);
}

bool PgConn::Reconnect() {
  PQreset(pg_);
  if (PQstatus(pg_) != CONNECTION_OK) return false;
  ++session_;
  PQsetNoticeProcessor(pg_, IgnoreNotice, nullptr);
  return Exec("SET client_min_messages = warning").ok();
}

Result<Statement*> PgConn::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second.get();
  auto owned = std::make_unique<PgStatement>(this, sql);
  Statement* out = owned.get();
  cache_.emplace(sql, std::move(owned));
  return out;
}

Status PgConn::Exec(const char* sql) {
  PGresult* res = PQexec(pg_, sql);
  ExecStatusType status = PQresultStatus(res);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    const char* n = PQcmdTuples(res);
    set_result(n && *n ? std::atoll(n) : 0, "");
    PQclear(res);
    return Status::Ok();
  }
  std::string msg = ErrorText(pg_, res);
  PQclear(res);
  set_result(0, msg);
  return DatabaseUnavailable(msg);
}

Status PgConn::LockFor(std::string_view name) {
  static constexpr const char* kLock = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))";
  auto s = Prepare(kLock);
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, name);
  if (st.Step() != kRow) return DatabaseUnavailable(last_error_);
  return Status::Ok();
}

}  // namespace portsafe::store
