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

  // A node that died mid-run holds the lease until it expires.
  ASSERT_TRUE(store_->cluster().TakeLease("daily", "crashed", clock_.UnixSeconds(), 3600)->held);
  EXPECT_FALSE(Daily(a, "2026-11-30"));
  clock_.Advance(std::chrono::hours(1));
  EXPECT_TRUE(Daily(a, "2026-11-30"));
}

TEST(LeasedJobFailureTest, WhenTheLeaseCannotBeTakenTheJobDoesNotRun) {
  ::testing::StrictMock<store::MockClusterStore> leases;
  EXPECT_CALL(leases, TakeLease("daily", "a", 5, 60))
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
  EXPECT_CALL(leases, TakeLease("daily", "a", 5, 60))
      .WillOnce(::testing::Return(Result<store::Lease>(store::Lease{true, "2026-11-28"})));
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
