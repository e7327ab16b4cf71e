// SqliteStore's StaffStore half: accounts, grants, agencies, audit log and
// handling state. Where a staff row is written.
#include "store/sqlite_store.h"

namespace portsafe::store {
namespace {

constexpr const char* kUserColumns =
    "id, email, role, agency_code, facility_code, created_on, pw_salt, pw_ops, pw_mem, "
    "pw_verifier, public_key, wrapped_by_password, wrapped_by_recovery, totp_sealed, "
    "failed_logins, locked_until, totp_last_step, disabled";

UserRow ReadUser(const Stmt& st) {
  UserRow u;
  u.id = st.Text(0);
  u.email = st.Text(1);
  u.role = st.Text(2);
  u.agency_code = st.Text(3);
  u.facility_code = st.Text(4);
  u.created_on = st.Text(5);
  u.pw_salt = st.Text(6);
  u.pw_ops = st.Int(7);
  u.pw_mem = st.Int(8);
  u.pw_verifier = st.Text(9);
  u.public_key = st.Text(10);
  u.wrapped_by_password = st.Text(11);
  u.wrapped_by_recovery = st.Text(12);
  u.totp_sealed = st.Text(13);
  u.failed_logins = st.Int(14);
  u.locked_until = st.Int(15);
  u.totp_last_step = st.Int(16);
  u.disabled = st.Int(17) != 0;
  return u;
}

Error DbError(Conn& c) { return Unavailable("database error: " + c.LastError()); }

// Runs a prepared single-row statement; `changed` reports whether a row was
// touched.
Status StepDone(Conn& c, Stmt& st, bool* changed = nullptr) {
  int rc = st.Step();
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE ||
      rc == SQLITE_CONSTRAINT) {
    return AlreadyExists("already exists");
  }
  if (rc != SQLITE_DONE) return DbError(c);
  if (changed) *changed = sqlite3_changes(c.db()) > 0;
  return Status::Ok();
}

constexpr const char* kHandlingSelect =
    "SELECT r.id, r.status, r.priority, r.category, r.port_code, r.facility_code, "
    "r.received_on, COALESCE(h.assigned_to, ''), COALESCE(h.acknowledged_on, ''), "
    "COALESCE(h.feedback_on, ''), COALESCE(h.closed_on, ''), "
    "COALESCE((SELECT m.author FROM messages m WHERE m.report_id = r.id ORDER BY m.seq DESC "
    "LIMIT 1), ''), COALESCE(h.sealed, x''), COALESCE(h.version, 0) "
    "FROM reports r LEFT JOIN handling h ON h.report_id = r.id";

HandlingRow ReadHandling(const Stmt& st) {
  HandlingRow h;
  h.report_id = st.Text(0);
  h.status = st.Text(1);
  h.priority = static_cast<int>(st.Int(2));
  h.category = st.Text(3);
  h.port_code = st.Text(4);
  h.facility_code = st.Text(5);
  h.received_on = st.Text(6);
  h.assigned_to = st.Text(7);
  h.acknowledged_on = st.Text(8);
  h.feedback_on = st.Text(9);
  h.closed_on = st.Text(10);
  h.last_message_by = st.Text(11);
  h.sealed = st.Text(12);
  h.version = st.Int(13);
  return h;
}

}  // namespace

Status SqliteStore::PutUser(const UserRow& u) {
  return RunSync([&u](Conn& c) -> Status {
    auto s = c.Prepare(
        "INSERT INTO users(id, email, role, agency_code, facility_code, created_on, pw_salt, "
        "pw_ops, pw_mem, pw_verifier, public_key, wrapped_by_password, wrapped_by_recovery, "
        "totp_sealed, failed_logins, locked_until, totp_last_step, disabled) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, u.id).Bind(2, u.email).Bind(3, u.role).Bind(4, u.agency_code);
    st.Bind(5, u.facility_code).Bind(6, u.created_on).BindBlob(7, u.pw_salt).Bind(8, u.pw_ops);
    st.Bind(9, u.pw_mem).BindBlob(10, u.pw_verifier).BindBlob(11, u.public_key);
    st.BindBlob(12, u.wrapped_by_password).BindBlob(13, u.wrapped_by_recovery);
    st.BindBlob(14, u.totp_sealed).Bind(15, u.failed_logins).Bind(16, u.locked_until);
    st.Bind(17, u.totp_last_step).Bind(18, std::int64_t{u.disabled ? 1 : 0});
    return StepDone(c, st);
  });
}

Result<std::optional<UserRow>> SqliteStore::FindUserByEmail(const std::string& email) {
  static const std::string sql =
      std::string("SELECT ") + kUserColumns + " FROM users WHERE email=?";
  return FindUser(sql.c_str(), email);
}

Result<std::optional<UserRow>> SqliteStore::FindUserById(const std::string& id) {
  static const std::string sql = std::string("SELECT ") + kUserColumns + " FROM users WHERE id=?";
  return FindUser(sql.c_str(), id);
}

Result<std::optional<UserRow>> SqliteStore::FindUser(const char* sql, const std::string& key) {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(sql);
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, key);
  int rc = st.Step();
  if (rc == SQLITE_DONE) return std::optional<UserRow>();
  if (rc != SQLITE_ROW) return DbError(r.conn());
  return std::optional<UserRow>(ReadUser(st));
}

