// SqlMembershipStore (sql_membership_store.h): facilities, applications, invitations,
// tallies, newsletters and settings. Where a membership row is written.
#include "store/sql_membership_store.h"
#include "store/sql_helpers.h"

namespace portsafe::store {
namespace {

constexpr const char* kApplicationColumns =
    "id, operator_group, port_code, facility_name, email, staff_count, submitted_on, status, "
    "decided_on, reason, facility_code";

ApplicationRow ReadApplication(const Stmt& st) {
  ApplicationRow a;
  a.id = st.Text(0);
  a.operator_group = st.Text(1);
  a.port_code = st.Text(2);
  a.facility_name = st.Text(3);
  a.email = st.Text(4);
  a.staff_count = st.Int(5);
  a.submitted_on = st.Text(6);
  a.status = st.Text(7);
  a.decided_on = st.Text(8);
  a.reason = st.Text(9);
  a.facility_code = st.Text(10);
  return a;
}

Status InsertInvitation(Conn& c, const InvitationRow& inv) {
  auto s = c.Prepare(
      "INSERT INTO invitations(token_hash, email, role, facility_code, agency_code, expires_at) "
      "VALUES(?,?,?,?,?,?)");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.BindBlob(1, inv.token_hash).Bind(2, inv.email).Bind(3, inv.role).Bind(4, inv.facility_code);
  st.Bind(5, inv.agency_code).Bind(6, inv.expires_at);
  return StepDone(c, st);
}

}  // namespace

Result<std::vector<Facility>> SqlMembershipStore::ListFacilities() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<Facility>(r.conn(),
                           "SELECT code, port_code, name, operator_group, status, joined_on "
                           "FROM facilities ORDER BY code",
                           ReadFacility);
}

Status SqlMembershipStore::SetFacilityStatus(const std::string& code, const std::string& status) {
  return db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare("UPDATE facilities SET status=? WHERE code=?");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, status).Bind(2, code);
    return StepUpdate(c, st, "no such facility");
  });
}

Status SqlMembershipStore::PutApplication(const ApplicationRow& a) {
  return db_->RunSync([&a](Conn& c) -> Status {
    auto s = c.Prepare(
        "INSERT INTO applications(id, operator_group, port_code, facility_name, email, "
        "staff_count, submitted_on, status, decided_on, reason, facility_code) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, a.id).Bind(2, a.operator_group).Bind(3, a.port_code).Bind(4, a.facility_name);
    st.Bind(5, a.email).Bind(6, a.staff_count).Bind(7, a.submitted_on).Bind(8, a.status);
    st.Bind(9, a.decided_on).Bind(10, a.reason).Bind(11, a.facility_code);
    return StepDone(c, st);
  });
}

Result<std::vector<ApplicationRow>> SqlMembershipStore::ListApplications() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  static const std::string sql = std::string("SELECT ") + kApplicationColumns +
                                 " FROM applications ORDER BY submitted_on DESC, id";
  return Collect<ApplicationRow>(r.conn(), sql.c_str(), ReadApplication);
}

Result<ApplicationRow> SqlMembershipStore::FindApplication(const std::string& id) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  static const std::string sql =
      std::string("SELECT ") + kApplicationColumns + " FROM applications WHERE id=?";
  auto s = r.conn().Prepare(sql.c_str());
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, id);
  int rc = st.Step();
  if (rc == kDone) return NotFound("no such application");
  if (rc != kRow) return DbError(r.conn());
  return ReadApplication(st);
}

Status SqlMembershipStore::DecideApplication(const ApplicationRow& a, const Facility* facility,
                                             const InvitationRow* invitation) {
  return db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare(
        "UPDATE applications SET status=?, decided_on=?, reason=?, facility_code=? "
        "WHERE id=? AND status='pending'");
    if (!s.ok()) return s.error();
    {
      Stmt st(*s);
      st.Bind(1, a.status).Bind(2, a.decided_on).Bind(3, a.reason).Bind(4, a.facility_code);
      st.Bind(5, a.id);
      if (auto r = StepDone(c, st); !r.ok()) return r;
      if (c.Changes() == 0) return AlreadyExists("the application was decided already");
    }
    if (facility != nullptr) {
      if (auto r = InsertFacility(c, *facility); !r.ok()) return r;
    }
    if (invitation != nullptr) return InsertInvitation(c, *invitation);
    return Status::Ok();
  });
}

Status SqlMembershipStore::PutInvitation(const InvitationRow& inv) {
  return db_->RunSync([&inv](Conn& c) { return InsertInvitation(c, inv); });
}

