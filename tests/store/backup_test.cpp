// Backups on both backends: every table and column is in the backup (or
// named as left out), a round trip gives back every row byte for byte, a
// SQLite backup restores into PostgreSQL, and damaged files, other
// instances' backups and non-empty targets are refused with nothing written.
#include "store/backup.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "store/store_fixture.h"

namespace portsafe::store {
namespace {

const std::string kServiceKey(32, '\x07');

// Every row of every backed-up table, as text, sorted: two stores compare.
std::vector<std::string> Dump(SqlStore* s) {
  std::ostringstream out;
  EXPECT_TRUE(WriteBackup(s, kServiceKey, out).ok());
  std::istringstream in(out.str());
  std::vector<std::string> rows;
  Status st = ReadBackup(
      in, [](const BackupHeader&) { return Status::Ok(); },
      [&rows](const BackupTable& t, const std::vector<BackupValue>& v) {
        std::string line = t.name;
        for (const auto& x : v) {
          line += "|" + (std::holds_alternative<std::int64_t>(x)
                             ? std::to_string(std::get<std::int64_t>(x))
                             : std::get<std::string>(x));
        }
        rows.push_back(line);
        return Status::Ok();
      });
  EXPECT_TRUE(st.ok()) << st.error().message();
  std::sort(rows.begin(), rows.end());
  return rows;
}

class BackupTest : public StoreFixture {
 protected:
  // A little of everything, with bytes that are not text.
  void Fill() {
    ReportRow r = TestReport("r1");
    r.body = std::string("\0\xff body", 7);
    ASSERT_TRUE(FileReport(*store_, r, {{"", 0, "fk", "meta", std::string("\0png", 4)}}).ok());
    UserRow u;
    u.id = "u1";
    u.email = "h@example.org";
    u.role = "handler";
    u.pw_salt = std::string("\0salt", 5);
    u.locked_until = 4102444800;
    ASSERT_TRUE(store_->staff().PutUser(u).ok());
    ASSERT_TRUE(store_->staff().PutKeyGrant({"u1", "service", "sealed"}).ok());
    ASSERT_TRUE(store_->staff()
                    .AppendAudit([](std::int64_t seq, const std::string&) {
                      return AuditRow{seq, "{\"action\":\"login\"}", "mac"};
                    })
                    .ok());
    ASSERT_TRUE(store_->membership().PutSetting("public_url", "https://portsafe.test").ok());
    ASSERT_TRUE(store_->cluster().PutSession({"hash", "u1", 1, 1, "sealed"}).ok());
    ASSERT_TRUE(store_->links()
                    .PutLinkIndex({{"r1", "entries", {}, {LinkPosting::Of("term", "ref")}}})
                    .ok());
  }
  std::string Backup() {
    std::ostringstream out;
    EXPECT_TRUE(WriteBackup(store_.get(), kServiceKey, out).ok());
    return out.str();
  }
  // An empty store of the same backend.
  std::unique_ptr<SqlStore> Empty() {
    if (schema_) {
      auto s = portsafe::testing::PgSchema::Create();
      EXPECT_TRUE(s.ok());
      other_schema_ = std::move(*s);
    }
    auto opened = schema_ ? SqlStore::OpenPostgres(other_schema_->url())
                          : SqlStore::OpenSqlite(dir_.path() + "/restored.db");
    EXPECT_TRUE(opened.ok());
    return opened.ok() ? std::move(*opened) : nullptr;
  }
  std::unique_ptr<portsafe::testing::PgSchema> other_schema_;
};
PORTSAFE_ON_EVERY_STORE(BackupTest);

TEST_P(BackupTest, EveryTableAndColumnIsBackedUpOrNamedAsLeftOut) {
  std::map<std::string, std::set<std::string>> catalog;
  const char* sql = store_->dialect() == Dialect::kSqlite
                        ? "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                          "WHERE m.type='table'"
                        : "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM "
                          "information_schema.columns WHERE table_schema = current_schema()";
  ASSERT_TRUE(store_
                  ->Snapshot([&](Conn& c) -> Status {
                    auto s = c.Prepare(sql);
                    if (!s.ok()) return s.error();
                    Stmt q(*s);
                    while (q.Step() == kRow) catalog[q.Text(0)].insert(q.Text(1));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_GE(catalog.size(), 20u);
  std::map<std::string, std::set<std::string>> listed;
  for (const auto& t : BackupTables()) {
    for (const auto& c : t.columns) listed[t.name].insert(c.name);
  }
  for (const auto& skipped : TablesNotBackedUp()) {
    ASSERT_TRUE(catalog.count(skipped)) << skipped;
    catalog.erase(skipped);
  }
  EXPECT_EQ(listed, catalog);
}

TEST_P(BackupTest, ARoundTripGivesBackEveryRow) {
  Fill();
  const std::string file = Backup();
  auto target = Empty();
  std::istringstream in(file);
  Status st = RestoreBackup(target.get(), kServiceKey, in);
  ASSERT_TRUE(st.ok()) << st.error().message();
  EXPECT_EQ(Dump(target.get()), Dump(store_.get()));
  auto report = target->reports().FindReportByLookup("lookup-r1");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->body, std::string("\0\xff body", 7));
  EXPECT_EQ((*target->reports().ListFiles("r1", true))[0].content, std::string("\0png", 4));
  EXPECT_EQ((*target->staff().FindUserById("u1"))->locked_until, 4102444800);
  EXPECT_FALSE(target->cluster().FindSession("hash")->has_value());  // everyone signs in again
  // The restored store goes on: messages number on, the audit chain continues.
  ASSERT_TRUE(target->staff()
                  .AppendAudit([](std::int64_t seq, const std::string& prev) {
                    EXPECT_EQ(seq, 2);
                    EXPECT_EQ(prev, "mac");
                    return AuditRow{seq, "{}", "mac2"};
                  })
                  .ok());
}

TEST_P(BackupTest, ASqliteBackupRestoresIntoEitherBackend) {
  Fill();
  std::ostringstream out;
  auto lite = SqlStore::OpenSqlite(dir_.path() + "/source.db");
  ASSERT_TRUE(lite.ok());
  {
    std::istringstream in(Backup());
    ASSERT_TRUE(RestoreBackup(lite->get(), kServiceKey, in).ok());
  }
  ASSERT_TRUE(WriteBackup(lite->get(), kServiceKey, out).ok());
  auto target = Empty();
  std::istringstream in(out.str());
  ASSERT_TRUE(RestoreBackup(target.get(), kServiceKey, in).ok());
  EXPECT_EQ(Dump(target.get()), Dump(store_.get()));
}

TEST_P(BackupTest, DamagedForeignOrMisplacedBackupsAreRefusedWithNothingWritten) {
  Fill();
  const std::string file = Backup();
  auto target = Empty();
  auto refused = [&](const std::string& bytes, const std::string& key) {
    std::istringstream in(bytes);
    return RestoreBackup(target.get(), key, in);
  };
  for (size_t cut : {size_t{0}, size_t{5}, file.size() / 2, file.size() - 1}) {
    EXPECT_EQ(refused(file.substr(0, cut), kServiceKey).error().code(), ErrorCode::kInvalidArgument)
        << cut;
  }
  std::string flipped = file;
  flipped[file.size() / 2] ^= 0x01;
  EXPECT_EQ(refused(flipped, kServiceKey).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused(file + "x", kServiceKey).error().code(), ErrorCode::kInvalidArgument);
  auto foreign = refused(file, std::string(32, '\x08'));
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.error().message().find("another instance"), std::string::npos);
  EXPECT_EQ(*target->reports().CountReports(), 0);
  EXPECT_TRUE(target->reports().LoadPorts()->empty());

  // Not into a store that holds an instance.
  std::istringstream in(file);
  EXPECT_EQ(RestoreBackup(store_.get(), kServiceKey, in).error().code(), ErrorCode::kAlreadyExists);
}

}  // namespace
}  // namespace portsafe::store