Result<std::vector<UserRow>> SqliteStore::ListUsers() {
  Reader r(this);
  if (!r.ok()) return r.error();
  static const std::string sql =
      std::string("SELECT ") + kUserColumns + " FROM users ORDER BY email";
  auto s = r.conn().Prepare(sql.c_str());
  if (!s.ok()) return s.error();
  Stmt st(*s);
  std::vector<UserRow> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back(ReadUser(st));
  if (rc != SQLITE_DONE) return DbError(r.conn());
  return out;
}

Status SqliteStore::UpdateLoginState(const UserRow& u) {
  return RunSync([&u](Conn& c) -> Status {
    auto s =
        c.Prepare("UPDATE users SET failed_logins=?, locked_until=?, totp_last_step=? WHERE id=?");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, u.failed_logins).Bind(2, u.locked_until).Bind(3, u.totp_last_step).Bind(4, u.id);
    bool changed = false;
    if (auto r = StepDone(c, st, &changed); !r.ok()) return r;
    return changed ? Status::Ok() : Status(NotFound("no such user"));
  });
}

Status SqliteStore::UpdateUserKey(const UserRow& u) {
  return RunSync([&u](Conn& c) -> Status {
    auto s = c.Prepare(
        "UPDATE users SET pw_salt=?, pw_ops=?, pw_mem=?, pw_verifier=?, public_key=?, "
        "wrapped_by_password=?, wrapped_by_recovery=? WHERE id=?");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.BindBlob(1, u.pw_salt).Bind(2, u.pw_ops).Bind(3, u.pw_mem).BindBlob(4, u.pw_verifier);
    st.BindBlob(5, u.public_key).BindBlob(6, u.wrapped_by_password);
    st.BindBlob(7, u.wrapped_by_recovery).Bind(8, u.id);
    bool changed = false;
    if (auto r = StepDone(c, st, &changed); !r.ok()) return r;
    return changed ? Status::Ok() : Status(NotFound("no such user"));
  });
}

Status SqliteStore::PutKeyGrant(const KeyGrantRow& g) {
  return RunSync([&g](Conn& c) -> Status {
    auto s = c.Prepare(
        "INSERT INTO key_grants(user_id, key_name, sealed) VALUES(?,?,?) "
        "ON CONFLICT(user_id, key_name) DO UPDATE SET sealed=excluded.sealed");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, g.user_id).Bind(2, g.key_name).BindBlob(3, g.sealed);
    return StepDone(c, st);
  });
}

Result<std::vector<KeyGrantRow>> SqliteStore::ListKeyGrants(const std::string& user_id) {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto s =
      r.conn().Prepare("SELECT key_name, sealed FROM key_grants WHERE user_id=? ORDER BY key_name");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, user_id);
  std::vector<KeyGrantRow> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back({user_id, st.Text(0), st.Text(1)});
  if (rc != SQLITE_DONE) return DbError(r.conn());
  return out;
}

Status SqliteStore::PutAgency(const AgencyRow& a) {
  return RunSync([&a](Conn& c) -> Status {
    auto s =
        c.Prepare("INSERT INTO agencies(code, name, kind, public_key, ports) VALUES(?,?,?,?,?)");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, a.code).Bind(2, a.name).Bind(3, a.kind).BindBlob(4, a.public_key);
    st.Bind(5, a.ports);
    return StepDone(c, st);
  });
}

Result<std::vector<AgencyRow>> SqliteStore::ListAgencies() {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto s =
      r.conn().Prepare("SELECT code, name, kind, public_key, ports FROM agencies ORDER BY code");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  std::vector<AgencyRow> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    out.push_back({st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4)});
  }
  if (rc != SQLITE_DONE) return DbError(r.conn());
  return out;
}

