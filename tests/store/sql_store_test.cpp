#include "store/sql_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "core/limits.h"
#include "store/pg_conn.h"
#include "store/sqlite_conn.h"
#include "store/store_fixture.h"
#include "support/temp_dir.h"

namespace portsafe::store {
namespace {

Status Wait(const std::function<void(WriteDone)>& op) {
  std::promise<Status> p;
  op([&p](Status s) { p.set_value(std::move(s)); });
  return p.get_future().get();
}

using SqlStoreTest = StoreFixture;
PORTSAFE_ON_EVERY_STORE(SqlStoreTest);

// A failing database answers with words fit for anyone: the driver's text
// (servers, tables, statements) goes to the log only, never into the
// answer that a staff API or page shows.
TEST(DatabaseErrorTest, TheDriversTextNeverReachesTheAnswer) {
  Error e = DatabaseUnavailable(
      "could not connect to server at 10.20.30.40:5432\nDETAIL: role \"portsafe\"");
  EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(e.message().find("10.20.30.40"), std::string::npos);
  EXPECT_EQ(e.message().find("portsafe"), std::string::npos);
  portsafe::testing::TempDir dir;
  auto conn = SqliteConn::Open(dir.path() + "/t.db", false);
  ASSERT_TRUE(conn.ok());
  Status st = (*conn)->Exec("SELECT secret_column FROM no_such_table");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(st.error().message().find("no_such_table"), std::string::npos) << st.error().message();
  EXPECT_EQ(st.error().message(), e.message());
  // A server that cannot be reached: no address, port or user in the answer.
  auto pg = PgConn::Open("postgresql://someuser@127.0.0.1:1/nodb?connect_timeout=2");
  ASSERT_FALSE(pg.ok());
  EXPECT_EQ(pg.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(pg.error().message(), e.message());
}

TEST_P(SqlStoreTest, CreateAndFindReportWithFiles) {
  FileRow f{"", 0, "fk", "meta", "content"};
  ASSERT_TRUE(Wait([&](WriteDone d) {
                store_->reports().CreateReport(TestReport("r1"), {f, f}, d);
              }).ok());
  auto found = store_->reports().FindReportByLookup("lookup-r1");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, "r1");
  EXPECT_EQ(found->body, "ciphertext");
  auto files = store_->reports().ListFiles("r1", true);
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[1].seq, 2);
  EXPECT_EQ((*files)[1].content, "content");
  EXPECT_EQ((*store_->reports().ListFiles("r1", false))[0].content, "");
  EXPECT_EQ(store_->reports().FindReportByLookup("nope").error().code(), ErrorCode::kNotFound);
}

TEST_P(SqlStoreTest, DuplicateLookupFailsWithoutHalfWrite) {
  ASSERT_TRUE(
      Wait([&](WriteDone d) { store_->reports().CreateReport(TestReport("a"), {}, d); }).ok());
  ReportRow dup = TestReport("b");
  dup.lookup_id = "lookup-a";
  FileRow f{"", 0, "fk", "meta", "content"};
  EXPECT_FALSE(Wait([&](WriteDone d) { store_->reports().CreateReport(dup, {f}, d); }).ok());
  EXPECT_EQ(*store_->reports().CountReports(), 1);
  EXPECT_TRUE(store_->reports().ListFiles("b", false)->empty());  // no orphan file rows
}

TEST_P(SqlStoreTest, MessagesGetSequentialNumbersAndNeedAReport) {
  ASSERT_TRUE(
      Wait([&](WriteDone d) { store_->reports().CreateReport(TestReport("r"), {}, d); }).ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Wait([&](WriteDone d) {
                  store_->reports().AppendMessage({"r", 0, "reporter", "2026-11-26", "m"}, d);
                }).ok());
  }
  auto msgs = store_->reports().ListMessages("r");
  ASSERT_EQ(msgs->size(), 3u);
  EXPECT_EQ((*msgs)[2].seq, 3);
  EXPECT_FALSE(Wait([&](WriteDone d) {
                 store_->reports().AppendMessage({"missing", 0, "reporter", "2026-11-26", "m"}, d);
               }).ok());
}

TEST_P(SqlStoreTest, FileLimitPerReportIsEnforcedAtomically) {
  ASSERT_TRUE(
      Wait([&](WriteDone d) { store_->reports().CreateReport(TestReport("r"), {}, d); }).ok());
  FileRow f{"", 0, "fk", "meta", "c"};
  EXPECT_TRUE(Wait([&](WriteDone d) { store_->reports().AddFiles("r", {f, f}, 3, d); }).ok());
  Status st = Wait([&](WriteDone d) { store_->reports().AddFiles("r", {f, f}, 3, d); });
  EXPECT_EQ(st.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->reports().ListFiles("r", false)->size(), 2u);
}

