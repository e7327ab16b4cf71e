#include "store/backup.h"

#include <sodium.h>

#include <array>
#include <map>
#include <optional>

#include "store/schema.h"
#include "store/sql_helpers.h"

namespace portsafe::store {
namespace {

constexpr std::string_view kMagic = "PSBACKUP1\n";
// No single value is larger than this (files are limited far below it); a
// damaged length cannot make the reader allocate more.
constexpr std::uint32_t kMaxValue = 256u << 20;

using K = ColumnKind;

// SELECT and INSERT of each table, built once: statements are cached by the
// address of their text.
struct TableSql {
  std::string select, insert;
};
const std::map<std::string, TableSql>& Sql() {
  static const std::map<std::string, TableSql> sql = [] {
    std::map<std::string, TableSql> m;
    for (const auto& t : BackupTables()) {
      std::string cols, marks;
      for (const auto& c : t.columns) {
        cols += std::string(cols.empty() ? "" : ", ") + c.name;
        marks += marks.empty() ? "?" : ",?";
      }
      TableSql s;
      s.select = "SELECT " + cols + " FROM " + t.name;
      s.insert = "INSERT INTO " + std::string(t.name) + "(" + cols + ") VALUES(" + marks + ")";
      // The new database has its own schema version and index version rows.
      if (std::string(t.name) == "meta")
        s.insert += " ON CONFLICT(key) DO UPDATE SET value=excluded.value";
      m.emplace(t.name, std::move(s));
    }
    return m;
  }();
  return sql;
}

class Out {
 public:
  explicit Out(std::ostream& out) : out_(out) { crypto_generichash_init(&hash_, nullptr, 0, 32); }
  void Bytes(std::string_view b) {
    out_.write(b.data(), static_cast<std::streamsize>(b.size()));
    crypto_generichash_update(&hash_, reinterpret_cast<const unsigned char*>(b.data()), b.size());
  }
  void U32(std::uint32_t v) {
    char b[4];
    for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
    Bytes({b, 4});
  }
  void I64(std::int64_t v) {
    auto u = static_cast<std::uint64_t>(v);
    char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((u >> (8 * i)) & 0xff);
    Bytes({b, 8});
  }
  void Field(std::string_view f) {
    U32(static_cast<std::uint32_t>(f.size()));
    Bytes(f);
  }
  Status Finish() {
    Bytes("Z");
    std::array<unsigned char, 32> digest;
    crypto_generichash_final(&hash_, digest.data(), digest.size());
    out_.write(reinterpret_cast<const char*>(digest.data()), digest.size());
    out_.flush();
    return out_ ? Status::Ok() : Status(Unavailable("cannot write the backup"));
  }
  bool good() const { return static_cast<bool>(out_); }

 private:
  std::ostream& out_;
  crypto_generichash_state hash_;
};

class In {
 public:
  explicit In(std::istream& in) : in_(in) { crypto_generichash_init(&hash_, nullptr, 0, 32); }
  bool Bytes(size_t n, std::string* out, bool hash = true) {
    out->clear();
    // In pieces, so a damaged length fails at the end of the file, not in
    // one huge allocation.
    char buf[65536];
    while (n > 0) {
      size_t want = std::min(n, sizeof(buf));
      in_.read(buf, static_cast<std::streamsize>(want));
      if (static_cast<size_t>(in_.gcount()) != want) return false;
      out->append(buf, want);
      n -= want;
    }
    if (hash) {
      crypto_generichash_update(&hash_, reinterpret_cast<const unsigned char*>(out->data()),
                                out->size());
    }
    return true;
  }
  bool U32(std::uint32_t* v) {
    std::string b;
    if (!Bytes(4, &b)) return false;
    *v = 0;
    for (int i = 0; i < 4; ++i)
      *v |= static_cast<std::uint32_t>(static_cast<unsigned char>(b[i])) << (8 * i);
    return true;
  }
  bool I64(std::int64_t* v) {
    std::string b;
    if (!Bytes(8, &b)) return false;
    std::uint64_t u = 0;
    for (int i = 0; i < 8; ++i)
      u |= static_cast<std::uint64_t>(static_cast<unsigned char>(b[i])) << (8 * i);
    *v = static_cast<std::int64_t>(u);
    return true;
  }
  bool Field(std::string* f) {
    std::uint32_t n;
    return U32(&n) && n <= kMaxValue && Bytes(n, f);
  }
  // The digest of everything read so far against the next 32 bytes, and
  // nothing after them.
  bool CheckDigest() {
    std::array<unsigned char, 32> digest;
    crypto_generichash_final(&hash_, digest.data(), digest.size());
    std::string stored;
    if (!Bytes(32, &stored, false)) return false;
    if (sodium_memcmp(stored.data(), digest.data(), digest.size()) != 0) return false;
    return in_.peek() == std::char_traits<char>::eof();
  }

