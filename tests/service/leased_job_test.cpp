// Jobs that run on one node at a time: a daily job runs once a day whichever
// node asks, a failed run is tried again, and a held lease keeps others out.
#include "service/leased_job.h"

#include <gtest/gtest.h>

#include "store/mock_cluster_store.h"
#include "store/sql_store.h"
#include "support/temp_dir.h"

namespace portsafe::service {
namespace {

class LeasedJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::SqlStore::OpenSqlite(dir_.path() + "/t.db");
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
  }
  LeasedJob Node(const std::string& id) {
    return LeasedJob(&store_->cluster(), &clock_, {"daily", id, 3600});
  }
  // Runs the daily job as `node` on `day`; returns whether it ran.
  bool Daily(LeasedJob& node, const std::string& day) {
    auto ran = node.RunIfDue([&day](const std::string& last) { return last != day; },
                             [&]() -> Result<std::string> {
                               ++runs_;
                               return day;
                             });
    EXPECT_TRUE(ran.ok());
    return ran.ok() && *ran;
  }

  portsafe::testing::TempDir dir_;
  std::unique_ptr<store::SqlStore> store_;
  ManualClock clock_;
  int runs_ = 0;
};

TEST_F(LeasedJobTest, ADailyJobRunsOnceADayWhicheverNodeAsks) {
  LeasedJob a = Node("a"), b = Node("b");
  EXPECT_TRUE(Daily(a, "2026-11-29"));
  EXPECT_FALSE(Daily(b, "2026-11-29"));
  EXPECT_FALSE(Daily(a, "2026-11-29"));
  clock_.Advance(std::chrono::hours(24));
  EXPECT_TRUE(Daily(b, "2026-11-30"));
  EXPECT_FALSE(Daily(a, "2026-11-30"));
  EXPECT_EQ(runs_, 2);
}

TEST_F(LeasedJobTest, AFailedRunIsTriedAgainAndAHeldLeaseKeepsOthersOut) {
  LeasedJob a = Node("a"), b = Node("b");
  auto failed = a.RunIfDue([](const std::string&) { return true; },
                           []() -> Result<std::string> { return Unavailable("disk full"); });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code(), ErrorCode::kUnavailable);
  EXPECT_TRUE(Daily(b, "2026-11-29"));  // not recorded as done, and the lease was freed

  // A node that died mid-run holds the lease until another has watched it
  // not move for the job's time to live.
  ASSERT_TRUE(store_->cluster().TakeLease("daily", "crashed", -1)->held);
  EXPECT_FALSE(Daily(a, "2026-11-30"));
  clock_.Advance(std::chrono::minutes(59));
  EXPECT_FALSE(Daily(a, "2026-11-30"));
  clock_.Advance(std::chrono::minutes(1));
  EXPECT_TRUE(Daily(a, "2026-11-30"));
}

TEST_F(LeasedJobTest, AHolderThatKeepsMovingIsNotTakenOver) {
  LeasedJob a = Node("a");
  ASSERT_TRUE(store_->cluster().TakeLease("daily", "busy", -1)->held);
  EXPECT_FALSE(Daily(a, "2026-11-30"));
  clock_.Advance(std::chrono::minutes(50));
  // The holder finishes and takes the lease again: its beat moves, so the
  // watch starts afresh.
  ASSERT_TRUE(store_->cluster().FinishLease("daily", "busy", "2026-11-29").ok());
  ASSERT_TRUE(store_->cluster().TakeLease("daily", "busy", -1)->held);
  EXPECT_FALSE(Daily(a, "2026-11-30"));
  clock_.Advance(std::chrono::minutes(50));
  EXPECT_FALSE(Daily(a, "2026-11-30"));  // 100 minutes in all, but 50 since it moved
  clock_.Advance(std::chrono::minutes(10));
  EXPECT_TRUE(Daily(a, "2026-11-30"));
  EXPECT_EQ(runs_, 1);
}

TEST_F(LeasedJobTest, TheLeaseTableNeverHoldsATime) {
  // A node's lease write may follow a reporter's request at once (the link
  // indexer): whatever the clock says, no lease row holds it.
  clock_.Set(1'893'456'000);  // 2030-01-01
  LeasedJob a = Node("a"), b = Node("b");
  EXPECT_TRUE(Daily(a, "2030-01-01"));
  EXPECT_FALSE(Daily(b, "2030-01-01"));
  auto held = store_->cluster().TakeLease("daily", "b", -1);
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(held->last_done, "2030-01-01");
  EXPECT_LT(held->beat, 100);  // a counter, not a time
}

TEST(LeasedJobFailureTest, WhenTheLeaseCannotBeTakenTheJobDoesNotRun) {
  ::testing::StrictMock<store::MockClusterStore> leases;
  EXPECT_CALL(leases, TakeLease("daily", "a", -1))
      .WillOnce(::testing::Return(Result<store::Lease>(Unavailable("database down"))));
  ManualClock clock(5);
  LeasedJob job(&leases, &clock, {"daily", "a", 60});
  bool ran = false;
  auto r = job.RunIfDue([](const std::string&) { return true; },
                        [&]() -> Result<std::string> {
                          ran = true;
                          return std::string("x");
                        });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kUnavailable);
  EXPECT_FALSE(ran);
}

TEST(LeasedJobFailureTest, ALeaseLostDuringTheRunIsReported) {
  ::testing::StrictMock<store::MockClusterStore> leases;
  EXPECT_CALL(leases, TakeLease("daily", "a", -1))
      .WillOnce(::testing::Return(Result<store::Lease>(store::Lease{true, "a", 1, "2026-11-28"})));
  EXPECT_CALL(leases, FinishLease("daily", "a", "2026-11-29"))
      .WillOnce(::testing::Return(Status(AlreadyExists("the lease on daily was lost"))));
  ManualClock clock(5);
  LeasedJob job(&leases, &clock, {"daily", "a", 60});
  auto r = job.RunIfDue([](const std::string& last) { return last != "2026-11-29"; },
                        []() -> Result<std::string> { return std::string("2026-11-29"); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kAlreadyExists);
}

}  // namespace
}  // namespace portsafe::service
