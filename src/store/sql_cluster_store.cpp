// SqlClusterStore (sql_cluster_store.h): sessions and job leases. Where a session row
// is written.
#include "store/sql_cluster_store.h"
#include "store/sql_helpers.h"

namespace portsafe::store {

Status SqlClusterStore::PutSession(const SessionRow& r) {
  return db_->RunSync([&r](Conn& c) -> Status {
    auto s = c.Prepare(
        "INSERT INTO sessions(token_hash, user_id, created_at, last_seen, sealed) "
        "VALUES(?,?,?,?,?)");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.BindBlob(1, r.token_hash).Bind(2, r.user_id).Bind(3, r.created_at).Bind(4, r.last_seen);
    st.BindBlob(5, r.sealed);
    return StepDone(c, st);
  });
}

Result<std::optional<SessionRow>> SqlClusterStore::FindSession(const std::string& token_hash) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(
      "SELECT user_id, created_at, last_seen, sealed FROM sessions WHERE token_hash=?");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.BindBlob(1, token_hash);
  int rc = st.Step();
  if (rc == kDone) return std::optional<SessionRow>();
  if (rc != kRow) return DbError(r.conn());
  return std::optional<SessionRow>(
      SessionRow{token_hash, st.Text(0), st.Int(1), st.Int(2), st.Text(3)});
}

Result<std::vector<SessionRow>> SqlClusterStore::ListUserSessions(const std::string& user_id) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<SessionRow>(
      r.conn(),
      "SELECT token_hash, created_at, last_seen FROM sessions WHERE user_id=? "
      "ORDER BY created_at, token_hash",
      [&user_id](const Stmt& st) {
        return SessionRow{st.Text(0), user_id, st.Int(1), st.Int(2), ""};
      },
      user_id);
}

Status SqlClusterStore::TouchSession(const std::string& token_hash, std::int64_t last_seen) {
  return db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare("UPDATE sessions SET last_seen=? WHERE token_hash=? AND last_seen < ?");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, last_seen).BindBlob(2, token_hash).Bind(3, last_seen);
    return StepDone(c, st);
  });
}

Status SqlClusterStore::ResealSession(const std::string& token_hash, const std::string& sealed) {
  return db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare("UPDATE sessions SET sealed=? WHERE token_hash=?");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.BindBlob(1, sealed).BindBlob(2, token_hash);
    return StepUpdate(c, st, "the session has ended");
  });
}

Status SqlClusterStore::DeleteSession(const std::string& token_hash) {
  return db_->RunSync([&](Conn& c) {
    return RunKeyed(c, "DELETE FROM sessions WHERE token_hash=?", token_hash, true);
  });
}

Status SqlClusterStore::DeleteUserSessions(const std::string& user_id,
                                           const std::string& keep_token_hash) {
  return db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare("DELETE FROM sessions WHERE user_id=? AND token_hash<>?");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, user_id).BindBlob(2, keep_token_hash);
    return StepDone(c, st);
  });
}

Result<std::int64_t> SqlClusterStore::DeleteExpiredSessions(std::int64_t idle_before,
                                                            std::int64_t created_before) {
  std::int64_t gone = 0;
  Status st = db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare("DELETE FROM sessions WHERE last_seen < ? OR created_at < ?");
    if (!s.ok()) return s.error();
    Stmt q(*s);
    q.Bind(1, idle_before).Bind(2, created_before);
    if (auto r = StepDone(c, q); !r.ok()) return r;
    gone = c.Changes();
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return gone;
}

Result<Lease> SqlClusterStore::TakeLease(const std::string& job, const std::string& holder,
                                         std::int64_t stale_beat) {
  Lease lease;
  Status st = db_->RunSync([&](Conn& c) -> Status {
    // One statement: insert the lease, or take it over when it is free, ours
    // already, or held at the beat the caller saw stop. The row is locked by
    // the update, so of two nodes at once one waits and then finds it held.
    auto s = c.Prepare(
        "INSERT INTO job_leases(job, holder, beat, last_done) VALUES(?,?,1,'') "
        "ON CONFLICT(job) DO UPDATE SET holder=excluded.holder, beat=job_leases.beat+1 "
        "WHERE job_leases.holder = '' OR job_leases.holder = excluded.holder "
        "OR job_leases.beat = ?");
    if (!s.ok()) return s.error();
    {
      Stmt q(*s);
      q.Bind(1, job).Bind(2, holder).Bind(3, stale_beat);
      if (auto r = StepDone(c, q); !r.ok()) return r;
    }
    lease.held = c.Changes() > 0;
    auto read = c.Prepare("SELECT holder, beat, last_done FROM job_leases WHERE job=?");
    if (!read.ok()) return read.error();
    Stmt q(*read);
    q.Bind(1, job);
    if (q.Step() != kRow) return DbError(c);
    lease.holder = q.Text(0);
    lease.beat = q.Int(1);
    lease.last_done = q.Text(2);
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return lease;
}

Status SqlClusterStore::FinishLease(const std::string& job, const std::string& holder,
                                    const std::string& last_done) {
  return db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare("UPDATE job_leases SET last_done=?, holder='' WHERE job=? AND holder=?");
    if (!s.ok()) return s.error();
    Stmt q(*s);
    q.Bind(1, last_done).Bind(2, job).Bind(3, holder);
    if (auto r = StepDone(c, q); !r.ok()) return r;
    return c.Changes() > 0 ? Status::Ok()
                           : Status(AlreadyExists("the lease on " + job + " was lost"));
  });
}

}  // namespace portsafe::store
