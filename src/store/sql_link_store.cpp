// SqlLinkStore (sql_link_store.h): the blind link index (store/link_store.h).
#include "store/sql_link_store.h"
#include "store/sql_helpers.h"

namespace portsafe::store {
namespace {

// Postings of the bulk rebuild go in transactions of this many rows, so the
// writer thread takes other writes (new reports) in between.
constexpr size_t kBulkChunk = 200000;
// Rows per INSERT statement: one statement of many rows costs SQLite much
// less than as many statements (1.8x the rows per second, docs/performance.md).
constexpr size_t kRowsPerInsert = 64;

// "INSERT ... VALUES(?,?),(?,?),..." with `rows` rows of `columns` (1 or 2).
std::string MultiInsert(const char* head, size_t rows, size_t columns = 2) {
  const char* row = columns == 1 ? "(?)" : "(?,?)";
  std::string sql = head;
  for (size_t i = 0; i < rows; ++i) sql += std::string(i == 0 ? " VALUES" : ",") + row;
  return sql;
}

Status DeletePostings(Conn& c, const std::vector<LinkPosting>& postings) {
  auto s = c.Prepare("DELETE FROM link_postings WHERE posting=?");
  if (!s.ok()) return s.error();
  for (const auto& p : postings) {
    Stmt st(*s);
    st.BindBlob(1, p.bytes());
    if (st.Step() != kDone) return DbError(c);
  }
  return Status::Ok();
}

// Inserts the postings `next` yields (nullptr at the end), at most `max`.
// Returns how many it took.
template <typename Next>
Result<size_t> InsertPostings(Conn& c, Next next, size_t max) {
  static const std::string many =
      MultiInsert("INSERT INTO link_postings(posting)", kRowsPerInsert, 1) +
      " ON CONFLICT DO NOTHING";
  auto m = c.Prepare(many.c_str());
  if (!m.ok()) return m.error();
  auto one = c.Prepare("INSERT INTO link_postings(posting) VALUES(?) ON CONFLICT DO NOTHING");
  if (!one.ok()) return one.error();
  const LinkPosting* batch[kRowsPerInsert];
  size_t taken = 0;
  for (;;) {
    size_t n = 0;
    while (n < kRowsPerInsert && taken + n < max) {
      const LinkPosting* p = next();
      if (p == nullptr) break;
      batch[n++] = p;
    }
    taken += n;
    if (n == kRowsPerInsert) {
      Stmt st(*m);
      for (size_t k = 0; k < n; ++k) st.BindBlob(static_cast<int>(k + 1), batch[k]->bytes());
      if (st.Step() != kDone) return DbError(c);
      continue;
    }
    for (size_t k = 0; k < n; ++k) {
      Stmt st(*one);
      st.BindBlob(1, batch[k]->bytes());
      if (st.Step() != kDone) return DbError(c);
    }
    return taken;
  }
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

Status ApplyUpdate(Conn& c, const LinkUpdate& u) {
  if (auto st = DeletePostings(c, u.remove); !st.ok()) return st;
  bool exists = false;
  {
    auto s = c.Prepare("SELECT 1 FROM reports WHERE id=?");
    if (!s.ok()) return s.error();
    Stmt st(*s);
    st.Bind(1, u.report_id);
    exists = st.Step() == kRow;
  }
  if (u.entries.empty() || !exists) {
    if (auto st = RunKeyed(c, "DELETE FROM link_entries WHERE report_id=?", u.report_id);
        !st.ok()) {
      return st;
    }
  } else {
    size_t i = 0;
    auto next = [&u, &i]() -> const LinkPosting* {
      return i < u.add.size() ? &u.add[i++] : nullptr;
    };
    if (auto n = InsertPostings(c, next, u.add.size()); !n.ok()) return n.error();
    if (auto st = InsertEntries(c, u.report_id, u.entries); !st.ok()) return st;
  }
  if (auto st = RunKeyed(c, "DELETE FROM link_garbage WHERE report_id=?", u.report_id); !st.ok()) {
    return st;
  }
  return RunKeyed(c, "DELETE FROM link_pending WHERE report_id=?", u.report_id);
}

}  // namespace

Result<std::vector<std::string>> SqlLinkStore::ListLinkPending(size_t limit) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<std::string>(
      r.conn(), "SELECT report_id FROM link_pending LIMIT CAST(? AS INTEGER)",
      [](const Stmt& st) { return st.Text(0); }, std::to_string(limit));
}

Result<std::int64_t> SqlLinkStore::CountLinkPending() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto rows = Collect<std::int64_t>(r.conn(), "SELECT COUNT(*) FROM link_pending",
                                    [](const Stmt& st) { return st.Int(0); });
  if (!rows.ok()) return rows.error();
  return rows->empty() ? 0 : rows->front();
}

