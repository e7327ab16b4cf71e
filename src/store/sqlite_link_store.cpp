// SqliteStore's LinkStore half: the blind link index (store/link_store.h).
#include "store/sqlite_helpers.h"
#include "store/sqlite_store.h"

namespace portsafe::store {
namespace {

// Postings of the bulk rebuild go in transactions of this many rows, so the
// writer thread takes other writes (new reports) in between.
constexpr size_t kBulkChunk = 200000;
// Rows per INSERT statement: one statement of many rows costs SQLite much
// less than as many statements (1.8x the rows per second, docs/performance.md).
constexpr size_t kRowsPerInsert = 64;

// "INSERT ... VALUES(?,?),(?,?),..." with `rows` rows.
std::string MultiInsert(const char* head, size_t rows) {
  std::string sql = head;
  for (size_t i = 0; i < rows; ++i) sql += i == 0 ? " VALUES(?,?)" : ",(?,?)";
  return sql;
}

Status DeletePostings(Conn& c, const std::vector<LinkPosting>& postings) {
  auto s = c.Prepare("DELETE FROM link_postings WHERE term=? AND ref=?");
  if (!s.ok()) return s.error();
  for (const auto& p : postings) {
    Stmt st(*s);
    st.BindBlob(1, p.term_bytes()).BindBlob(2, p.ref_bytes());
    if (st.Step() != SQLITE_DONE) return DbError(c);
  }
  return Status::Ok();
}

Status InsertPostings(Conn& c, const LinkPosting* begin, const LinkPosting* end) {
  static const std::string many =
      MultiInsert("INSERT OR IGNORE INTO link_postings(term, ref)", kRowsPerInsert);
  auto m = c.Prepare(many.c_str());
  if (!m.ok()) return m.error();
  const LinkPosting* p = begin;
  for (; end - p >= static_cast<std::ptrdiff_t>(kRowsPerInsert); p += kRowsPerInsert) {
    Stmt st(*m);
    for (size_t k = 0; k < kRowsPerInsert; ++k) {
      st.BindBlob(static_cast<int>(2 * k + 1), p[k].term_bytes());
      st.BindBlob(static_cast<int>(2 * k + 2), p[k].ref_bytes());
    }
    if (st.Step() != SQLITE_DONE) return DbError(c);
  }
  auto one = c.Prepare("INSERT OR IGNORE INTO link_postings(term, ref) VALUES(?,?)");
  if (!one.ok()) return one.error();
  for (; p != end; ++p) {
    Stmt st(*one);
    st.BindBlob(1, p->term_bytes()).BindBlob(2, p->ref_bytes());
    if (st.Step() != SQLITE_DONE) return DbError(c);
  }
  return Status::Ok();
}

Status InsertEntries(Conn& c, const std::string& report_id, const std::string& entries) {
  auto s = c.Prepare(
      "INSERT INTO link_entries(report_id, entries) VALUES(?,?) "
      "ON CONFLICT(report_id) DO UPDATE SET entries=excluded.entries");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, report_id).BindBlob(2, entries);
  return StepDone(c, st);
}

// Runs a statement with one text parameter to completion.
Status RunWith(Conn& c, const char* sql, const std::string& key) {
  auto s = c.Prepare(sql);
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, key);
  if (st.Step() != SQLITE_DONE) return DbError(c);
  return Status::Ok();
}

Status ApplyUpdate(Conn& c, const LinkUpdate& u) {
  if (auto st = DeletePostings(c, u.remove); !st.ok()) return st;
  bool exists = false;
  {
    auto s = c.Prepare("SELECT 1 FROM reports WHERE id=?");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, u.report_id);
    exists = st.Step() == SQLITE_ROW;
  }
  if (u.entries.empty() || !exists) {
    if (auto st = RunWith(c, "DELETE FROM link_entries WHERE report_id=?", u.report_id); !st.ok()) {
      return st;
    }
  } else {
    if (auto st = InsertPostings(c, u.add.data(), u.add.data() + u.add.size()); !st.ok()) {
      return st;
    }
    if (auto st = InsertEntries(c, u.report_id, u.entries); !st.ok()) return st;
  }
  if (auto st = RunWith(c, "DELETE FROM link_garbage WHERE report_id=?", u.report_id); !st.ok()) {
    return st;
  }
  return RunWith(c, "DELETE FROM link_pending WHERE report_id=?", u.report_id);
}

}  // namespace

Result<std::vector<std::string>> SqliteStore::ListLinkPending(size_t limit) {
  Reader r(this);
  if (!r.ok()) return r.error();
  return Collect<std::string>(
      r.conn(), "SELECT report_id FROM link_pending LIMIT CAST(? AS INTEGER)",
      [](const Stmt& st) { return st.Text(0); }, std::to_string(limit));
}

Result<std::int64_t> SqliteStore::CountLinkPending() {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto rows = Collect<std::int64_t>(r.conn(), "SELECT COUNT(*) FROM link_pending",
                                    [](const Stmt& st) { return st.Int(0); });
  if (!rows.ok()) return rows.error();
  return rows->empty() ? 0 : rows->front();
}

Result<std::vector<LinkEntriesRow>> SqliteStore::ListLinkGarbage(size_t limit) {
  Reader r(this);
  if (!r.ok()) return r.error();
  return Collect<LinkEntriesRow>(
      r.conn(),
      "SELECT g.report_id, e.entries FROM link_garbage g "
      "JOIN link_entries e ON e.report_id = g.report_id LIMIT CAST(? AS INTEGER)",
      [](const Stmt& st) {
        return LinkEntriesRow{st.Text(0), st.Text(1)};
      },
      std::to_string(limit));
}

