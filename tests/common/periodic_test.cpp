#include "common/periodic.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace portsafe {
namespace {

// Polls `pred` for up to five seconds (a loaded machine is slow).
template <typename Pred>
bool Eventually(Pred pred) {
  for (int i = 0; i < 500 && !pred(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

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
