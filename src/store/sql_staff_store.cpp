// SqlStaffStore (sql_staff_store.h): accounts, grants, agencies, audit log and
// handling state. Where a staff row is written.
#include "store/sql_staff_store.h"
#include "store/sql_helpers.h"

namespace portsafe::store {
namespace {

constexpr const char* kUserColumns =
    "id, email, role, agency_code, facility_code, created_on, pw_salt, pw_ops, pw_mem, "
    "pw_verifier, public_key, wrapped_by_password, wrapped_by_recovery, totp_sealed, "
    "failed_logins, locked_until, totp_last_step, disabled, recovery_failures, "
    "recovery_locked_until, row_mac, must_change_password";

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
  u.recovery_failures = st.Int(18);
  u.recovery_locked_until = st.Int(19);
  u.row_mac = st.Text(20);
  u.must_change_password = st.Int(21) != 0;
  return u;
}

constexpr const char* kHandlingSelect =
    "SELECT r.id, r.status, r.priority, r.category, r.port_code, r.facility_code, "
    "r.received_on, COALESCE(h.assigned_to, ''), COALESCE(h.acknowledged_on, ''), "
    "COALESCE(h.feedback_on, ''), COALESCE(h.closed_on, ''), "
    "COALESCE((SELECT m.author FROM messages m WHERE m.report_id = r.id ORDER BY m.seq DESC "
    "LIMIT 1), ''), COALESCE(h.sealed, CAST('' AS BLOB)), COALESCE(h.version, 0), "
    "EXISTS(SELECT 1 FROM packages p WHERE p.report_id = r.id AND (SELECT pm.author FROM "
    "package_messages pm WHERE pm.package_id = p.id ORDER BY pm.seq DESC LIMIT 1) = 'agency') "
    "FROM reports r LEFT JOIN handling h ON h.report_id = r.id";

Result<HandlingRow> ReadHandling(const Stmt& st) {
  HandlingRow h;
  h.report_id = st.Text(0);
  if (auto s = ReadStatusAndPriority(st.Text(1), st.Int(2), &h.status, &h.priority); !s.ok()) {
    return s.error();
  }
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
  h.agency_waiting = st.Int(14) != 0;
  return h;
}

}  // namespace

Status SqlStaffStore::PutUser(const UserRow& u) {
  return db_->RunSync([&u](Conn& c) -> Status {
    auto s = c.Prepare(
        "INSERT INTO users(id, email, role, agency_code, facility_code, created_on, pw_salt, "
        "pw_ops, pw_mem, pw_verifier, public_key, wrapped_by_password, wrapped_by_recovery, "
        "totp_sealed, failed_logins, locked_until, totp_last_step, disabled, row_mac, "
        "must_change_password) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, u.id).Bind(2, u.email).Bind(3, u.role).Bind(4, u.agency_code);
    st.Bind(5, u.facility_code).Bind(6, u.created_on).BindBlob(7, u.pw_salt).Bind(8, u.pw_ops);
    st.Bind(9, u.pw_mem).BindBlob(10, u.pw_verifier).BindBlob(11, u.public_key);
    st.BindBlob(12, u.wrapped_by_password).BindBlob(13, u.wrapped_by_recovery);
    st.BindBlob(14, u.totp_sealed).Bind(15, u.failed_logins).Bind(16, u.locked_until);
    st.Bind(17, u.totp_last_step).Bind(18, std::int64_t{u.disabled ? 1 : 0});
    st.BindBlob(19, u.row_mac).Bind(20, std::int64_t{u.must_change_password ? 1 : 0});
    return StepDone(c, st);
  });
}

Result<std::optional<UserRow>> SqlStaffStore::FindUserByEmail(const std::string& email) {
  static const std::string sql =
      std::string("SELECT ") + kUserColumns + " FROM users WHERE email=?";
  return FindUser(sql.c_str(), email);
}

Result<std::optional<UserRow>> SqlStaffStore::FindUserById(const std::string& id) {
  static const std::string sql = std::string("SELECT ") + kUserColumns + " FROM users WHERE id=?";
  return FindUser(sql.c_str(), id);
}

Result<std::optional<UserRow>> SqlStaffStore::FindUser(const char* sql, const std::string& key) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(sql);
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, key);
  int rc = st.Step();
  if (rc == kDone) return std::optional<UserRow>();
  if (rc != kRow) return DbError(r.conn());
  return std::optional<UserRow>(ReadUser(st));
}

Result<std::vector<UserRow>> SqlStaffStore::ListUsers() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  static const std::string sql =
      std::string("SELECT ") + kUserColumns + " FROM users ORDER BY email";
  return Collect<UserRow>(r.conn(), sql.c_str(), ReadUser);
}

Status SqlStaffStore::UpdateLoginState(const UserRow& u) {
  return db_->RunSync([&u](Conn& c) -> Status {
    auto s =
        c.Prepare("UPDATE users SET failed_logins=?, locked_until=?, totp_last_step=? WHERE id=?");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, u.failed_logins).Bind(2, u.locked_until).Bind(3, u.totp_last_step).Bind(4, u.id);
    return StepUpdate(c, st, "no such user");
  });
}

