#include "common/clock.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace portsafe {
namespace {

TEST(ManualClockTest, DatesFollowTheClockAcrossYearMonthAndLeapDay) {
  ManualClock c(ManualClock::NoonOn("2026-12-31"));
  EXPECT_EQ(c.Today(), "2026-12-31");
  c.Advance(std::chrono::hours(12));  // midnight: the next year
  EXPECT_EQ(c.Today(), "2027-01-01");
  c.SetDate("2028-02-28");
  c.Advance(std::chrono::hours(24));
  EXPECT_EQ(c.Today(), "2028-02-29");
  c.Advance(std::chrono::hours(24));
  EXPECT_EQ(c.Today(), "2028-03-01");
  EXPECT_EQ(UtcDate(0), "1970-01-01");
  EXPECT_EQ(ManualClock::NoonOn("2027-06-30"), 1'814'356'800);
}

TEST(ManualClockTest, TheMonotonicSideNeverGoesBack) {
  ManualClock c(1'000'000);
  const auto start = c.Monotonic();
  c.Advance(std::chrono::seconds(-500));  // the wall clock is set back
  EXPECT_EQ(c.UnixSeconds(), 999'500);
  EXPECT_EQ(c.Monotonic(), start);
  c.Set(999'000);
  EXPECT_EQ(c.Monotonic(), start);
  c.Set(1'000'000);
  EXPECT_EQ(c.Monotonic() - start, std::chrono::seconds(1000));
}

TEST(ManualClockTest, MovesAreSeenOnOtherThreads) {
  ManualClock c(0);
  std::vector<std::thread> movers;
  for (int i = 0; i < 4; ++i) {
    movers.emplace_back([&c] {
      for (int n = 0; n < 1000; ++n) c.Advance(std::chrono::seconds(1));
    });
  }
  for (auto& t : movers) t.join();
  EXPECT_EQ(c.UnixSeconds(), 4000);
}

TEST(SystemClockTest, IsOneSharedClockNearTheSystemsTime) {
  EXPECT_EQ(SystemClock::Get(), SystemClock::Get());
  // The date is well formed; the test does not depend on which date it is.
  const std::string today = SystemClock::Get()->Today();
  ASSERT_EQ(today.size(), 10u);
  EXPECT_EQ(today[4], '-');
  EXPECT_EQ(today[7], '-');
}

}  // namespace
}  // namespace portsafe
