#include "store/sqlite_helpers.h"

namespace portsafe::store {

Error DbError(Conn& c) { return Unavailable("database error: " + c.LastError()); }

Status StepDone(Conn& c, Stmt& st) {
  int rc = st.Step();
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE ||
      rc == SQLITE_CONSTRAINT) {
    return AlreadyExists("already exists");
  }
  if (rc != SQLITE_DONE) return DbError(c);
  return Status::Ok();
}

Status StepUpdate(Conn& c, Stmt& st, const char* missing) {
  if (auto r = StepDone(c, st); !r.ok()) return r;
  return sqlite3_changes(c.db()) > 0 ? Status::Ok() : Status(NotFound(missing));
}

Status InsertFacility(Conn& c, const Facility& f) {
  auto s = c.Prepare(
      "INSERT INTO facilities(code, port_code, name, operator_group, status, joined_on) "
      "VALUES(?,?,?,?,?,?)");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, f.code).Bind(2, f.port_code).Bind(3, f.name).Bind(4, f.operator_group);
  st.Bind(5, f.status).Bind(6, f.joined_on);
  int rc = st.Step();
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) return AlreadyExists("facility exists: " + f.code);
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return InvalidArgument("unknown port: " + f.port_code);
  if (rc != SQLITE_DONE) return InvalidArgument("cannot add facility: " + c.LastError());
  return Status::Ok();
}

Facility ReadFacility(const Stmt& st) {
  return Facility{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5)};
}

Status AddTallies(Conn& c, const std::string& report_id, const std::vector<TallyDelta>& deltas) {
  if (deltas.empty()) return Status::Ok();
  auto s = c.Prepare(
      "INSERT INTO tallies(metric, facility_code, port_code, month, key, count) "
      "SELECT ?, facility_code, port_code, ?, ?, MAX(0, ?) FROM reports WHERE id=? "
      "ON CONFLICT(metric, facility_code, port_code, month, key) "
      "DO UPDATE SET count = MAX(0, count + ?)");
  if (!s.ok()) return s.error();
  for (const auto& d : deltas) {
    if (d.delta == 0 || d.month.empty() || d.key.empty()) continue;
    Stmt st(*s);
    st.Bind(1, d.metric).Bind(2, d.month).Bind(3, d.key).Bind(4, d.delta).Bind(5, report_id);
    st.Bind(6, d.delta);
    if (auto r = StepDone(c, st); !r.ok()) return r;
  }
  return Status::Ok();
}

Status MarkLinkPending(Conn& c, const std::string& report_id) {
  auto s = c.Prepare("INSERT OR IGNORE INTO link_pending(report_id) VALUES(?)");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, report_id);
  if (st.Step() != SQLITE_DONE) return DbError(c);
  return Status::Ok();
}

}  // namespace portsafe::store