namespace {

// The statements of one kind of attempt, on its own two columns (constant
// text, never input). Static: connections cache statements by the text's
// address.
struct AttemptSql {
  std::string claim, fail, read;
};
AttemptSql MakeAttemptSql(const std::string& f, const std::string& l) {
  return {"UPDATE users SET totp_last_step=?, " + f + "=0, " + l +
              "=0 WHERE id=? AND totp_last_step<? AND " + l + "<=? AND disabled=0",
          // Both right-hand sides read the row as it was before this update.
          "UPDATE users SET " + f + "=CASE WHEN " + f + "+1>=? THEN 0 ELSE " + f + "+1 END, " + l +
              "=CASE WHEN " + f + "+1>=? THEN ? ELSE " + l + " END WHERE id=?",
          "SELECT " + f + ", " + l + " FROM users WHERE id=?"};
}
const AttemptSql& SqlFor(Attempt attempt) {
  static const AttemptSql sign_in = MakeAttemptSql("failed_logins", "locked_until");
  static const AttemptSql recovery = MakeAttemptSql("recovery_failures", "recovery_locked_until");
  return attempt == Attempt::kRecovery ? recovery : sign_in;
}

}  // namespace

Result<bool> SqlStaffStore::ClaimTotpStep(const std::string& user_id, std::int64_t step,
                                          std::int64_t now, Attempt attempt) {
  const AttemptSql& sql = SqlFor(attempt);
  bool claimed = false;
  auto st = db_->RunSync([&](Conn& c) -> Status {
    // One statement: PostgreSQL re-reads the row a concurrent update
    // changed before it applies the condition, and SQLite has one writer.
    auto s = c.Prepare(sql.claim.c_str());
    if (!s.ok()) return s.error();
    Stmt q(*s);
    q.Bind(1, step).Bind(2, user_id).Bind(3, step).Bind(4, now);
    if (auto done = StepDone(c, q); !done.ok()) return done;
    claimed = c.Changes() > 0;
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return claimed;
}

Result<bool> SqlStaffStore::RecordLoginFailure(const std::string& user_id,
                                               std::int64_t max_failures, std::int64_t lock_until,
                                               Attempt attempt) {
  const AttemptSql& sql = SqlFor(attempt);
  bool locked = false;
  auto st = db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare(sql.fail.c_str());
    if (!s.ok()) return s.error();
    Stmt q(*s);
    q.Bind(1, max_failures).Bind(2, max_failures).Bind(3, lock_until).Bind(4, user_id);
    if (auto done = StepUpdate(c, q, "no such user"); !done.ok()) return done;
    // Read back in the same transaction, which holds the row: a count of
    // 0 with this lock means this failure set it.
    auto r = c.Prepare(sql.read.c_str());
    if (!r.ok()) return r.error();
    Stmt back(*r);
    back.Bind(1, user_id);
    if (back.Step() != kRow) return DatabaseUnavailable(c.LastError());
    locked = back.Int(0) == 0 && back.Int(1) == lock_until;
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return locked;
}

namespace {

// What a user holds that must end with their access: grants and sessions.
Status EndAccess(Conn& c, const std::string& user_id, bool grants) {
  if (grants) {
    if (auto st = RunKeyed(c, "DELETE FROM key_grants WHERE user_id=?", user_id); !st.ok()) {
      return st;
    }
  }
  return RunKeyed(c, "DELETE FROM sessions WHERE user_id=?", user_id);
}

// Ends the invitations to `user_id`'s address (before the row goes).
Status EndInvitations(Conn& c, const std::string& user_id) {
  return RunKeyed(c, "DELETE FROM invitations WHERE email=(SELECT email FROM users WHERE id=?)",
                  user_id);
}

}  // namespace

Status SqlStaffStore::SetUserDisabled(const std::string& user_id, bool disabled,
                                      const std::string& row_mac) {
  return db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare("UPDATE users SET disabled=?, row_mac=? WHERE id=?");
    if (!s.ok()) return s.error();
    Stmt q(*s);
    q.Bind(1, std::int64_t{disabled ? 1 : 0}).BindBlob(2, row_mac).Bind(3, user_id);
    if (auto st = StepUpdate(c, q, "no such user"); !st.ok()) return st;
    if (auto st = EndInvitations(c, user_id); !st.ok()) return st;
    return disabled ? EndAccess(c, user_id, true) : Status::Ok();
  });
}

Status SqlStaffStore::SetUserRole(const std::string& user_id, const std::string& role,
                                  const std::string& row_mac, bool keep_grants) {
  return db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare("UPDATE users SET role=?, row_mac=? WHERE id=?");
    if (!s.ok()) return s.error();
    Stmt q(*s);
    q.Bind(1, role).BindBlob(2, row_mac).Bind(3, user_id);
    if (auto st = StepUpdate(c, q, "no such user"); !st.ok()) return st;
    return EndAccess(c, user_id, !keep_grants);
  });
}

