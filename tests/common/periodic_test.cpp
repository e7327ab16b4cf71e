#include "common/periodic.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/eventually.h"

namespace portsafe {
namespace {

using testing::Eventually;

TEST(PeriodicTest, RunsAtTheStartWhenAskedThenEveryIntervalUntilDestroyed) {
  std::atomic<int> runs{0};
  {
    Periodic p(std::chrono::hours(1), true, [&] { ++runs; });
    EXPECT_TRUE(Eventually([&] { return runs.load() == 1; }));
  }  // destroyed long before the hour: no second run, and no hang
  EXPECT_EQ(runs.load(), 1);

  std::atomic<int> ticks{0};
  {
    Periodic p(std::chrono::milliseconds(5), false, [&] { ++ticks; });
    EXPECT_TRUE(Eventually([&] { return ticks.load() >= 3; }));
  }
  const int after = ticks.load();
  // That nothing happens can only be watched for a while: ten intervals.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(ticks.load(), after);  // nothing runs once destroyed

  std::atomic<int> none{0};
  {
    Periodic p(std::chrono::hours(1), false, [&] { ++none; });
  }
  EXPECT_EQ(none.load(), 0);  // not at the start unless asked
}

}  // namespace
}  // namespace portsafe
