#include "store/sql_report_store.h"

#include "core/limits.h"

#include "store/sql_helpers.h"

namespace portsafe::store {
namespace {

Status InsertFiles(Conn& c, const std::string& report_id, std::int64_t first_seq,
                   const std::vector<FileRow>& files) {
  auto s = c.Prepare(
      "INSERT INTO files(report_id, seq, wrapped_key, sealed_meta, content) VALUES(?,?,?,?,?)");
  if (!s.ok()) return s.error();
  std::int64_t seq = first_seq;
  for (const auto& f : files) {
    Stmt st(*s);
    st.Bind(1, report_id).Bind(2, seq++).BindBlob(3, f.wrapped_key).BindBlob(4, f.sealed_meta);
    st.BindBlob(5, f.content);
    if (st.Step() != kDone) return DatabaseUnavailable(c.LastError());
  }
  return Status::Ok();
}

}  // namespace

void SqlReportStore::CreateReport(ReportRow r, std::vector<FileRow> files, WriteDone done) {
  db_->Enqueue(
      [r = std::move(r), files = std::move(files)](Conn& c) -> Status {
        // PostgreSQL: the report, its tally and its place on the link
        // index's waiting list in one statement, one round trip instead of
        // three (the writer waits for each; docs/performance.md). SQLite
        // runs in-process and has no data-modifying WITH.
        const bool one_trip = c.dialect() == Dialect::kPostgres;
        auto s = c.Prepare(
            one_trip
                ? "WITH r AS (INSERT INTO reports(id, lookup_id, port_code, facility_code, "
                  "category, status, priority, received_on, sealed_key, receipt_wrapped_key, "
                  "body) VALUES(?,?,?,?,?,?,?,?,?,?,?) RETURNING id, facility_code, port_code), "
                  "t AS (INSERT INTO tallies(metric, facility_code, port_code, month, key, count) "
                  "SELECT 'reports', facility_code, port_code, CAST(? AS TEXT), CAST(? AS TEXT), 1 "
                  "FROM r ON CONFLICT(metric, facility_code, port_code, month, key) "
                  "DO UPDATE SET count = tallies.count + 1) "
                  "INSERT INTO link_pending(report_id) SELECT id FROM r ON CONFLICT DO NOTHING"
                : "INSERT INTO reports(id, lookup_id, port_code, facility_code, category, status, "
                  "priority, received_on, sealed_key, receipt_wrapped_key, body) "
                  "VALUES(?,?,?,?,?,?,?,?,?,?,?)");
        if (!s.ok()) return s.error();
        {
          Stmt st(*s);
          st.Bind(1, r.id).BindBlob(2, r.lookup_id).Bind(3, r.port_code).Bind(4, r.facility_code);
          st.Bind(5, r.category).Bind(6, core::ToString(r.status));
          st.Bind(7, static_cast<std::int64_t>(r.priority));
          st.Bind(8, r.received_on).BindBlob(9, r.sealed_key).BindBlob(10, r.receipt_wrapped_key);
          st.BindBlob(11, r.body);
          if (one_trip) st.Bind(12, r.received_on.substr(0, 7)).Bind(13, r.category);
          if (st.Step() != kDone) return DatabaseUnavailable(c.LastError());
        }
        if (!one_trip) {
          if (auto st = AddTallies(c, r.id, {{"reports", r.received_on.substr(0, 7), r.category}});
              !st.ok()) {
            return st;
          }
          if (auto st = MarkLinkPending(c, r.id); !st.ok()) return st;
        }
        return InsertFiles(c, r.id, 1, files);
      },
      std::move(done));
}

void SqlReportStore::AppendMessage(MessageRow m, WriteDone done) {
  db_->Enqueue(
      [m = std::move(m)](Conn& c) -> Status {
        if (auto st = c.LockFor("messages:" + m.report_id); !st.ok()) return st;
        auto next = c.Prepare(
            "SELECT COALESCE(MAX(seq), 0) + 1, "
            "COALESCE(SUM(CASE WHEN author = 'reporter' THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN author = 'reporter' THEN LENGTH(body) ELSE 0 END), 0) "
            "FROM messages WHERE report_id=?");
        if (!next.ok()) return next.error();
        std::int64_t seq;
        {
          Stmt st(*next);
          st.Bind(1, m.report_id);
          if (st.Step() != kRow) return DatabaseUnavailable(c.LastError());
          seq = st.Int(0);
          if (m.author == "reporter" &&
              (st.Int(1) >= static_cast<std::int64_t>(limits::kReporterMessagesPerReport) ||
               st.Int(2) + static_cast<std::int64_t>(m.body.size()) >
                   static_cast<std::int64_t>(limits::kReporterMessageBytesPerReport))) {
            return InvalidArgument("the thread has as many messages from the reporter as allowed");
          }
        }
        auto ins = c.Prepare(
            "INSERT INTO messages(report_id, seq, author, sent_on, body) VALUES(?,?,?,?,?)");
        if (!ins.ok()) return ins.error();
        {
          Stmt st(*ins);
          st.Bind(1, m.report_id).Bind(2, seq).Bind(3, m.author).Bind(4, m.sent_on);
          st.BindBlob(5, m.body);
          if (st.Step() != kDone) return NotFound("no such report");
        }
        // A reporter's words may name more things: index the report again.
        return m.author == "reporter" ? MarkLinkPending(c, m.report_id) : Status::Ok();
      },
      std::move(done));
}

void SqlReportStore::AddFiles(std::string report_id, std::vector<FileRow> files, size_t max_files,
                              WriteDone done) {
  db_->Enqueue(
      [id = std::move(report_id), files = std::move(files), max_files](Conn& c) -> Status {
        if (auto st = c.LockFor("files:" + id); !st.ok()) return st;
        auto cnt = c.Prepare("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM files WHERE report_id=?");
        if (!cnt.ok()) return cnt.error();
        std::int64_t count, last;
        {
          Stmt st(*cnt);
          st.Bind(1, id);
          if (st.Step() != kRow) return DatabaseUnavailable(c.LastError());
          count = st.Int(0);
          last = st.Int(1);
        }
        if (static_cast<size_t>(count) + files.size() > max_files) {
          return InvalidArgument("a report can hold at most " + std::to_string(max_files) +
                                 " files");
        }
        return InsertFiles(c, id, last + 1, files);
      },
      std::move(done));
}

Result<ReportRow> SqlReportStore::FindReportByLookup(const std::string& lookup_id) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(
      "SELECT id, lookup_id, port_code, facility_code, category, status, priority, received_on, "
      "sealed_key, receipt_wrapped_key, body FROM reports WHERE lookup_id=?");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.BindBlob(1, lookup_id);
  return ReadReportRow(r.conn(), st);
}