Result<std::optional<InvitationRow>> SqlMembershipStore::FindInvitation(
    const std::string& token_hash) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(
      "SELECT token_hash, email, role, facility_code, agency_code, expires_at FROM invitations "
      "WHERE token_hash=?");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.BindBlob(1, token_hash);
  int rc = st.Step();
  if (rc == kDone) return std::optional<InvitationRow>();
  if (rc != kRow) return DbError(r.conn());
  return std::optional<InvitationRow>(
      InvitationRow{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Int(5)});
}

Status SqlMembershipStore::DeleteInvitation(const std::string& token_hash) {
  return db_->RunSync([&token_hash](Conn& c) -> Status {
    auto s = c.Prepare("DELETE FROM invitations WHERE token_hash=?");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.BindBlob(1, token_hash);
    return StepUpdate(c, st, "no such invitation");
  });
}

Status SqlMembershipStore::AddTally(const TallyRow& d) {
  if (d.count < 1) return InvalidArgument("a tally grows by at least 1");
  return db_->RunSync([&d](Conn& c) -> Status {
    auto s = c.Prepare(
        "INSERT INTO tallies(metric, facility_code, port_code, month, key, count) "
        "VALUES(?,?,?,?,?,?) ON CONFLICT(metric, facility_code, port_code, month, key) "
        "DO UPDATE SET count = tallies.count + excluded.count");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, d.metric).Bind(2, d.facility_code).Bind(3, d.port_code).Bind(4, d.month);
    st.Bind(5, d.key).Bind(6, d.count);
    return StepDone(c, st);
  });
}

Result<std::vector<TallyRow>> SqlMembershipStore::ListTallies() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<TallyRow>(r.conn(),
                           "SELECT metric, facility_code, port_code, month, key, count "
                           "FROM tallies WHERE count > 0",
                           [](const Stmt& st) {
                             return TallyRow{st.Text(0), st.Text(1), st.Text(2),
                                             st.Text(3), st.Text(4), st.Int(5)};
                           });
}

Result<std::vector<FigureMonthRow>> SqlMembershipStore::ListFigureMonths() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<FigureMonthRow>(r.conn(), "SELECT month, body FROM figure_months ORDER BY month",
                                 [](const Stmt& st) {
                                   return FigureMonthRow{st.Text(0), st.Text(1)};
                                 });
}

Result<std::string> SqlMembershipStore::PublishFigureMonth(const FigureMonthRow& row) {
  std::string stored;
  auto st = db_->RunSync([&row, &stored](Conn& c) -> Status {
    auto ins = c.Prepare(
        "INSERT INTO figure_months(month, body) VALUES(?,?) ON CONFLICT(month) DO NOTHING");
    if (!ins.ok()) return ins.error();
    {
      Stmt st(*ins);
      st.Bind(1, row.month).Bind(2, row.body);
      if (auto s = StepDone(c, st); !s.ok()) return s;
    }
    auto sel = c.Prepare("SELECT body FROM figure_months WHERE month=?");
    if (!sel.ok()) return sel.error();
    Stmt st(*sel);
    st.Bind(1, row.month);
    if (st.Step() != kRow) return DbError(c);
    stored = st.Text(0);
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return stored;
}

Status SqlMembershipStore::PutNewsletter(const NewsletterRow& n) {
  return db_->RunSync([&n](Conn& c) -> Status {
    auto s = c.Prepare(
        "INSERT INTO newsletters(id, subject, markdown, sent_on, recipients) VALUES(?,?,?,?,?)");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, n.id).Bind(2, n.subject).Bind(3, n.markdown).Bind(4, n.sent_on);
    st.Bind(5, n.recipients);
    return StepDone(c, st);
  });
}

Result<std::vector<NewsletterRow>> SqlMembershipStore::ListNewsletters() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<NewsletterRow>(
      r.conn(),
      "SELECT id, subject, markdown, sent_on, recipients FROM newsletters "
      "ORDER BY sent_on DESC, id",
      [](const Stmt& st) {
        return NewsletterRow{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Int(4)};
      });
}

Result<std::string> SqlMembershipStore::GetSetting(const std::string& key) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare("SELECT value FROM meta WHERE key=?");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, "setting:" + key);
  int rc = st.Step();
  if (rc == kDone) return std::string();
  if (rc != kRow) return DbError(r.conn());
  return st.Text(0);
}

Status SqlMembershipStore::PutSetting(const std::string& key, const std::string& value) {
  return db_->RunSync([&](Conn& c) -> Status {
    auto s = c.Prepare(
        "INSERT INTO meta(key, value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET "
        "value=excluded.value");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, "setting:" + key).Bind(2, value);
    return StepDone(c, st);
  });
}

}  // namespace portsafe::store