// One receipt cannot flood a thread: the reporter's messages stop at the
// limit (the service's replies do not count, and still go in).
TEST_P(SqlStoreTest, AReportersMessagesStopAtTheLimitAndTheServicesStillGoIn) {
  ASSERT_TRUE(
      Wait([&](WriteDone d) { store_->reports().CreateReport(TestReport("r"), {}, d); }).ok());
  auto append = [&](const std::string& author) {
    return Wait([&](WriteDone d) {
      store_->reports().AppendMessage({"r", 0, author, "2027-01-01", "sealed"}, d);
    });
  };
  ASSERT_TRUE(append("service").ok());
  for (size_t i = 0; i < limits::kReporterMessagesPerReport; ++i) {
    ASSERT_TRUE(append("reporter").ok()) << i;
  }
  Status over = append("reporter");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(append("service").ok());
  EXPECT_EQ(store_->reports().ListMessages("r")->size(), limits::kReporterMessagesPerReport + 2);
}

// Nor can a few long messages make the thread (and the page that shows it)
// huge: the reporter's messages stop at a total stored size.
TEST_P(SqlStoreTest, AReportersMessagesStopAtATotalSize) {
  ASSERT_TRUE(
      Wait([&](WriteDone d) { store_->reports().CreateReport(TestReport("r"), {}, d); }).ok());
  auto append = [&](const std::string& author, size_t bytes) {
    return Wait([&](WriteDone d) {
      store_->reports().AppendMessage({"r", 0, author, "2027-01-01", std::string(bytes, 's')}, d);
    });
  };
  const size_t most = limits::kReporterMessageBytesPerReport;
  ASSERT_TRUE(append("reporter", most - 1000).ok());
  ASSERT_TRUE(append("reporter", 1000).ok());  // exactly at the limit
  Status over = append("reporter", 1);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(append("service", 5000).ok());  // the service's replies are not counted
  EXPECT_EQ(store_->reports().ListMessages("r")->size(), 3u);
}

TEST_P(SqlStoreTest, ConcurrentWritersAreAllDurableAndOneFailureDoesNotSinkTheBatch) {
  constexpr int kN = 400;
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> threads;
  std::vector<std::promise<void>> done(kN);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kN; i += 4) {
        ReportRow r = TestReport("c" + std::to_string(i));
        if (i % 50 == 0) r.lookup_id = "lookup-shared";  // all but the first of these fail
        store_->reports().CreateReport(r, {}, [&, i](Status s) {
          (s.ok() ? ok : failed)++;
          done[i].set_value();
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  for (auto& d : done) d.get_future().wait();
  EXPECT_EQ(failed.load(), kN / 50 - 1);
  EXPECT_EQ(ok.load(), kN - (kN / 50 - 1));
  EXPECT_EQ(*store_->reports().CountReports(), ok.load());
}

TEST_P(SqlStoreTest, BackPressureWhenQueueIsFull) {
  store_.reset();
  SqlOptions opt;
  opt.max_queued_writes = 0;
  auto s = Open(opt);
  ASSERT_TRUE(s.ok());
  Status st = Wait([&](WriteDone d) { (*s)->reports().CreateReport(TestReport("x"), {}, d); });
  EXPECT_EQ(st.error().code(), ErrorCode::kUnavailable);
}

TEST_P(SqlStoreTest, FacilitiesAndPorts) {
  EXPECT_TRUE(
      store_->reports()
          .PutFacility({"GBFXT-TRINITY", "GBFXT", "Trinity Terminal", "", "active", "2026-01-05"})
          .ok());
  EXPECT_EQ(store_->reports()
                .PutFacility({"GBFXT-TRINITY", "GBFXT", "Again", "", "active", "2026-01-05"})
                .error()
                .code(),
            ErrorCode::kAlreadyExists);
  EXPECT_FALSE(store_->reports()
                   .PutFacility({"XX-1", "GBNOPE", "No such port", "", "active", "2026-01-05"})
                   .ok());
  auto f = store_->reports().FindFacility("GBFXT-TRINITY");
  ASSERT_TRUE(f.ok() && f->has_value());
  EXPECT_EQ((*f)->name, "Trinity Terminal");
  EXPECT_FALSE(store_->reports().FindFacility("NOPE")->has_value());
  EXPECT_EQ(store_->reports().LoadPorts()->size(), 1u);
}

TEST_P(SqlStoreTest, SurvivesReopen) {
  ASSERT_TRUE(
      Wait([&](WriteDone d) { store_->reports().CreateReport(TestReport("keep"), {}, d); }).ok());
  store_.reset();
  auto s = Open();
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE((*s)->reports().FindReportByLookup("lookup-keep").ok());
}

}  // namespace
}  // namespace portsafe::store