Result<std::vector<MessageRow>> SqlReportStore::ListMessages(const std::string& report_id) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<MessageRow>(
      r.conn(), "SELECT seq, author, sent_on, body FROM messages WHERE report_id=? ORDER BY seq",
      [&report_id](const Stmt& st) {
        return MessageRow{report_id, st.Int(0), st.Text(1), st.Text(2), st.Text(3)};
      },
      report_id);
}

Result<std::vector<FileRow>> SqlReportStore::ListFiles(const std::string& report_id,
                                                       bool with_content) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<FileRow>(
      r.conn(),
      with_content ? "SELECT seq, wrapped_key, sealed_meta, content FROM files "
                     "WHERE report_id=? ORDER BY seq"
                   : "SELECT seq, wrapped_key, sealed_meta, CAST('' AS BLOB) FROM files "
                     "WHERE report_id=? ORDER BY seq",
      [&report_id](const Stmt& st) {
        return FileRow{report_id, st.Int(0), st.Text(1), st.Text(2), st.Text(3)};
      },
      report_id);
}

Result<std::int64_t> SqlReportStore::CountReports() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare("SELECT COUNT(*) FROM reports");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  if (st.Step() != kRow) return DatabaseUnavailable(r.conn().LastError());
  return st.Int(0);
}

Status SqlReportStore::PutPorts(const std::vector<PortRow>& ports) {
  return db_->RunSync([&ports](Conn& c) -> Status {
    auto s = c.Prepare(
        "INSERT INTO ports(code, name, subdivision, status) VALUES(?,?,?,?) "
        "ON CONFLICT(code) DO UPDATE SET name=excluded.name, subdivision=excluded.subdivision, "
        "status=excluded.status");
    if (!s.ok()) return s.error();
    for (const auto& p : ports) {
      Stmt st(*s);
      st.Bind(1, p.code).Bind(2, p.name).Bind(3, p.subdivision).Bind(4, p.status);
      if (st.Step() != kDone) return DatabaseUnavailable(c.LastError());
    }
    return Status::Ok();
  });
}

Result<std::vector<PortRow>> SqlReportStore::LoadPorts() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<PortRow>(r.conn(),
                          "SELECT code, name, subdivision, status FROM ports ORDER BY code",
                          [](const Stmt& st) {
                            return PortRow{st.Text(0), st.Text(1), st.Text(2), st.Text(3)};
                          });
}

Status SqlReportStore::PutFacility(const Facility& f) {
  return db_->RunSync([&f](Conn& c) { return InsertFacility(c, f); });
}

Result<std::optional<Facility>> SqlReportStore::FindFacility(const std::string& code) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(
      "SELECT code, port_code, name, operator_group, status, joined_on FROM facilities "
      "WHERE code=?");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, code);
  int rc = st.Step();
  if (rc == kDone) return std::optional<Facility>();
  if (rc != kRow) return DatabaseUnavailable(r.conn().LastError());
  return std::optional<Facility>(ReadFacility(st));
}

}  // namespace portsafe::store