Result<std::optional<std::string>> SqliteStore::FindLinkEntries(const std::string& report_id) {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto rows = Collect<std::string>(
      r.conn(), "SELECT entries FROM link_entries WHERE report_id=?",
      [](const Stmt& st) { return st.Text(0); }, report_id);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(rows->front()));
}

Result<std::vector<IndexSource>> SqliteStore::ListIndexSources(const std::string& after,
                                                               size_t limit) {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto reports = Collect<IndexSource>(
      r.conn(),
      "SELECT id, sealed_key, body FROM reports WHERE id > ? ORDER BY id "
      "LIMIT CAST(? AS INTEGER)",
      [](const Stmt& st) {
        return IndexSource{st.Text(0), st.Text(1), st.Text(2), {}};
      },
      after, std::to_string(limit));
  if (!reports.ok() || reports->empty()) return reports;
  // The reporters' messages of the whole page in one query.
  auto s = r.conn().Prepare(
      "SELECT report_id, body FROM messages WHERE report_id > ? AND report_id <= ? "
      "AND author = 'reporter' ORDER BY report_id, seq");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.Bind(1, after).Bind(2, reports->back().report_id);
  size_t at = 0;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    const std::string id = st.Text(0);
    while (at < reports->size() && (*reports)[at].report_id < id) ++at;
    if (at < reports->size() && (*reports)[at].report_id == id) {
      (*reports)[at].reporter_messages.push_back(st.Text(1));
    }
  }
  if (rc != SQLITE_DONE) return DbError(r.conn());
  return reports;
}

Result<std::vector<std::string>> SqliteStore::ListLinkRefs(const std::string& term, size_t limit) {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare("SELECT ref FROM link_postings WHERE term=? LIMIT ?");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.BindBlob(1, term).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<std::string> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back(st.Text(0));
  if (rc != SQLITE_DONE) return DbError(r.conn());
  return out;
}

Status SqliteStore::PutLinkIndex(std::vector<LinkUpdate> updates) {
  if (updates.empty()) return Status::Ok();
  return RunSync([&updates](Conn& c) -> Status {
    for (const auto& u : updates) {
      if (auto st = ApplyUpdate(c, u); !st.ok()) return st;
    }
    return Status::Ok();
  });
}

Status SqliteStore::ReplaceLinkIndex(std::vector<LinkEntriesRow> entries,
                                     std::vector<LinkPosting> postings) {
  // First transaction: empty the index and store every report's entries;
  // entries of reports purged meanwhile go again at once, and the reports
  // indexed stop waiting. Then the postings, in key order, in chunks.
  Status st = RunSync([&entries](Conn& c) -> Status {
    for (const char* sql :
         {"DELETE FROM link_postings", "DELETE FROM link_entries", "DELETE FROM link_garbage"}) {
      if (auto s = c.Exec(sql); !s.ok()) return s;
    }
    static const std::string many =
        MultiInsert("INSERT OR REPLACE INTO link_entries(report_id, entries)", kRowsPerInsert);
    auto m = c.Prepare(many.c_str());
    if (!m.ok()) return m.error();
    size_t i = 0;
    for (; entries.size() - i >= kRowsPerInsert; i += kRowsPerInsert) {
      Stmt q(*m);
      for (size_t k = 0; k < kRowsPerInsert; ++k) {
        q.Bind(static_cast<int>(2 * k + 1), entries[i + k].report_id);
        q.BindBlob(static_cast<int>(2 * k + 2), entries[i + k].entries);
      }
      if (q.Step() != SQLITE_DONE) return DbError(c);
    }
    for (; i < entries.size(); ++i) {
      if (auto s = InsertEntries(c, entries[i].report_id, entries[i].entries); !s.ok()) return s;
    }
    // Emptying the waiting list whole and adding back the reports left out
    // costs far less than deleting the indexed reports from it one by one.
    for (const char* sql :
         {"DELETE FROM link_entries WHERE NOT EXISTS "
          "(SELECT 1 FROM reports WHERE reports.id = link_entries.report_id)",
          "DELETE FROM link_pending",
          "INSERT INTO link_pending SELECT id FROM reports WHERE NOT EXISTS "
          "(SELECT 1 FROM link_entries WHERE link_entries.report_id = reports.id)"}) {
      if (auto s = c.Exec(sql); !s.ok()) return s;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  for (size_t at = 0; at < postings.size(); at += kBulkChunk) {
    const LinkPosting* begin = postings.data() + at;
    const LinkPosting* end = postings.data() + std::min(postings.size(), at + kBulkChunk);
    st = RunSync([begin, end](Conn& c) { return InsertPostings(c, begin, end); });
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

Result<std::int64_t> SqliteStore::LinkIndexVersion() {
  Reader r(this);
  if (!r.ok()) return r.error();
  auto rows = Collect<std::int64_t>(
      r.conn(), "SELECT CAST(value AS INTEGER) FROM meta WHERE key='link_index_version'",
      [](const Stmt& st) { return st.Int(0); });
  if (!rows.ok()) return rows.error();
  return rows->empty() ? 0 : rows->front();
}

Status SqliteStore::ResetLinkIndex(std::int64_t version) {
  return RunSync([version](Conn& c) -> Status {
    for (const char* sql :
         {"DELETE FROM link_postings", "DELETE FROM link_entries", "DELETE FROM link_garbage",
          "INSERT OR IGNORE INTO link_pending SELECT id FROM reports"}) {
      if (auto s = c.Exec(sql); !s.ok()) return s;
    }
    auto s = c.Prepare(
        "INSERT INTO meta(key, value) VALUES('link_index_version', ?) "
        "ON CONFLICT(key) DO UPDATE SET value=excluded.value");
    if (!s.ok()) return s.error();
    Stmt q(*s);
    q.Bind(1, std::to_string(version));
    return StepDone(c, q);
  });
}

}  // namespace portsafe::store