Status SqlStaffStore::DeleteUser(const std::string& user_id) {
  return db_->RunSync([&](Conn& c) -> Status {
    if (auto st = EndAccess(c, user_id, true); !st.ok()) return st;
    if (auto st = EndInvitations(c, user_id); !st.ok()) return st;
    auto s = c.Prepare("DELETE FROM users WHERE id=?");
    if (!s.ok()) return s.error();
    Stmt q(*s);
    q.Bind(1, user_id);
    return StepUpdate(c, q, "no such user");
  });
}

Status SqlStaffStore::DeleteWaitingUser(const std::string& user_id) {
  return db_->RunSync([&](Conn& c) -> Status {
    if (auto st = EndAccess(c, user_id, true); !st.ok()) return st;
    auto s = c.Prepare("DELETE FROM users WHERE id=? AND disabled=1 AND totp_last_step=0");
    if (!s.ok()) return s.error();
    Stmt q(*s);
    q.Bind(1, user_id);
    return StepUpdate(c, q, "no account waits for this invitation");
  });
}

Status SqlStaffStore::ConfirmWaitingUser(const std::string& user_id, const std::string& row_mac,
                                         const std::string& token_hash) {
  return db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare(
        "UPDATE users SET disabled=0, failed_logins=0, locked_until=0, row_mac=? WHERE id=? AND "
        "disabled=1 AND totp_last_step=0");
    if (!s.ok()) return s.error();
    Stmt q(*s);
    q.BindBlob(1, row_mac).Bind(2, user_id);
    if (auto st = StepUpdate(c, q, "no account waits for this invitation"); !st.ok()) return st;
    auto d = c.Prepare("DELETE FROM invitations WHERE token_hash=?");
    if (!d.ok()) return d.error();
    Stmt del(*d);
    del.BindBlob(1, token_hash);
    return StepUpdate(c, del, "no such invitation");
  });
}

Status SqlStaffStore::DeleteKeyGrant(const std::string& user_id, const std::string& key_name) {
  return db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare("DELETE FROM key_grants WHERE user_id=? AND key_name=?");
    if (!s.ok()) return s.error();
    Stmt q(*s);
    q.Bind(1, user_id).Bind(2, key_name);
    if (auto st = StepUpdate(c, q, "no such grant"); !st.ok()) return st;
    return EndAccess(c, user_id, false);
  });
}

Result<std::vector<RetiredKeyRow>> SqlStaffStore::ListRetiredKeys(const std::string& key_name) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<RetiredKeyRow>(
      r.conn(), "SELECT public_key, sealed_private FROM retired_keys WHERE key_name=?",
      [&key_name](const Stmt& st) {
        return RetiredKeyRow{key_name, st.Text(0), st.Text(1)};
      },
      key_name);
}

Status SqlStaffStore::RotateKey(const KeyRotation& r) {
  return db_->RunSync([&r](Conn& c) -> Status {
    // Whoever held the old key signs in again (to the new one, or to none).
    if (auto st = RunKeyed(c,
                           "DELETE FROM sessions WHERE user_id IN "
                           "(SELECT user_id FROM key_grants WHERE key_name=?)",
                           r.key_name);
        !st.ok()) {
      return st;
    }
    for (const char* sql :
         {"DELETE FROM key_grants WHERE key_name=?", "DELETE FROM retired_keys WHERE key_name=?"}) {
      if (auto st = RunKeyed(c, sql, r.key_name); !st.ok()) return st;
    }
    for (const RetiredKeyRow& k : r.retired) {
      auto s =
          c.Prepare("INSERT INTO retired_keys(key_name, public_key, sealed_private) VALUES(?,?,?)");
      if (!s.ok()) return s.error();
      Stmt q(*s);
      q.Bind(1, r.key_name).BindBlob(2, k.public_key).BindBlob(3, k.sealed_private);
      if (auto st = StepDone(c, q); !st.ok()) return st;
    }
    for (const KeyGrantRow& g : r.grants) {
      auto s = c.Prepare("INSERT INTO key_grants(user_id, key_name, sealed) VALUES(?,?,?)");
      if (!s.ok()) return s.error();
      Stmt q(*s);
      q.Bind(1, g.user_id).Bind(2, r.key_name).BindBlob(3, g.sealed);
      if (auto st = StepDone(c, q); !st.ok()) return st;
    }
    if (r.agency) {
      auto s = c.Prepare("UPDATE agencies SET public_key=?, row_mac=? WHERE code=?");
      if (!s.ok()) return s.error();
      Stmt q(*s);
      q.BindBlob(1, r.agency->public_key).BindBlob(2, r.agency->row_mac).Bind(3, r.agency->code);
      if (auto st = StepUpdate(c, q, "no such agency"); !st.ok()) return st;
    }
    return Status::Ok();
  });
}

