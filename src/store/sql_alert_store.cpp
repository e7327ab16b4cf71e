// SqlAlertStore (sql_alert_store.h): where an alert's row and its
// acknowledgements are written.
#include "store/sql_alert_store.h"

#include "store/sql_helpers.h"

namespace portsafe::store {
namespace {

#define PORTSAFE_ALERT_COLUMNS                                                       \
  "id, status, tlp, public_site, drafted_by, drafted_on, approved_by, approved_on, " \
  "expires_on, sealed"

Result<AlertRow> ReadAlert(const Stmt& st) {
  AlertRow a;
  a.id = st.Text(0);
  auto status = core::AlertStatusFromInt(st.Int(1));
  auto tlp = core::TlpFromInt(st.Int(2));
  if (!status || !tlp) return Internal("alert " + a.id + " has a status or marking that is none");
  a.status = *status;
  a.tlp = *tlp;
  a.public_site = st.Int(3) != 0;
  a.drafted_by = st.Text(4);
  a.drafted_on = st.Text(5);
  a.approved_by = st.Text(6);
  a.approved_on = st.Text(7);
  a.expires_on = st.Text(8);
  a.sealed = st.Text(9);
  return a;
}

}  // namespace

Status SqlAlertStore::PutAlert(const AlertRow& a) {
  return db_->RunSync([&a](Conn& c) -> Status {
    auto s =
        c.Prepare("INSERT INTO alerts(" PORTSAFE_ALERT_COLUMNS ") VALUES(?,?,?,?,?,?,?,?,?,?)");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, a.id).Bind(2, static_cast<std::int64_t>(a.status));
    st.Bind(3, static_cast<std::int64_t>(a.tlp)).Bind(4, std::int64_t{a.public_site ? 1 : 0});
    st.Bind(5, a.drafted_by).Bind(6, a.drafted_on).Bind(7, a.approved_by);
    st.Bind(8, a.approved_on).Bind(9, a.expires_on).BindBlob(10, a.sealed);
    return StepDone(c, st);
  });
}

Result<AlertRow> SqlAlertStore::FindAlert(const std::string& id) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto rows = Collect<AlertRow>(
      r.conn(), "SELECT " PORTSAFE_ALERT_COLUMNS " FROM alerts WHERE id=?", ReadAlert, id);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return NotFound("no such alert");
  return std::move(rows->front());
}

Result<std::vector<AlertRow>> SqlAlertStore::ListAlerts(const std::string& live_on) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  if (live_on.empty()) {
    return Collect<AlertRow>(r.conn(),
                             "SELECT " PORTSAFE_ALERT_COLUMNS
                             " FROM alerts ORDER BY drafted_on DESC, id DESC LIMIT 1000",
                             ReadAlert);
  }
  return Collect<AlertRow>(r.conn(),
                           "SELECT " PORTSAFE_ALERT_COLUMNS
                           " FROM alerts WHERE status = 1 AND expires_on >= ? "
                           "ORDER BY approved_on DESC, id DESC LIMIT 1000",
                           ReadAlert, live_on);
}

Status SqlAlertStore::ApproveAlert(const std::string& id, const std::string& by,
                                   const std::string& on) {
  return db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare(
        "UPDATE alerts SET status = 1, approved_by = ?, approved_on = ? "
        "WHERE id = ? AND status = 0");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, by).Bind(2, on).Bind(3, id);
    if (st.Step() != kDone) return DbError(c);
    if (c.Changes() > 0) return Status::Ok();
    auto e = c.Prepare("SELECT 1 FROM alerts WHERE id = ?");
    if (!e.ok()) return e.error();
    Stmt ex(*e);
    ex.Bind(1, id);
    const int rc = ex.Step();
    if (rc == kRow) return AlreadyExists("the alert was approved already");
    if (rc == kDone) return NotFound("no such alert");
    return DbError(c);
  });
}

Status SqlAlertStore::PutAlertAck(const AlertAckRow& a) {
  return db_->RunSync([&a](Conn& c) -> Status {
    auto s = c.Prepare(
        "INSERT INTO alert_acks(alert_id, user_id, facility_code, acknowledged_on) "
        "VALUES(?,?,?,?) ON CONFLICT(alert_id, user_id) DO NOTHING");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, a.alert_id).Bind(2, a.user_id).Bind(3, a.facility_code).Bind(4, a.acknowledged_on);
    return StepDone(c, st);
  });
}

Result<std::vector<AlertAckRow>> SqlAlertStore::ListAlertAcks(const std::string& alert_id) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<AlertAckRow>(
      r.conn(),
      "SELECT alert_id, facility_code, user_id, acknowledged_on FROM alert_acks "
      "WHERE alert_id = ? ORDER BY acknowledged_on, facility_code, user_id",
      [](const Stmt& st) {
        return AlertAckRow{st.Text(0), st.Text(1), st.Text(2), st.Text(3)};
      },
      alert_id);
}

#undef PORTSAFE_ALERT_COLUMNS

}  // namespace portsafe::store