Result<std::vector<LinkEntriesRow>> SqlLinkStore::ListLinkGarbage(size_t limit) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<LinkEntriesRow>(
      r.conn(),
      "SELECT g.report_id, COALESCE(e.entries, CAST('' AS BLOB)) FROM link_garbage g "
      "LEFT JOIN link_entries e ON e.report_id = g.report_id LIMIT CAST(? AS INTEGER)",
      [](const Stmt& st) {
        return LinkEntriesRow{st.Text(0), st.Text(1)};
      },
      std::to_string(limit));
}

Result<std::vector<LinkEntriesRow>> SqlLinkStore::ListLinkEntries(const std::string& after,
                                                                  size_t limit) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  return Collect<LinkEntriesRow>(
      r.conn(),
      "SELECT report_id, entries FROM link_entries WHERE report_id > ? ORDER BY report_id "
      "LIMIT CAST(? AS INTEGER)",
      [](const Stmt& st) {
        return LinkEntriesRow{st.Text(0), st.Text(1)};
      },
      after, std::to_string(limit));
}

Result<std::optional<std::string>> SqlLinkStore::FindLinkEntries(const std::string& report_id) {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto rows = Collect<std::string>(
      r.conn(), "SELECT entries FROM link_entries WHERE report_id=?",
      [](const Stmt& st) { return st.Text(0); }, report_id);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(rows->front()));
}

Result<std::vector<IndexSource>> SqlLinkStore::ListIndexSources(const std::string& after,
                                                                size_t limit) {
  SqlDatabase::Reader r(db_);
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
  while ((rc = st.Step()) == kRow) {
    const std::string id = st.Text(0);
    while (at < reports->size() && (*reports)[at].report_id < id) ++at;
    if (at < reports->size() && (*reports)[at].report_id == id) {
      (*reports)[at].reporter_messages.push_back(st.Text(1));
    }
  }
  if (rc != kDone) return DbError(r.conn());
  return reports;
}

Result<std::vector<std::string>> SqlLinkStore::ListLinkRefs(const std::string& term, size_t limit) {
  if (term.size() != LinkPosting::kTermBytes) return std::vector<std::string>{};
  // The postings of a term are the keys from the term up to (not
  // including) the next term: the term as a big-endian number, plus one.
  std::string upper = term;
  size_t i = upper.size();
  while (i > 0 && static_cast<unsigned char>(upper[i - 1]) == 0xff) upper[--i] = '\0';
  const bool last = i == 0;  // all ones: no term comes after
  if (!last) upper[i - 1] = static_cast<char>(static_cast<unsigned char>(upper[i - 1]) + 1);
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto s = r.conn().Prepare(
      last ? "SELECT substr(posting, 17) FROM link_postings WHERE posting >= ? LIMIT ?"
           : "SELECT substr(posting, 17) FROM link_postings WHERE posting >= ? AND posting < ? "
             "LIMIT ?");
  if (!s.ok()) return s.error();
  Stmt st(*s);
  st.BindBlob(1, term);
  if (last) {
    st.Bind(2, static_cast<std::int64_t>(limit));
  } else {
    st.BindBlob(2, upper).Bind(3, static_cast<std::int64_t>(limit));
  }
  std::vector<std::string> out;
  int rc;
  while ((rc = st.Step()) == kRow) out.push_back(st.Text(0));
  if (rc != kDone) return DbError(r.conn());
  return out;
}

Status SqlLinkStore::PutLinkIndex(std::vector<LinkUpdate> updates) {
  if (updates.empty()) return Status::Ok();
  return db_->RunSync([&updates](Conn& c) -> Status {
    for (const auto& u : updates) {
      if (auto st = ApplyUpdate(c, u); !st.ok()) return st;
    }
    return Status::Ok();
  });
}

