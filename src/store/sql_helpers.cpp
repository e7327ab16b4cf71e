#include "store/sql_helpers.h"

#include "common/log.h"

namespace portsafe::store {

namespace {

// The driver's text to the log: its first line only, at most 300 bytes (on
// PostgreSQL the lines after it quote the row).
void LogDriverText(std::string_view event, std::string_view detail) {
  log::Warn(event, {{"detail", detail.substr(0, detail.find('\n')).substr(0, 300)}});
}

}  // namespace

Error DatabaseUnavailable(std::string_view detail) {
  LogDriverText("database error", detail);
  return Unavailable("the database is not answering; try again shortly");
}

Error DbError(Conn& c) { return DatabaseUnavailable(c.LastError()); }

// A value the database would not take (text that is not UTF-8, say): the
// caller's fault, in words fit for them; the driver's text goes to the log.
Error RefusedValue(Conn& c) {
  LogDriverText("database refused a value", c.LastError());
  return InvalidArgument("the database refused a value");
}

Status StepDone(Conn& c, Stmt& st) {
  int rc = st.Step();
  if (rc == kUniqueViolation) return AlreadyExists("already exists");
  if (rc == kBadValue) return RefusedValue(c);
  if (rc != kDone) return DbError(c);
  return Status::Ok();
}

Status RunKeyed(Conn& c, const char* sql, std::string_view key, bool blob) {
  auto s = c.Prepare(sql);
  if (!s.ok()) return s.error();
  Stmt st(*s);
  if (blob) {
    st.BindBlob(1, key);
  } else {
    st.Bind(1, key);
  }
  return StepDone(c, st);
}

Status StepUpdate(Conn& c, Stmt& st, const char* missing) {
  if (auto r = StepDone(c, st); !r.ok()) return r;
  return c.Changes() > 0 ? Status::Ok() : Status(NotFound(missing));
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
  if (rc == kUniqueViolation) return AlreadyExists("facility exists: " + f.code);
  if (rc == kForeignKeyViolation) return InvalidArgument("unknown port: " + f.port_code);
  if (rc == kBadValue) return RefusedValue(c);
  if (rc != kDone) return DbError(c);
  return Status::Ok();
}

Facility ReadFacility(const Stmt& st) {
  return Facility{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5)};
}

Status AddTallies(Conn& c, const std::string& report_id, const std::vector<TallyDelta>& deltas) {
  if (deltas.empty()) return Status::Ok();
  auto s = c.Prepare(
      "INSERT INTO tallies(metric, facility_code, port_code, month, key, count) "
      "SELECT CAST(? AS TEXT), facility_code, port_code, CAST(? AS TEXT), CAST(? AS TEXT), "
      "CASE WHEN ? > 0 THEN ? ELSE 0 END FROM reports WHERE id=? "
      "ON CONFLICT(metric, facility_code, port_code, month, key) "
      "DO UPDATE SET count = CASE WHEN tallies.count + ? > 0 THEN tallies.count + ? ELSE 0 END");
  if (!s.ok()) return s.error();
  for (const auto& d : deltas) {
    if (d.delta == 0 || d.month.empty() || d.key.empty()) continue;
    Stmt st(*s);
    st.Bind(1, d.metric).Bind(2, d.month).Bind(3, d.key).Bind(4, d.delta).Bind(5, d.delta);
    st.Bind(6, report_id).Bind(7, d.delta).Bind(8, d.delta);
    if (auto r = StepDone(c, st); !r.ok()) return r;
  }
  return Status::Ok();
}

Status MarkLinkPending(Conn& c, const std::string& report_id) {
  auto s = c.Prepare("INSERT INTO link_pending(report_id) VALUES(?) ON CONFLICT DO NOTHING");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, report_id);
  if (st.Step() != kDone) return DbError(c);
  return Status::Ok();
}

Status ReadStatusAndPriority(std::string_view status_name, std::int64_t priority_value,
                             core::ReportStatus* status, core::Priority* priority) {
  auto s = core::ParseReportStatus(status_name);
  auto p = core::PriorityFromInt(priority_value);
  if (!s || !p) return Internal("a report's status or priority is damaged");
  *status = *s;
  *priority = *p;
  return Status::Ok();
}

Result<ReportRow> ReadReportRow(Conn& c, Stmt& st) {
  int rc = st.Step();
  if (rc == kDone) return NotFound("no such report");
  if (rc != kRow) return DbError(c);
  ReportRow row;
  row.id = st.Text(0);
  row.lookup_id = st.Text(1);
  row.port_code = st.Text(2);
  row.facility_code = st.Text(3);
  row.category = st.Text(4);
  if (auto s = ReadStatusAndPriority(st.Text(5), st.Int(6), &row.status, &row.priority); !s.ok()) {
    return s.error();
  }
  row.received_on = st.Text(7);
  row.sealed_key = st.Text(8);
  row.receipt_wrapped_key = st.Text(9);
  row.body = st.Text(10);
  return row;
}

}  // namespace portsafe::store