Status SqlStaffStore::UpdateUserKey(const UserRow& u) {
  return db_->RunSync([&u](Conn& c) -> Status {
    auto s = c.Prepare(
        "UPDATE users SET pw_salt=?, pw_ops=?, pw_mem=?, pw_verifier=?, public_key=?, "
        "wrapped_by_password=?, wrapped_by_recovery=?, must_change_password=? WHERE id=?");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.BindBlob(1, u.pw_salt).Bind(2, u.pw_ops).Bind(3, u.pw_mem).BindBlob(4, u.pw_verifier);
    st.BindBlob(5, u.public_key).BindBlob(6, u.wrapped_by_password);
    st.BindBlob(7, u.wrapped_by_recovery).Bind(8, std::int64_t{u.must_change_password ? 1 : 0});
    st.Bind(9, u.id);
    return StepUpdate(c, st, "no such user");
  });
}

Status SqlStaffStore::PutKeyGrant(const KeyGrantRow& g) {
  return db_->RunSync([&g](Conn& c) -> Status {
    auto s = c.Prepare(
        "INSERT INTO key_grants(user_id, key_name, sealed) VALUES(?,?,?) "
        "ON CONFLICT(user_id, key_name) DO UPDATE SET sealed=excluded.sealed");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, g.user_id).Bind(2, g.key_name).BindBlob(3, g.sealed);
    return StepDone(c, st);
  });
}

Result<std::vector<KeyGrantRow>> SqlStaffStore::ListKeyGrants(const std::string& user_id) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<KeyGrantRow>(
      r.conn(), "SELECT key_name, sealed FROM key_grants WHERE user_id=? ORDER BY key_name",
      [&user_id](const Stmt& st) {
        return KeyGrantRow{user_id, st.Text(0), st.Text(1)};
      },
      user_id);
}

Status SqlStaffStore::PutAgency(const AgencyRow& a) {
  return db_->RunSync([&a](Conn& c) -> Status {
    auto s = c.Prepare(
        "INSERT INTO agencies(code, name, kind, public_key, ports, row_mac) VALUES(?,?,?,?,?,?)");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, a.code).Bind(2, a.name).Bind(3, a.kind).BindBlob(4, a.public_key);
    st.Bind(5, a.ports).BindBlob(6, a.row_mac);
    return StepDone(c, st);
  });
}

Status SqlStaffStore::UpdateAgency(const AgencyRow& a) {
  return db_->RunSync([&a](Conn& c) -> Status {
    auto s = c.Prepare("UPDATE agencies SET name=?, ports=?, row_mac=? WHERE code=?");
    if (!s.ok()) return s.error();
    Stmt q(*s);
    q.Bind(1, a.name).Bind(2, a.ports).BindBlob(3, a.row_mac).Bind(4, a.code);
    return StepUpdate(c, q, "no such agency");
  });
}

Status SqlStaffStore::SetRowMac(RowKind kind, const std::string& key, const std::string& row_mac) {
  return db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare(kind == RowKind::kAgency ? "UPDATE agencies SET row_mac=? WHERE code=?"
                                                : "UPDATE users SET row_mac=? WHERE id=?");
    if (!s.ok()) return s.error();
    Stmt q(*s);
    q.BindBlob(1, row_mac).Bind(2, key);
    return StepUpdate(c, q, kind == RowKind::kAgency ? "no such agency" : "no such user");
  });
}

Result<std::vector<AgencyRow>> SqlStaffStore::ListAgencies() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<AgencyRow>(
      r.conn(), "SELECT code, name, kind, public_key, ports, row_mac FROM agencies ORDER BY code",
      [](const Stmt& st) {
        return AgencyRow{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5)};
      });
}

Result<std::optional<AgencyRow>> SqlStaffStore::FindAgency(const std::string& code) {
  auto all = ListAgencies();
  if (!all.ok()) return all.error();
  for (auto& a : *all) {
    if (a.code == code) return std::optional<AgencyRow>(std::move(a));
  }
  return std::optional<AgencyRow>();
}

Status SqlStaffStore::AppendAudit(MakeAudit make) {
  return db_->RunSync([&make](Conn& c) -> Status {
    if (auto st = c.LockFor("audit"); !st.ok()) return st;  // one chain, whichever node
    auto last = c.Prepare("SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1");
    if (!last.ok()) return last.error();
    std::int64_t seq = 1;
    std::string prev;
    {
      Stmt st(*last);
      int rc = st.Step();
      if (rc == kRow) {
        seq = st.Int(0) + 1;
        prev = st.Text(1);
      } else if (rc != kDone) {
        return DbError(c);
      }
    }
    AuditRow row = make(seq, prev);
    auto ins = c.Prepare("INSERT INTO audit(seq, entry, mac, target) VALUES(?,?,?,?)");
    if (!ins.ok()) return ins.error();
    Stmt st(*ins);
    st.Bind(1, row.seq).Bind(2, row.entry).BindBlob(3, row.mac).Bind(4, row.target);
    return StepDone(c, st);
  });
}

