#include "common/work_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>
#include <thread>

#include "support/eventually.h"

namespace portsafe {
namespace {

using testing::Eventually;

TEST(WorkPoolTest, AFullQueueRefusesTheNextTaskAndRunsTheRest) {
  WorkPool pool("test", 1, 2);
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::atomic<int> started{0}, ran{0};
  // One task holds the only thread; two wait; the fourth is refused.
  ASSERT_TRUE(pool.TryPost([&, gate] {
    ++started;
    gate.wait();
    ++ran;
  }));
  ASSERT_TRUE(Eventually([&] { return started.load() == 1; }));
  EXPECT_TRUE(pool.TryPost([&] { ++ran; }));
  EXPECT_TRUE(pool.TryPost([&] { ++ran; }));
  EXPECT_EQ(pool.waiting(), 2u);
  bool refused_ran = false;
  EXPECT_FALSE(pool.TryPost([&] { refused_ran = true; }));
  release.set_value();
  EXPECT_TRUE(Eventually([&] { return ran.load() == 3; }));
  EXPECT_TRUE(pool.TryPost([&] { ++ran; }));  // room again once drained
  pool.Stop();
  EXPECT_EQ(ran.load(), 4);
  EXPECT_FALSE(refused_ran);
}

TEST(WorkPoolTest, StopRunsWhatIsQueuedThenRefusesEverything) {
  std::atomic<int> ran{0};
  WorkPool pool("test", 2, 100);
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(pool.TryPost([&] {
      std::this_thread::yield();
      ++ran;
    }));
  }
  pool.Stop();
  EXPECT_EQ(ran.load(), 50);  // every queued task ran before Stop returned
  EXPECT_FALSE(pool.TryPost([&] { ++ran; }));
  pool.Stop();  // idempotent
  EXPECT_EQ(ran.load(), 50);
}

TEST(WorkPoolTest, TasksRunOnThePoolsThreadsAtOnce) {
  WorkPool pool("test", 3, 10);
  std::latch all_three(3);
  std::atomic<int> done{0};
  const auto caller = std::this_thread::get_id();
  std::atomic<bool> on_caller{false};
  for (int i = 0; i < 3; ++i) {
    // Each waits for the other two: only three threads at once finish.
    ASSERT_TRUE(pool.TryPost([&] {
      if (std::this_thread::get_id() == caller) on_caller = true;
      all_three.arrive_and_wait();
      ++done;
    }));
  }
  EXPECT_TRUE(Eventually([&] { return done.load() == 3; }));
  EXPECT_FALSE(on_caller.load());
}

TEST(WorkPoolTest, ATaskMayPostAnother) {
  WorkPool pool("test", 1, 4);
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.TryPost([&] {
    ++ran;
    EXPECT_TRUE(pool.TryPost([&] { ++ran; }));
  }));
  EXPECT_TRUE(Eventually([&] { return ran.load() == 2; }));
}

}  // namespace
}  // namespace portsafe
