// Crash durability: reports are filed at full rate from several clients while
// `portsafe serve` is killed with SIGKILL at random moments and started
// again, twenty times (PORTSAFE_CRASH_CYCLES sets more for a long run).
// Every receipt the server returned must still open its report, intact.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include "integration/full_rate_intake.h"
#include "integration/helpers.h"

namespace portsafe::testing {
namespace {

TEST(CrashTest, EveryAcknowledgedReportSurvivesTwentySigkills) {
  constexpr int kClients = 4;
  const char* cycles_env = std::getenv("PORTSAFE_CRASH_CYCLES");
  const int kCycles = std::max(20, cycles_env ? std::atoi(cycles_env) : 0);
  const unsigned seed = std::random_device{}();
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> kill_after_ms(50, 400);
  TempDir dir;
  std::vector<Filed> acknowledged;
  int unexpected = 0;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    auto server = std::make_unique<ServerProcess>(dir.path(), std::vector<std::string>{},
                                                  /*init=*/cycle == 0);
    ASSERT_TRUE(server->ok()) << "cycle " << cycle << ", seed " << seed;
    // 0: the connection died with the server.
    FullRateIntake intake(server->port(), kClients, "crash-" + std::to_string(cycle), {0});
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms(rng)));
    server->Kill();
    intake.Stop();
    acknowledged.insert(acknowledged.end(), intake.filed().begin(), intake.filed().end());
    unexpected += intake.unexpected();
  }
  ServerProcess last(dir.path(), {}, false);
  ASSERT_TRUE(last.ok());
  const size_t lost = CountLost(last.port(), acknowledged);
  std::cout << "crash durability: " << kCycles << " SIGKILLs, " << acknowledged.size()
            << " acknowledged reports checked, " << lost << " lost (seed " << seed << ")\n";
  RecordProperty("checked", static_cast<int>(acknowledged.size()));
  RecordProperty("lost", static_cast<int>(lost));
  EXPECT_EQ(lost, 0u) << "seed " << seed;
  EXPECT_EQ(unexpected, 0) << "answers other than 201 before a kill";
  EXPECT_GE(acknowledged.size(), static_cast<size_t>(kCycles));  // reports were filed
}

}  // namespace
}  // namespace portsafe::testing