Result<std::vector<AuditRow>> SqlStaffStore::ListAudit() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<AuditRow>(r.conn(), "SELECT seq, entry, mac, target FROM audit ORDER BY seq",
                           [](const Stmt& st) {
                             return AuditRow{st.Int(0), st.Text(1), st.Text(2), st.Text(3)};
                           });
}

Result<std::optional<AuditRow>> SqlStaffStore::LastAudit() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto rows = Collect<AuditRow>(
      r.conn(), "SELECT seq, entry, mac, target FROM audit ORDER BY seq DESC LIMIT 1",
      [](const Stmt& st) {
        return AuditRow{st.Int(0), st.Text(1), st.Text(2), st.Text(3)};
      });
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<AuditRow>();
  return std::optional<AuditRow>(std::move(rows->front()));
}

Result<std::vector<AuditRow>> SqlStaffStore::ListAuditFor(const std::string& target, size_t limit) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto rows = Collect<AuditRow>(
      r.conn(),
      "SELECT seq, entry, mac, target FROM audit WHERE target=? ORDER BY seq DESC "
      "LIMIT CAST(? AS INTEGER)",
      [](const Stmt& st) {
        return AuditRow{st.Int(0), st.Text(1), st.Text(2), st.Text(3)};
      },
      target, std::to_string(limit));
  if (!rows.ok()) return rows.error();
  std::reverse(rows->begin(), rows->end());
  return rows;
}

Result<std::vector<HandlingRow>> SqlStaffStore::ListHandling() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<HandlingRow>(r.conn(), kHandlingSelect, ReadHandling);
}

namespace {

// Steps `st` to its end, each row read as a HandlingRow onto `out`.
Status AppendHandlingRows(Conn& c, Stmt& st, std::vector<HandlingRow>* out) {
  int rc;
  while ((rc = st.Step()) == kRow) {
    auto row = ReadHandling(st);
    if (!row.ok()) return row.error();
    out->push_back(std::move(*row));
  }
  return rc == kDone ? Status::Ok() : Status(DbError(c));
}

}  // namespace

Result<std::vector<HandlingRow>> SqlStaffStore::ListQueuePage(const QueuePageQuery& q) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  // Row values compare as the index (status, priority, received_on, id)
  // orders, so a page of one priority is one range scan. By age, each
  // priority's range gives its first `limit` ids, and the page is the
  // first `limit` of those (an index by age alone would cost every report
  // filed one more index entry: intake, docs/performance.md).
  static const std::string by_priority =
      std::string(kHandlingSelect) +
      " WHERE r.status=? AND r.priority=? AND (r.received_on, r.id) > (?, ?) "
      "ORDER BY r.received_on, r.id LIMIT CAST(? AS INTEGER)";
  static const std::string by_age = [] {
    std::string ids;
    for (size_t p = 0; p < std::size(core::kPriorities); ++p) {
      if (p > 0) ids += " UNION ALL ";
      ids +=
          "SELECT id, received_on FROM (SELECT id, received_on FROM reports WHERE status=? AND "
          "priority=" +
          std::to_string(p) +
          " AND (received_on, id) > (?, ?) ORDER BY received_on, id "
          "LIMIT CAST(? AS INTEGER)) p" +
          std::to_string(p);
    }
    return std::string(kHandlingSelect) + " JOIN (" + ids +
           " ORDER BY 2, 1 LIMIT CAST(? AS INTEGER)) page ON page.id = r.id "
           "ORDER BY r.received_on, r.id";
  }();
  auto s = r.conn().Prepare(q.priority ? by_priority.c_str() : by_age.c_str());
  if (!s.ok()) return s.error();
  Stmt st(*s);
  int i = 0;
  const std::string limit = std::to_string(q.limit);  // bound by reference: kept until the end
  if (q.priority) {
    st.Bind(++i, core::ToString(q.status));
    st.Bind(++i, static_cast<std::int64_t>(*q.priority));
    st.Bind(++i, q.after_received_on);
    st.Bind(++i, q.after_id);
  } else {
    for (size_t p = 0; p < std::size(core::kPriorities); ++p) {
      st.Bind(++i, core::ToString(q.status));
      st.Bind(++i, q.after_received_on);
      st.Bind(++i, q.after_id);
      st.Bind(++i, limit);
    }
  }
  st.Bind(++i, limit);
  std::vector<HandlingRow> out;
  if (auto done = AppendHandlingRows(r.conn(), st, &out); !done.ok()) return done.error();
  return out;
}