 private:
  std::istream& in_;
  crypto_generichash_state hash_;
};

}  // namespace

const std::vector<BackupTable>& BackupTables() {
  static const std::vector<BackupTable> tables = {
      {"meta", {{"key", K::kText}, {"value", K::kText}}},
      {"ports",
       {{"code", K::kText}, {"name", K::kText}, {"subdivision", K::kText}, {"status", K::kText}}},
      {"facilities",
       {{"code", K::kText},
        {"port_code", K::kText},
        {"name", K::kText},
        {"operator_group", K::kText},
        {"status", K::kText},
        {"joined_on", K::kText}}},
      {"reports",
       {{"id", K::kText},
        {"lookup_id", K::kBlob},
        {"port_code", K::kText},
        {"facility_code", K::kText},
        {"category", K::kText},
        {"status", K::kText},
        {"priority", K::kInt},
        {"received_on", K::kText},
        {"sealed_key", K::kBlob},
        {"receipt_wrapped_key", K::kBlob},
        {"body", K::kBlob}}},
      {"messages",
       {{"report_id", K::kText},
        {"seq", K::kInt},
        {"author", K::kText},
        {"sent_on", K::kText},
        {"body", K::kBlob}}},
      {"files",
       {{"report_id", K::kText},
        {"seq", K::kInt},
        {"wrapped_key", K::kBlob},
        {"sealed_meta", K::kBlob},
        {"content", K::kBlob}}},
      {"users",
       {{"id", K::kText},
        {"email", K::kText},
        {"role", K::kText},
        {"agency_code", K::kText},
        {"facility_code", K::kText},
        {"created_on", K::kText},
        {"pw_salt", K::kBlob},
        {"pw_ops", K::kInt},
        {"pw_mem", K::kInt},
        {"pw_verifier", K::kBlob},
        {"public_key", K::kBlob},
        {"wrapped_by_password", K::kBlob},
        {"wrapped_by_recovery", K::kBlob},
        {"totp_sealed", K::kBlob},
        {"failed_logins", K::kInt},
        {"locked_until", K::kInt},
        {"totp_last_step", K::kInt},
        {"disabled", K::kInt},
        {"recovery_failures", K::kInt},
        {"recovery_locked_until", K::kInt},
        {"must_change_password", K::kInt},
        {"row_mac", K::kBlob}}},
      {"key_grants", {{"user_id", K::kText}, {"key_name", K::kText}, {"sealed", K::kBlob}}},
      {"retired_keys",
       {{"key_name", K::kText}, {"public_key", K::kBlob}, {"sealed_private", K::kBlob}}},
      {"agencies",
       {{"code", K::kText},
        {"name", K::kText},
        {"kind", K::kText},
        {"public_key", K::kBlob},
        {"ports", K::kText},
        {"row_mac", K::kBlob}}},
      {"audit", {{"seq", K::kInt}, {"entry", K::kText}, {"mac", K::kBlob}, {"target", K::kText}}},
      {"handling",
       {{"report_id", K::kText},
        {"assigned_to", K::kText},
        {"acknowledged_on", K::kText},
        {"feedback_on", K::kText},
        {"closed_on", K::kText},
        {"sealed", K::kBlob},
        {"version", K::kInt}}},
      {"packages",
       {{"id", K::kText},
        {"report_id", K::kText},
        {"agency_code", K::kText},
        {"sent_on", K::kText},
        {"acknowledged_on", K::kText},
        {"outcome", K::kText},
        {"seizure_type", K::kText},
        {"outcome_on", K::kText},
        {"sealed", K::kBlob},
        {"outcome_for_agency", K::kBlob},
        {"outcome_for_service", K::kBlob}}},
      {"package_messages",
       {{"package_id", K::kText},
        {"seq", K::kInt},
        {"author", K::kText},
        {"sent_on", K::kText},
        {"for_agency", K::kBlob},
        {"for_service", K::kBlob}}},
      {"package_files", {{"package_id", K::kText}, {"seq", K::kInt}, {"sealed", K::kBlob}}},
      {"applications",
       {{"id", K::kText},
        {"operator_group", K::kText},
        {"port_code", K::kText},
        {"facility_name", K::kText},
        {"email", K::kText},
        {"staff_count", K::kInt},
        {"submitted_on", K::kText},
        {"status", K::kText},
        {"decided_on", K::kText},
        {"reason", K::kText},
        {"facility_code", K::kText}}},
      {"invitations",
       {{"token_hash", K::kBlob},
        {"email", K::kText},
        {"role", K::kText},
        {"facility_code", K::kText},
        {"agency_code", K::kText},
        {"expires_at", K::kInt}}},
      {"newsletters",
       {{"id", K::kText},
        {"subject", K::kText},
        {"markdown", K::kText},
        {"sent_on", K::kText},
        {"recipients", K::kInt}}},
      {"tallies",
       {{"metric", K::kText},
        {"facility_code", K::kText},
        {"port_code", K::kText},
        {"month", K::kText},
        {"key", K::kText},
        {"count", K::kInt}}},
      {"figure_months", {{"month", K::kText}, {"body", K::kText}}},
      {"alerts",
       {{"id", K::kText},
        {"status", K::kInt},
        {"tlp", K::kInt},
        {"public_site", K::kInt},
        {"drafted_by", K::kText},
        {"drafted_on", K::kText},
        {"approved_by", K::kText},
        {"approved_on", K::kText},
        {"expires_on", K::kText},
        {"sealed", K::kBlob}}},
      {"alert_acks",
       {{"alert_id", K::kText},
        {"user_id", K::kText},
        {"facility_code", K::kText},
        {"acknowledged_on", K::kText}}},
      {"link_pending", {{"report_id", K::kText}}},
      {"link_entries", {{"report_id", K::kText}, {"entries", K::kBlob}}},
      {"link_postings", {{"posting", K::kBlob}}},
      {"link_garbage", {{"report_id", K::kText}}},
  };
  return tables;
}

const std::vector<std::string>& TablesNotBackedUp() {
  // Sessions hold keys sealed to tokens the browsers hold (after a restore,
  // staff sign in again); leases are held by running processes.
  static const std::vector<std::string> skipped = {"sessions", "job_leases"};
  return skipped;
}

Status WriteBackup(SqlStore* store, const std::string& service_public_key, std::ostream& out) {
  Out w(out);
  w.Bytes(kMagic);
  w.U32(static_cast<std::uint32_t>(LatestSchemaVersion()));
  w.Field(service_public_key);
  Status st = store->Snapshot([&w](Conn& c) -> Status {
    for (const auto& t : BackupTables()) {
      w.Bytes("T");
      w.Field(t.name);
      auto s = c.Prepare(Sql().at(t.name).select.c_str());
      if (!s.ok()) return s.error();
      Stmt q(*s);
      int rc;
      while ((rc = q.Step()) == kRow) {
        w.Bytes("R");
        for (size_t i = 0; i < t.columns.size(); ++i) {
          if (t.columns[i].kind == K::kInt) {
            w.I64(q.Int(static_cast<int>(i)));
          } else {
            w.Field(q.Text(static_cast<int>(i)));
          }
        }
        if (!w.good()) return Unavailable("cannot write the backup");
      }
      if (rc != kDone) return DbError(c);
      w.Bytes("E");
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return w.Finish();
}

Status ReadBackup(
    std::istream& in, const std::function<Status(const BackupHeader&)>& header,
    const std::function<Status(const BackupTable&, const std::vector<BackupValue>&)>& row) {
  const Error bad = InvalidArgument("not a PortSafe backup, or a damaged one");
  In r(in);
  std::string magic;
  if (!r.Bytes(kMagic.size(), &magic) || magic != kMagic) return bad;
  BackupHeader h;
  std::uint32_t version;
  if (!r.U32(&version) || version > 1000000 || !r.Field(&h.service_public_key)) return bad;
  h.schema_version = static_cast<int>(version);
  if (auto st = header(h); !st.ok()) return st;
  std::string tag;
  for (;;) {
    if (!r.Bytes(1, &tag)) return bad;
    if (tag == "Z") break;
    if (tag != "T") return bad;
    std::string name;
    if (!r.Field(&name)) return bad;
    const BackupTable* table = nullptr;
    for (const auto& t : BackupTables()) {
      if (name == t.name) table = &t;
    }
    if (table == nullptr) return bad;
    std::vector<BackupValue> values;
    for (;;) {
      if (!r.Bytes(1, &tag)) return bad;
      if (tag == "E") break;
      if (tag != "R") return bad;
      values.clear();
      for (const auto& c : table->columns) {
        if (c.kind == K::kInt) {
          std::int64_t v;
          if (!r.I64(&v)) return bad;
          values.emplace_back(v);
        } else {
          std::string v;
          if (!r.Field(&v)) return bad;
          values.emplace_back(std::move(v));
        }
      }
      if (auto st = row(*table, values); !st.ok()) return st;
    }
  }
  return r.CheckDigest() ? Status::Ok() : Status(bad);
}

namespace {

// The restore inside the writer's transaction.
Status RestoreInto(Conn& c, const std::string& service_public_key, std::istream& in) {
  auto empty = c.Prepare(
      "SELECT (SELECT COUNT(*) FROM ports) + (SELECT COUNT(*) FROM users) + "
      "(SELECT COUNT(*) FROM reports)");
  if (!empty.ok()) return empty.error();
  {
    Stmt q(*empty);
    if (q.Step() != kRow) return DbError(c);
    if (q.Int(0) != 0) {
      return AlreadyExists("the database is not empty: restore into a new one");
    }
  }
  auto check = [&service_public_key](const BackupHeader& h) -> Status {
    if (h.schema_version != LatestSchemaVersion()) {
      return InvalidArgument("the backup has schema version " + std::to_string(h.schema_version) +
                             ", this program " + std::to_string(LatestSchemaVersion()) +
                             ": restore it with the version that made it, then upgrade");
    }
    if (h.service_public_key != service_public_key) {
      return InvalidArgument(
          "the backup belongs to another instance: its service key is not this data "
          "directory's service.pub");
    }
    return Status::Ok();
  };
  auto put = [&c](const BackupTable& t, const std::vector<BackupValue>& values) -> Status {
    auto s = c.Prepare(Sql().at(t.name).insert.c_str());
    if (!s.ok()) return s.error();
    Stmt q(*s);
    for (size_t i = 0; i < values.size(); ++i) {
      const int at = static_cast<int>(i + 1);
      if (const auto* n = std::get_if<std::int64_t>(&values[i])) {
        q.Bind(at, *n);
      } else if (t.columns[i].kind == K::kBlob) {
        q.BindBlob(at, std::get<std::string>(values[i]));
      } else {
        q.Bind(at, std::get<std::string>(values[i]));
      }
    }
    if (auto st = StepDone(c, q); !st.ok()) {
      return InvalidArgument(std::string("the backup does not fit the database (table ") + t.name +
                             "): " + st.error().message());
    }
    return Status::Ok();
  };
  return ReadBackup(in, check, put);
}
}  // namespace

Status RestoreBackup(SqlStore* store, const std::string& service_public_key, std::istream& in) {
  // The writer replays a failed transaction once (store/sql_store.h); the
  // file cannot be read twice, so the replay answers the first failure.
  std::optional<Status> first;
  return store->Transaction([&](Conn& c) -> Status {
    if (first) return *first;
    first = RestoreInto(c, service_public_key, in);
    return *first;
  });
}

}  // namespace portsafe::store
