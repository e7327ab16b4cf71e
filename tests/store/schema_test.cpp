// The one schema description on both backends: a new database reaches the
// latest version, two openers at once (two nodes starting) migrate it once,
// and opening again changes nothing.
#include "store/schema.h"

#include <gtest/gtest.h>

#include <thread>

#include "store/pg_conn.h"
#include "store/sqlite_conn.h"
#include "store/store_fixture.h"

namespace portsafe::store {
namespace {

class SchemaTest : public StoreFixture {
 protected:
  int Version() {
    std::unique_ptr<Conn> c;
    if (schema_) {
      auto pg = PgConn::Open(schema_->url());
      if (!pg.ok()) return -1;
      c = std::move(*pg);
    } else {
      auto lite = SqliteConn::Open(dir_.path() + "/" + sqlite_file_, true);
      if (!lite.ok()) return -1;
      c = std::move(*lite);
    }
    auto q = c->Prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key='schema_version'");
    if (!q.ok()) return -1;
    Stmt st(*q);
    return st.Step() == kRow ? static_cast<int>(st.Int(0)) : -1;
  }
};
PORTSAFE_ON_EVERY_STORE(SchemaTest);

TEST_P(SchemaTest, ANewDatabaseReachesTheLatestVersion) {
  EXPECT_EQ(Version(), LatestSchemaVersion());
  EXPECT_GE(LatestSchemaVersion(), 6);
}

TEST_P(SchemaTest, TwoNodesStartingAtOnceMigrateOnce) {
  ASSERT_TRUE(FileReport(*store_, TestReport("kept")).ok());
  store_.reset();
  if (schema_) {  // a fresh schema for the race: nothing migrated yet
    auto fresh = portsafe::testing::PgSchema::Create();
    ASSERT_TRUE(fresh.ok());
    schema_ = std::move(*fresh);
  } else {
    sqlite_file_ = "race.db";
  }
  Result<std::unique_ptr<SqlStore>> a = Unavailable(""), b = Unavailable("");
  std::thread ta([&] { a = Open(); });
  std::thread tb([&] { b = Open(); });
  ta.join();
  tb.join();
  ASSERT_TRUE(a.ok()) << a.error().message();
  ASSERT_TRUE(b.ok()) << b.error().message();
  EXPECT_EQ(Version(), LatestSchemaVersion());
  ASSERT_TRUE((*a)->reports().PutPorts({{"GBFXT", "Felixstowe", "SFK", "AF"}}).ok());
  ASSERT_TRUE(FileReport(**a, TestReport("r1")).ok());
  EXPECT_TRUE((*b)->staff().FindReportById("r1").ok());
}

}  // namespace
}  // namespace portsafe::store