Result<std::vector<HandlingRow>> SqlStaffStore::FindHandlingOf(
    const std::vector<std::string>& report_ids) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  // One statement for every chunk (statements are cached by the address of
  // their text, so the text must not be built per call): short chunks are
  // padded with "", which is no report's id.
  constexpr size_t kChunk = 64;
  static const std::string sql = [] {
    std::string q = std::string(kHandlingSelect) + " WHERE r.id IN (?";
    for (size_t i = 1; i < kChunk; ++i) q += ",?";
    return q + ")";
  }();
  std::vector<HandlingRow> out;
  for (size_t at = 0; at < report_ids.size(); at += kChunk) {
    auto s = r.conn().Prepare(sql.c_str());
    if (!s.ok()) return s.error();
    Stmt st(*s);
    for (size_t i = 0; i < kChunk; ++i) {
      st.Bind(static_cast<int>(i + 1),
              at + i < report_ids.size() ? std::string_view(report_ids[at + i]) : "");
    }
    if (auto done = AppendHandlingRows(r.conn(), st, &out); !done.ok()) return done.error();
  }
  return out;
}

Result<std::vector<std::string>> SqlStaffStore::FindReportIdsEndingWith(const std::string& tail,
                                                                        size_t limit) {
  if (tail.size() < 10 || tail.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return InvalidArgument("not the end of a report id");
  }
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  // A reference is rare and typed by a person: reading every id (an index
  // holds no suffixes) takes milliseconds at a million reports.
  auto s = r.conn().Prepare("SELECT id FROM reports WHERE id LIKE ? LIMIT CAST(? AS INTEGER)");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  const std::string pattern = "%" + tail;  // bound by reference: kept until the end
  const std::string max = std::to_string(limit);
  st.Bind(1, pattern);
  st.Bind(2, max);
  std::vector<std::string> out;
  int rc;
  while ((rc = st.Step()) == kRow) out.push_back(st.Text(0));
  if (rc != kDone) return DbError(r.conn());
  return out;
}

Result<std::int64_t> SqlStaffStore::CountStatus(core::ReportStatus status, std::int64_t cap) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(
      "SELECT COUNT(*) FROM (SELECT 1 FROM reports WHERE status=? LIMIT CAST(? AS INTEGER)) c");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, core::ToString(status));
  const std::string limit = std::to_string(cap);  // bound by reference: kept until the end
  st.Bind(2, limit);
  if (st.Step() != kRow) return DbError(r.conn());
  return st.Int(0);
}

Result<HandlingRow> SqlStaffStore::FindHandling(const std::string& report_id) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  static const std::string sql = std::string(kHandlingSelect) + " WHERE r.id=?";
  auto s = r.conn().Prepare(sql.c_str());
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, report_id);
  int rc = st.Step();
  if (rc == kDone) return NotFound("no such report");
  if (rc != kRow) return DbError(r.conn());
  return ReadHandling(st);
}

