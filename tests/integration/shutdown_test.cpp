// Stopping under load: `portsafe serve` gets SIGTERM while eight clients
// file reports as fast as it takes them, five times over. Each time it must
// stop accepting, answer what it has in hand, commit every queued write and
// exit with status 0 within 10 seconds; every report it acknowledged must
// open after a restart; and a sanitizer build must report nothing.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "integration/full_rate_intake.h"
#include "integration/helpers.h"
#include "support/eventually.h"

namespace portsafe::testing {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ShutdownTest, SigtermDuringFullRateIntakeExitsZeroAndKeepsEveryAcknowledgedReport) {
  constexpr int kClients = 8;
  constexpr int kRounds = 5;
  TempDir dir;
  std::vector<Filed> acknowledged;
  int unexpected = 0;
  for (int round = 0; round < kRounds; ++round) {
    ServerProcess server(dir.path(), {}, /*init=*/round == 0);
    ASSERT_TRUE(server.ok()) << "round " << round;
    EXPECT_EQ(server.banner(),
              "PortSafe is serving on http://127.0.0.1:" + std::to_string(server.port()) + "/");
    // 0: refused once the server stopped accepting; 503: a write that
    // arrived as the store closed ("try again").
    FullRateIntake intake(server.port(), kClients, "term-" + std::to_string(round), {0, 503});
    // Full rate: the clients are filing when the signal comes.
    ASSERT_TRUE(Eventually([&] { return intake.acknowledged() >= 200; })) << "round " << round;
    const auto before = std::chrono::steady_clock::now();
    const int status = server.Stop(std::chrono::seconds(10));
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - before);
    intake.Stop();
    acknowledged.insert(acknowledged.end(), intake.filed().begin(), intake.filed().end());
    unexpected += intake.unexpected();
    EXPECT_EQ(status, 0) << "round " << round << " (-2: still running after 10 s; -1xx: signal)";
    std::cout << "round " << round << ": stopped in " << took.count() << " ms with status "
              << status << "\n";
  }
  ServerProcess last(dir.path(), {}, false);
  ASSERT_TRUE(last.ok());
  const size_t lost = CountLost(last.port(), acknowledged);
  ASSERT_EQ(last.Stop(std::chrono::seconds(10)), 0);
  std::cout << "graceful stop: " << kRounds << " SIGTERMs, " << acknowledged.size()
            << " acknowledged reports checked, " << lost << " lost\n";
  EXPECT_EQ(lost, 0u);
  EXPECT_EQ(unexpected, 0);
  EXPECT_GE(acknowledged.size(), static_cast<size_t>(kRounds * 200));
  // Nothing from a sanitizer (in the ASan and TSan builds) or a crash.
  const std::string err = ReadAll(last.stderr_path());
  for (const char* bad : {"AddressSanitizer", "LeakSanitizer", "ThreadSanitizer", "runtime error",
                          "Segmentation", "terminate called"}) {
    EXPECT_EQ(err.find(bad), std::string::npos) << bad << " in the server's stderr:\n" << err;
  }
}

}  // namespace
}  // namespace portsafe::testing