Status SqlLinkStore::ClearLinkIndex() {
  return db_->RunSync([](Conn& c) -> Status {
    // Without secure deletion, which would overwrite every freed page: what
    // goes here belongs to reports that are still stored (the index of
    // purged reports went before, with the key), and their new index holds
    // the same. Secure deletion is back on before anything else runs.
    Status st = c.SetSecureDelete(false);
    for (const char* sql :
         {"DELETE FROM link_postings", "DELETE FROM link_entries", "DELETE FROM link_pending",
          "INSERT INTO meta(key, value) VALUES('link_rebuild', '1') "
          "ON CONFLICT(key) DO UPDATE SET value=excluded.value"}) {
      if (st.ok()) st = c.Exec(sql);
    }
    if (Status on = c.SetSecureDelete(true); !on.ok()) return on;
    return st;
  });
}

Status SqlLinkStore::PutLinkEntries(std::vector<LinkEntriesRow> rows) {
  return db_->RunSync([&rows](Conn& c) -> Status {
    static const std::string many =
        MultiInsert("INSERT INTO link_entries(report_id, entries)", kRowsPerInsert) +
        " ON CONFLICT(report_id) DO UPDATE SET entries=excluded.entries";
    auto m = c.Prepare(many.c_str());
    if (!m.ok()) return m.error();
    size_t i = 0;
    for (; rows.size() - i >= kRowsPerInsert; i += kRowsPerInsert) {
      Stmt ins(*m);
      for (size_t k = 0; k < kRowsPerInsert; ++k) {
        ins.Bind(static_cast<int>(2 * k + 1), rows[i + k].report_id);
        ins.BindBlob(static_cast<int>(2 * k + 2), rows[i + k].entries);
      }
      if (ins.Step() != kDone) return DbError(c);
    }
    for (; i < rows.size(); ++i) {
      if (auto s = InsertEntries(c, rows[i].report_id, rows[i].entries); !s.ok()) return s;
    }
    return Status::Ok();
  });
}

Status SqlLinkStore::PutLinkPostings(std::vector<std::vector<LinkPosting>> runs) {
  // A k-way merge of the sorted runs, fed straight to the inserts.
  std::vector<size_t> at(runs.size(), 0);
  auto next = [&runs, &at]() -> const LinkPosting* {
    const LinkPosting* best = nullptr;
    size_t from = 0;
    for (size_t r = 0; r < runs.size(); ++r) {
      if (at[r] == runs[r].size()) continue;
      const LinkPosting* p = &runs[r][at[r]];
      if (best == nullptr || *p < *best) {
        best = p;
        from = r;
      }
    }
    if (best != nullptr) ++at[from];
    return best;
  };
  for (;;) {
    size_t taken = 0;
    Status st = db_->RunSync([&](Conn& c) -> Status {
      auto n = InsertPostings(c, next, kBulkChunk);
      if (!n.ok()) return n.error();
      taken = *n;
      return Status::Ok();
    });
    if (!st.ok()) return st;
    if (taken < kBulkChunk) return Status::Ok();
  }
}

Status SqlLinkStore::FinishLinkRebuild() {
  return db_->RunSync([](Conn& c) { return c.Exec("DELETE FROM meta WHERE key='link_rebuild'"); });
}

Result<std::int64_t> SqlLinkStore::LinkIndexVersion() {
  SqlDatabase::Reader r(db_);
  if (!r.ok()) return r.error();
  auto rows = Collect<std::int64_t>(
      r.conn(),
      "SELECT CASE WHEN EXISTS (SELECT 1 FROM meta WHERE key='link_rebuild') THEN -1 "
      "ELSE CAST(value AS INTEGER) END FROM meta WHERE key='link_index_version'",
      [](const Stmt& st) { return st.Int(0); });
  if (!rows.ok()) return rows.error();
  return rows->empty() ? 0 : rows->front();
}

Status SqlLinkStore::ResetLinkIndex(std::int64_t version) {
  return db_->RunSync([version](Conn& c) -> Status {
    for (const char* sql :
         {"DELETE FROM link_postings", "DELETE FROM link_entries",
          "DELETE FROM meta WHERE key='link_rebuild'",
          "INSERT INTO link_pending SELECT id FROM reports WHERE true ON CONFLICT DO NOTHING"}) {
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