namespace {

// Counts a package sent (`delta` +1) under its agency's kind.
Status TallyPackage(Conn& c, const PackageRow& p, int delta) {
  auto s = c.Prepare("SELECT kind FROM agencies WHERE code=?");
  if (!s.ok()) return s.error();
  std::string kind;
  {
    Stmt st(*s);
    st.Bind(1, p.agency_code);
    if (st.Step() == kRow) kind = st.Text(0);
  }
  return AddTallies(c, p.report_id, {{"disseminations", p.sent_on.substr(0, 7), kind, delta}});
}

// The optimistic-version check and the write of one handling row, inside the
// caller's write transaction.
Status SaveHandlingIn(Conn& c, const HandlingRow& h) {
  auto cur = c.Prepare(
      "SELECT COALESCE(h.version, 0), r.category, r.received_on FROM reports r "
      "LEFT JOIN handling h ON h.report_id = r.id WHERE r.id=?");
  if (!cur.ok()) return cur.error();
  std::vector<TallyDelta> tallies = h.tallies;
  {
    Stmt st(*cur);
    st.Bind(1, h.report_id);
    int rc = st.Step();
    if (rc == kDone) return NotFound("no such report");
    if (rc != kRow) return DbError(c);
    if (st.Int(0) != h.version) {
      return AlreadyExists("the report was changed by someone else; reload it");
    }
    // A reclassified report moves in the figures.
    const std::string old_category = st.Text(1), month = st.Text(2).substr(0, 7);
    if (old_category != h.category) {
      tallies.push_back({"reports", month, old_category, -1});
      tallies.push_back({"reports", month, h.category, 1});
    }
  }
  auto up = c.Prepare("UPDATE reports SET status=?, priority=?, category=? WHERE id=?");
  if (!up.ok()) return up.error();
  {
    Stmt st(*up);
    st.Bind(1, core::ToString(h.status)).Bind(2, static_cast<std::int64_t>(h.priority));
    st.Bind(3, h.category);
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
  if (auto r = StepDone(c, st); !r.ok()) return r;
  return AddTallies(c, h.report_id, tallies);
}

constexpr const char* kPackageSelect =
    "SELECT p.id, p.report_id, p.agency_code, p.sent_on, p.acknowledged_on, p.outcome, "
    "p.seizure_type, p.outcome_on, p.sealed, p.outcome_for_agency, p.outcome_for_service, "
    "COALESCE((SELECT m.author FROM package_messages m WHERE m.package_id = p.id "
    "ORDER BY m.seq DESC LIMIT 1), '') FROM packages p ";

PackageRow ReadPackage(const Stmt& st) {
  PackageRow p;
  p.id = st.Text(0);
  p.report_id = st.Text(1);
  p.agency_code = st.Text(2);
  p.sent_on = st.Text(3);
  p.acknowledged_on = st.Text(4);
  p.outcome = st.Text(5);
  p.seizure_type = st.Text(6);
  p.outcome_on = st.Text(7);
  p.sealed = st.Text(8);
  p.outcome_for_agency = st.Text(9);
  p.outcome_for_service = st.Text(10);
  p.last_message_by = st.Text(11);
  return p;
}

}  // namespace

Status SqlStaffStore::SaveHandling(const HandlingRow& h) {
  return db_->RunSync([&h](Conn& c) { return SaveHandlingIn(c, h); });
}

Status SqlStaffStore::Disseminate(const HandlingRow& h, const std::vector<PackageRow>& packages) {
  return db_->RunSync([&h, &packages](Conn& c) -> Status {
    if (auto st = SaveHandlingIn(c, h); !st.ok()) return st;
    for (const auto& p : packages) {
      auto s = c.Prepare(
          "INSERT INTO packages(id, report_id, agency_code, sent_on, acknowledged_on, outcome, "
          "seizure_type, outcome_on, sealed, outcome_for_agency, outcome_for_service) "
          "VALUES(?,?,?,?,?,?,?,?,?,?,?)");
      if (!s.ok()) return s.error();
      Stmt st(*s);
      st.Bind(1, p.id).Bind(2, p.report_id).Bind(3, p.agency_code).Bind(4, p.sent_on);
      st.Bind(5, p.acknowledged_on).Bind(6, p.outcome).Bind(7, p.seizure_type);
      st.Bind(8, p.outcome_on).BindBlob(9, p.sealed).BindBlob(10, p.outcome_for_agency);
      st.BindBlob(11, p.outcome_for_service);
      if (auto r = StepDone(c, st); !r.ok()) return r;
      if (auto r = TallyPackage(c, p, +1); !r.ok()) return r;
      for (const auto& f : p.files) {
        auto fs = c.Prepare("INSERT INTO package_files(package_id, seq, sealed) VALUES(?,?,?)");
        if (!fs.ok()) return fs.error();
        Stmt fst(*fs);
        fst.Bind(1, p.id).Bind(2, f.seq).BindBlob(3, f.sealed);
        if (auto r = StepDone(c, fst); !r.ok()) return r;
      }
    }
    return Status::Ok();
  });
}

Result<std::vector<PackageFileRow>> SqlStaffStore::ListPackageFiles(const std::string& package_id) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<PackageFileRow>(
      r.conn(), "SELECT package_id, seq, sealed FROM package_files WHERE package_id=? ORDER BY seq",
      [](const Stmt& st) {
        return PackageFileRow{st.Text(0), st.Int(1), st.Text(2), ""};
      },
      package_id);
}

Result<PackageFileRow> SqlStaffStore::FindPackageFile(const std::string& package_id,
                                                      std::int64_t seq) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(
      "SELECT pf.sealed, f.content FROM package_files pf "
      "JOIN packages p ON p.id = pf.package_id "
      "JOIN files f ON f.report_id = p.report_id AND f.seq = pf.seq "
      "WHERE pf.package_id=? AND pf.seq=?");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, package_id).Bind(2, seq);
  const int rc = st.Step();
  if (rc == kDone) return NotFound("no such file");
  if (rc != kRow) return DbError(r.conn());
  return PackageFileRow{package_id, seq, st.Text(0), st.Text(1)};
}