Result<std::optional<AgencyRow>> SqliteStore::FindAgency(const std::string& code) {
  auto all = ListAgencies();
  if (!all.ok()) return all.error();
  for (auto& a : *all) {
    if (a.code == code) return std::optional<AgencyRow>(std::move(a));
  }
  return std::optional<AgencyRow>();
}

Status SqliteStore::AppendAudit(MakeAudit make) {
  return RunSync([&make](Conn& c) -> Status {
    auto last = c.Prepare("SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1");
    if (!last.ok()) return last.error();
    std::int64_t seq = 1;
    std::string prev;
    {
      Stmt st(*last);
      int rc = st.Step();
      if (rc == SQLITE_ROW) {
        seq = st.Int(0) + 1;
        prev = st.Text(1);
      } else if (rc != SQLITE_DONE) {
        return DbError(c);
      }
    }
    AuditRow row = make(seq, prev);
    auto ins = c.Prepare("INSERT INTO audit(seq, entry, mac) VALUES(?,?,?)");
    if (!ins.ok()) return ins.error();
    Stmt st(*ins);
    st.Bind(1, row.seq).Bind(2, row.entry).BindBlob(3, row.mac);
    return StepDone(c, st);
  });
}

Result<std::vector<AuditRow>> SqliteStore::ListAudit() {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare("SELECT seq, entry, mac FROM audit ORDER BY seq");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  std::vector<AuditRow> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back({st.Int(0), st.Text(1), st.Text(2)});
  if (rc != SQLITE_DONE) return DbError(r.conn());
  return out;
}

Result<std::vector<HandlingRow>> SqliteStore::ListHandling() {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(kHandlingSelect);
  if (!s.ok()) return s.error();
  Stmt st(*s);
  std::vector<HandlingRow> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back(ReadHandling(st));
  if (rc != SQLITE_DONE) return DbError(r.conn());
  return out;
}

Result<HandlingRow> SqliteStore::FindHandling(const std::string& report_id) {
  Reader r(this);
  if (!r.ok()) return r.error();
  static const std::string sql = std::string(kHandlingSelect) + " WHERE r.id=?";
  auto s = r.conn().Prepare(sql.c_str());
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, report_id);
  int rc = st.Step();
  if (rc == SQLITE_DONE) return NotFound("no such report");
  if (rc != SQLITE_ROW) return DbError(r.conn());
  return ReadHandling(st);
}

Status SqliteStore::SaveHandling(const HandlingRow& h) {
  return RunSync([&h](Conn& c) -> Status {
    auto cur = c.Prepare(
        "SELECT COALESCE((SELECT version FROM handling WHERE report_id=?), 0), "
        "EXISTS(SELECT 1 FROM reports WHERE id=?)");
    if (!cur.ok()) return cur.error();
    {
      Stmt st(*cur);
      st.Bind(1, h.report_id).Bind(2, h.report_id);
      if (st.Step() != SQLITE_ROW) return DbError(c);
      if (st.Int(1) == 0) return NotFound("no such report");
      if (st.Int(0) != h.version) {
        return AlreadyExists("the report was changed by someone else; reload it");
      }
    }
    auto up = c.Prepare("UPDATE reports SET status=?, priority=?, category=? WHERE id=?");
    if (!up.ok()) return up.error();
    {
      Stmt st(*up);
      st.Bind(1, h.status).Bind(2, std::int64_t{h.priority}).Bind(3, h.category);
      st.Bind(4, h.report_id);
      if (auto r = StepDone(c, st); !r.ok()) return r;
    }
    auto put = c.Prepare(
        "INSERT INTO handling(report_id, assigned_to, acknowledged_on, feedback_on, closed_on, "
        "sealed, version) VALUES(?,?,?,?,?,?,?) ON CONFLICT(report_id) DO UPDATE SET "
        "assigned_to=excluded.assigned_to, acknowledged_on=excluded.acknowledged_on, "
        "feedback_on=excluded.feedback_on, closed_on=excluded.closed_on, sealed=excluded.sealed, "
        "version=excluded.version");
    if (!put.ok()) return put.error();
    Stmt st(*put);
    st.Bind(1, h.report_id).Bind(2, h.assigned_to).Bind(3, h.acknowledged_on);
    st.Bind(4, h.feedback_on).Bind(5, h.closed_on).BindBlob(6, h.sealed);
    st.Bind(7, h.version + 1);
    return StepDone(c, st);
  });
}

}  // namespace portsafe::store
