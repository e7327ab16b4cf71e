#include "store/schema.h"

#include <string>
#include <vector>

namespace portsafe::store {
namespace {

// Version 1 of the schema. Only the columns listed in docs/security.md are in
// the clear; blobs are ciphertext.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE ports(
  code TEXT PRIMARY KEY, name TEXT NOT NULL, subdivision TEXT NOT NULL, status TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE facilities(
  code TEXT PRIMARY KEY, port_code TEXT NOT NULL REFERENCES ports(code), name TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE reports(
  id TEXT PRIMARY KEY,
  lookup_id BLOB NOT NULL UNIQUE,
  port_code TEXT NOT NULL,
  facility_code TEXT NOT NULL,
  category TEXT NOT NULL,
  status TEXT NOT NULL,
  priority INTEGER NOT NULL,
  received_on TEXT NOT NULL,
  sealed_key BLOB NOT NULL,
  receipt_wrapped_key BLOB NOT NULL,
  body BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE messages(
  report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  author TEXT NOT NULL,
  sent_on TEXT NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY(report_id, seq)
) WITHOUT ROWID;
CREATE TABLE files(
  report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  wrapped_key BLOB NOT NULL,
  sealed_meta BLOB NOT NULL,
  content BLOB NOT NULL,
  PRIMARY KEY(report_id, seq)
) WITHOUT ROWID;
)sql";

// Version 2: staff. Accounts hold only wrapped keys and a password verifier;
// handling.sealed is sealed with the report's content key.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE users(
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  agency_code TEXT NOT NULL,
  facility_code TEXT NOT NULL,
  created_on TEXT NOT NULL,
  pw_salt BLOB NOT NULL, pw_ops INTEGER NOT NULL, pw_mem INTEGER NOT NULL,
  pw_verifier BLOB NOT NULL,
  public_key BLOB NOT NULL,
  wrapped_by_password BLOB NOT NULL,
  wrapped_by_recovery BLOB NOT NULL,
  totp_sealed BLOB NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  totp_last_step INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE key_grants(
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key_name TEXT NOT NULL,
  sealed BLOB NOT NULL,
  PRIMARY KEY(user_id, key_name)
) WITHOUT ROWID;
CREATE TABLE agencies(
  code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
  public_key BLOB NOT NULL, ports TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE audit(seq INTEGER PRIMARY KEY, entry TEXT NOT NULL, mac BLOB NOT NULL);
CREATE TABLE handling(
  report_id TEXT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
  assigned_to TEXT NOT NULL,
  acknowledged_on TEXT NOT NULL,
  feedback_on TEXT NOT NULL,
  closed_on TEXT NOT NULL,
  sealed BLOB NOT NULL,
  version INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Version 3: dissemination. Packages and their messages are sealed to the
// agency (and the service); only routing and figures columns are clear.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE packages(
  id TEXT PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  agency_code TEXT NOT NULL,
  sent_on TEXT NOT NULL,
  acknowledged_on TEXT NOT NULL,
  outcome TEXT NOT NULL,
  seizure_type TEXT NOT NULL,
  outcome_on TEXT NOT NULL,
  sealed BLOB NOT NULL,
  outcome_for_agency BLOB NOT NULL,
  outcome_for_service BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX packages_by_agency ON packages(agency_code);
CREATE INDEX packages_by_report ON packages(report_id);
CREATE TABLE package_messages(
  package_id TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  author TEXT NOT NULL,
  sent_on TEXT NOT NULL,
  for_agency BLOB NOT NULL,
  for_service BLOB NOT NULL,
  PRIMARY KEY(package_id, seq)
) WITHOUT ROWID;
)sql";

// Version 4: membership and figures. Facilities gain their operator group,
// status and joining date; applications, invitations (token hashes only),
// newsletters and the figures' tallies, which are counts of clear columns
// kept apart from the reports so that they outlive the retention purge. The
// tallies start from what the reports and packages already hold.
constexpr const char* kSchemaV4 = R"sql(
ALTER TABLE facilities ADD COLUMN operator_group TEXT NOT NULL DEFAULT '';
ALTER TABLE facilities ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE facilities ADD COLUMN joined_on TEXT NOT NULL DEFAULT '';
CREATE TABLE applications(
  id TEXT PRIMARY KEY, operator_group TEXT NOT NULL, port_code TEXT NOT NULL,
  facility_name TEXT NOT NULL, email TEXT NOT NULL, staff_count INTEGER NOT NULL,
  submitted_on TEXT NOT NULL, status TEXT NOT NULL, decided_on TEXT NOT NULL,
  reason TEXT NOT NULL, facility_code TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE invitations(
  token_hash BLOB PRIMARY KEY, email TEXT NOT NULL, role TEXT NOT NULL,
  facility_code TEXT NOT NULL, agency_code TEXT NOT NULL, expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE newsletters(
  id TEXT PRIMARY KEY, subject TEXT NOT NULL, markdown TEXT NOT NULL, sent_on TEXT NOT NULL,
  recipients INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE tallies(
  metric TEXT NOT NULL, facility_code TEXT NOT NULL, port_code TEXT NOT NULL,
  month TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY(metric, facility_code, port_code, month, key)
) WITHOUT ROWID;
INSERT INTO tallies
  SELECT 'reports', facility_code, port_code, substr(received_on, 1, 7), category, COUNT(*)
  FROM reports GROUP BY 1, 2, 3, 4, 5;
INSERT INTO tallies
  SELECT 'disseminations', r.facility_code, r.port_code, substr(p.sent_on, 1, 7), a.kind, COUNT(*)
  FROM packages p JOIN reports r ON r.id = p.report_id JOIN agencies a ON a.code = p.agency_code
  GROUP BY 1, 2, 3, 4, 5;
INSERT INTO tallies
  SELECT 'outcomes', r.facility_code, r.port_code, substr(p.outcome_on, 1, 7), p.outcome, COUNT(*)
  FROM packages p JOIN reports r ON r.id = p.report_id WHERE p.outcome != ''
  GROUP BY 1, 2, 3, 4, 5;
)sql";

// Version 5: the blind link index (store/link_store.h). Terms are keyed
// hashes and refs and entries sealed with keys only a signed-in handler
// holds. A posting is one key, term then ref (16 + 28 bytes): one column
// costs SQLite less per row than two (docs/performance.md), and the refs of
// a term are a range of it. Every report already stored waits to be indexed; a purged report
// is listed in link_garbage, so that its index rows (which only the key can
// find) are removed at the next sign-in. The waiting list has no foreign
// key (the trigger keeps it clean) so that a bulk rebuild can empty it whole
// at once.
constexpr const char* kSchemaV5 = R"sql(
CREATE TABLE link_pending(report_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE link_entries(report_id TEXT PRIMARY KEY, entries BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE link_postings(posting BLOB PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE link_garbage(report_id TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO link_pending SELECT id FROM reports;
INSERT INTO meta(key, value) VALUES('link_index_version', '0');
)sql";

// The trigger of version 5 in each database's spelling: a purged report
// leaves the waiting list and is listed for the index's garbage removal.
constexpr const char* kLinkTriggerSqlite = R"sql(
CREATE TRIGGER link_garbage_on_delete AFTER DELETE ON reports BEGIN
  DELETE FROM link_pending WHERE report_id = old.id;
  INSERT INTO link_garbage(report_id) VALUES(old.id) ON CONFLICT DO NOTHING;
END;
)sql";
constexpr const char* kLinkTriggerPostgres = R"sql(
CREATE FUNCTION link_garbage_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM link_pending WHERE report_id = OLD.id;
  INSERT INTO link_garbage(report_id) VALUES(OLD.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER link_garbage_on_delete AFTER DELETE ON reports
  FOR EACH ROW EXECUTE FUNCTION link_garbage_on_delete();
)sql";

// Version 6: what the nodes of one deployment share beyond the records
// (store/cluster_store.h). A staff session by the hash of its token, with
// the keys its sign-in unlocked sealed under a key derived from the token
// itself, so the database alone opens no session; job leases, so that a
// background job runs on one node at a time.
constexpr const char* kSchemaV6 = R"sql(
CREATE TABLE sessions(
  token_hash BLOB PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  sealed BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE job_leases(
  job TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  last_done TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Version 7: job leases keep no time (store/cluster_store.h). A lease said
// until when it held, "now + 15 minutes" to the second, and the link
// indexer took one whenever a report arrived: that dated the report at rest.
// Now a lease has a beat, a counter, and the nodes waiting for it measure a
// holder's silence in their own memory. The old times are overwritten.
constexpr const char* kSchemaV7 = R"sql(
ALTER TABLE job_leases RENAME COLUMN expires_at TO beat;
UPDATE job_leases SET beat = 0, holder = '';
)sql";

// Version 8: published months of figures, frozen (service/figures_publisher.h).
constexpr const char* kSchemaV8 = R"sql(
CREATE TABLE figure_months(month TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
)sql";

// Version 9: the queue is read a page at a time (keyset paging), each page
// a range of one of these indexes (StaffStore::ListQueuePage); a report's
// history is read by the audit entries' target, not by reading them all.
constexpr const char* kSchemaV9 = R"sql(
CREATE INDEX reports_queue ON reports(status, priority, received_on, id);
CREATE INDEX reports_by_age ON reports(status, received_on, id);
ALTER TABLE audit ADD COLUMN target TEXT NOT NULL DEFAULT '';
CREATE INDEX packages_by_agency_sent ON packages(agency_code, sent_on, id);
)sql";
// The target of the entries written before (the entry is JSON, written by
// AuditLog::Append; one that is not is left without).
constexpr const char* kAuditTargetSqlite = R"sql(
UPDATE audit SET target = COALESCE(json_extract(entry, '$.target'), '') WHERE json_valid(entry);
CREATE INDEX audit_by_target ON audit(target, seq);
)sql";
constexpr const char* kAuditTargetPostgres = R"sql(
UPDATE audit SET target = COALESCE(substring(entry from '"target":"([^"]*)"'), '');
CREATE INDEX audit_by_target ON audit(target, seq);
)sql";

// Version 10: the queue by age reads reports_queue, one range a priority
// (SqlStaffStore::ListQueuePage): an index less for every report filed.
constexpr const char* kSchemaV10 = R"sql(
DROP INDEX reports_by_age;
)sql";

// Version 11: password resets with the recovery code are counted and
// locked apart from sign-ins (store::Attempt); staff and agency rows carry
// a seal (service::RowSeal).
constexpr const char* kSchemaV11 = R"sql(
ALTER TABLE users ADD COLUMN recovery_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN recovery_locked_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN row_mac BLOB NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN row_mac BLOB NOT NULL DEFAULT '';
)sql";

// Version 12: key pairs retired by a rotation, each private key sealed to
// the key that replaced it (store::RetiredKeyRow); a first password set by
// the operator is changed at the first sign-in.
constexpr const char* kSchemaV12 = R"sql(
CREATE TABLE retired_keys(
  key_name TEXT NOT NULL,
  public_key BLOB NOT NULL,
  sealed_private BLOB NOT NULL,
  PRIMARY KEY(key_name, public_key)
) WITHOUT ROWID;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 13: alerts back to the ports (store/alert_store.h): the content
// sealed, the marking, status, dates and staff ids clear; who acknowledged.
constexpr const char* kSchemaV13 = R"sql(
CREATE TABLE alerts(
  id TEXT PRIMARY KEY,
  status INTEGER NOT NULL,
  tlp INTEGER NOT NULL,
  public_site INTEGER NOT NULL,
  drafted_by TEXT NOT NULL,
  drafted_on TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  approved_on TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  sealed BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX alerts_live ON alerts(status, expires_on);
CREATE TABLE alert_acks(
  alert_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  facility_code TEXT NOT NULL,
  acknowledged_on TEXT NOT NULL,
  PRIMARY KEY(alert_id, user_id)
) WITHOUT ROWID;
)sql";

// Version 14: the cleaned files a handler chose to send with a package,
// each file's key and metadata sealed to the agency (the bytes stay in
// `files`).
constexpr const char* kSchemaV14 = R"sql(
CREATE TABLE package_files(
  package_id TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  sealed BLOB NOT NULL,
  PRIMARY KEY(package_id, seq)
) WITHOUT ROWID;
)sql";

enum class Only { kBoth, kSqlite, kPostgres };
struct Part {
  Only only;
  const char* sql;
};
struct Migration {
  int version;
  std::vector<Part> parts;
};

// PostgreSQL has no BLOB type: a domain gives the name, so that the same
// DDL and CAST(x AS BLOB) work in both.
constexpr const char* kBlobDomain = "CREATE DOMAIN blob AS bytea;";

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> m = {
      {1, {{Only::kPostgres, kBlobDomain}, {Only::kBoth, kSchemaV1}}},
      {2, {{Only::kBoth, kSchemaV2}}},
      {3, {{Only::kBoth, kSchemaV3}}},
      {4, {{Only::kBoth, kSchemaV4}}},
      {5,
       {{Only::kBoth, kSchemaV5},
        {Only::kSqlite, kLinkTriggerSqlite},
        {Only::kPostgres, kLinkTriggerPostgres}}},
      {6, {{Only::kBoth, kSchemaV6}}},
      {7, {{Only::kBoth, kSchemaV7}}},
      {8, {{Only::kBoth, kSchemaV8}}},
      {9,
       {{Only::kBoth, kSchemaV9},
        {Only::kSqlite, kAuditTargetSqlite},
        {Only::kPostgres, kAuditTargetPostgres}}},
      {10, {{Only::kBoth, kSchemaV10}}},
      {11, {{Only::kBoth, kSchemaV11}}},
      {12, {{Only::kBoth, kSchemaV12}}},
      {13, {{Only::kBoth, kSchemaV13}}},
      {14, {{Only::kBoth, kSchemaV14}}},
  };
  return m;
}

// SQLite's spelling to PostgreSQL's: see the header.
std::string ForPostgres(std::string sql) {
  auto replace = [&sql](const std::string& from, const std::string& to) {
    for (size_t at = sql.find(from); at != std::string::npos; at = sql.find(from, at + to.size())) {
      sql.replace(at, from.size(), to);
    }
  };
  replace(" WITHOUT ROWID", "");
  replace("INTEGER", "BIGINT");
  return sql;
}

Result<int> ReadVersion(Conn& c) {
  auto q = c.Prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key='schema_version'");
  if (!q.ok()) return q.error();
  Stmt st(*q);
  int rc = st.Step();
  if (rc == kDone) return 0;
  if (rc != kRow) return DatabaseUnavailable(c.LastError());
  return static_cast<int>(st.Int(0));
}

Status Apply(Conn& c, const Migration& m) {
  if (auto st = c.Begin(); !st.ok()) return st;
  Status st = c.LockFor("schema");
  auto version = st.ok() ? ReadVersion(c) : Result<int>(st.error());
  if (!version.ok() || *version >= m.version) {
    (void)c.Exec("ROLLBACK");
    return version.ok() ? Status::Ok() : Status(version.error());
  }
  for (const Part& p : m.parts) {
    if (p.only == Only::kSqlite && c.dialect() != Dialect::kSqlite) continue;
    if (p.only == Only::kPostgres && c.dialect() != Dialect::kPostgres) continue;
    std::string sql = c.dialect() == Dialect::kPostgres ? ForPostgres(p.sql) : p.sql;
    if (st = c.Exec(sql.c_str()); !st.ok()) break;
  }
  if (st.ok()) {
    std::string set = "INSERT INTO meta(key, value) VALUES('schema_version', '" +
                      std::to_string(m.version) +
                      "') ON CONFLICT(key) DO UPDATE SET value=excluded.value";
    st = c.Exec(set.c_str());
  }
  if (!st.ok()) {
    (void)c.Exec("ROLLBACK");
    return Unavailable("schema migration to version " + std::to_string(m.version) +
                       " failed: " + st.error().message());
  }
  return c.Exec("COMMIT");
}

}  // namespace

int LatestSchemaVersion() { return Migrations().back().version; }

Status Migrate(Conn& c) {
  std::string meta = "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)";
  if (c.dialect() == Dialect::kSqlite) meta += " WITHOUT ROWID";
  // Under the lock, so that two nodes starting at once do not both create it.
  if (auto st = c.Begin(); !st.ok()) return st;
  Status st = c.LockFor("schema");
  if (st.ok()) st = c.Exec(meta.c_str());
  if (st.ok()) st = c.Exec("COMMIT");
  if (!st.ok()) {
    (void)c.Exec("ROLLBACK");
    return st;
  }
  for (const Migration& m : Migrations()) {
    if (auto st = Apply(c, m); !st.ok()) return st;
  }
  return Status::Ok();
}

}  // namespace portsafe::store