Status SqlStaffStore::DeleteReports(const std::vector<std::string>& report_ids) {
  if (report_ids.empty()) return Status::Ok();
  Status st = db_->RunSync([&report_ids](Conn& c) -> Status {
    for (const auto& id : report_ids) {
      auto s = c.Prepare("DELETE FROM reports WHERE id=?");
      if (!s.ok()) return s.error();
      Stmt del(*s);
      del.Bind(1, id);
      if (auto r = StepDone(c, del); !r.ok()) return r;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return db_->AfterPurge();
}

Result<std::vector<PackageRow>> SqlStaffStore::ListPackagesWhere(const char* sql,
                                                                 const std::string& key) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<PackageRow>(r.conn(), sql, ReadPackage, key);
}

// Statements are cached by their text's address: each is built once.
Result<std::vector<PackageRow>> SqlStaffStore::ListPackagesForAgency(
    const std::string& code, const std::string& after_sent_on, const std::string& after_id,
    size_t limit) {
  // Each page one range of packages_by_agency_sent, read backwards.
  static const std::string first =
      std::string(kPackageSelect) +
      "WHERE p.agency_code=? ORDER BY p.sent_on DESC, p.id DESC LIMIT CAST(? AS INTEGER)";
  static const std::string next = std::string(kPackageSelect) +
                                  "WHERE p.agency_code=? AND (p.sent_on, p.id) < (?, ?) "
                                  "ORDER BY p.sent_on DESC, p.id DESC LIMIT CAST(? AS INTEGER)";
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  const std::string n = std::to_string(limit);
  if (after_sent_on.empty())
    return Collect<PackageRow>(r.conn(), first.c_str(), ReadPackage, code, n);
  return Collect<PackageRow>(r.conn(), next.c_str(), ReadPackage, code, after_sent_on, after_id, n);
}

Result<std::vector<PackageRow>> SqlStaffStore::ListPackagesForReport(const std::string& report_id) {
  static const std::string sql =
      std::string(kPackageSelect) + "WHERE p.report_id=? ORDER BY p.sent_on DESC, p.id";
  return ListPackagesWhere(sql.c_str(), report_id);
}

Result<PackageRow> SqlStaffStore::FindPackage(const std::string& id) {
  static const std::string sql = std::string(kPackageSelect) + "WHERE p.id=?";
  auto rows = ListPackagesWhere(sql.c_str(), id);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return NotFound("no such package");
  return std::move(rows->front());
}

Result<std::vector<OutcomeCountRow>> SqlStaffStore::CountOutcomes() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<OutcomeCountRow>(
      r.conn(),
      "SELECT outcome, seizure_type, substr(outcome_on, 1, 7), COUNT(*) FROM packages "
      "WHERE outcome != '' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
      [](const Stmt& st) {
        return OutcomeCountRow{st.Text(0), st.Text(1), st.Text(2), st.Int(3)};
      });
}

Status SqlStaffStore::UpdatePackage(const PackageRow& p) {
  return db_->RunSync([&p](Conn& c) -> Status {
    // A changed outcome moves in the figures: out of the old one, into the new.
    auto old = c.Prepare("SELECT report_id, outcome, outcome_on FROM packages WHERE id=?");
    if (!old.ok()) return old.error();
    {
      Stmt st(*old);
      st.Bind(1, p.id);
      int rc = st.Step();
      if (rc == kDone) return NotFound("no such package");
      if (rc != kRow) return DbError(c);
      const std::string report_id = st.Text(0), outcome = st.Text(1), on = st.Text(2);
      if (outcome != p.outcome || on.substr(0, 7) != p.outcome_on.substr(0, 7)) {
        std::vector<TallyDelta> d;
        if (!outcome.empty()) d.push_back({"outcomes", on.substr(0, 7), outcome, -1});
        if (!p.outcome.empty()) d.push_back({"outcomes", p.outcome_on.substr(0, 7), p.outcome, 1});
        if (auto r = AddTallies(c, report_id, d); !r.ok()) return r;
      }
    }
    auto s = c.Prepare(
        "UPDATE packages SET acknowledged_on=?, outcome=?, seizure_type=?, outcome_on=?, "
        "outcome_for_agency=?, outcome_for_service=? WHERE id=?");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, p.acknowledged_on).Bind(2, p.outcome).Bind(3, p.seizure_type);
    st.Bind(4, p.outcome_on).BindBlob(5, p.outcome_for_agency);
    st.BindBlob(6, p.outcome_for_service).Bind(7, p.id);
    return StepUpdate(c, st, "no such package");
  });
}

Status SqlStaffStore::AppendPackageMessage(const PackageMessageRow& m) {
  return db_->RunSync([&m](Conn& c) -> Status {
    if (auto st = c.LockFor("package:" + m.package_id); !st.ok()) return st;
    auto s = c.Prepare(
        "INSERT INTO package_messages(package_id, seq, author, sent_on, for_agency, for_service) "
        "VALUES(?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM package_messages WHERE package_id=?), "
        "?, ?, ?, ?)");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, m.package_id).Bind(2, m.package_id).Bind(3, m.author).Bind(4, m.sent_on);
    st.BindBlob(5, m.for_agency).BindBlob(6, m.for_service);
    return StepDone(c, st);
  });
}

Result<std::vector<PackageMessageRow>> SqlStaffStore::ListPackageMessages(
    const std::string& package_id) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<PackageMessageRow>(
      r.conn(),
      "SELECT package_id, seq, author, sent_on, for_agency, for_service FROM package_messages "
      "WHERE package_id=? ORDER BY seq",
      [](const Stmt& st) {
        return PackageMessageRow{st.Text(0), st.Int(1),  st.Text(2),
                                 st.Text(3), st.Text(4), st.Text(5)};
      },
      package_id);
}

Result<ReportRow> SqlStaffStore::FindReportById(const std::string& report_id) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(
      "SELECT id, lookup_id, port_code, facility_code, category, status, priority, received_on, "
      "sealed_key, receipt_wrapped_key, body FROM reports WHERE id=?");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, report_id);
  return ReadReportRow(r.conn(), st);
}

}  // namespace portsafe::store
