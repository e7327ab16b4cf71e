#include "service/admission_gate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "support/eventually.h"

namespace portsafe::service {
namespace {

using testing::Eventually;

// What became of each report asked for, by number: 1 admitted, 0 refused,
// -1 not yet decided.
struct Outcomes {
  std::mutex mu;
  std::vector<int> got = std::vector<int>(16, -1);
  std::vector<int> order;  // numbers, in the order they were decided
  std::function<void(bool)> For(int n) {
    return [this, n](bool ok) {
      std::lock_guard lock(mu);
      EXPECT_EQ(got[n], -1) << "decided twice: " << n;
      got[n] = ok ? 1 : 0;
      order.push_back(n);
    };
  }
  int At(int n) {
    std::lock_guard lock(mu);
    return got[n];
  }
};

TEST(AdmissionGateTest, ABurstPassesThenReportsWaitTheirTurnInOrder) {
  ManualClock clock;
  AdmissionGate gate({1, 2, 10, std::chrono::seconds(10)}, &clock);
  Outcomes o;
  gate.Admit(o.For(0));
  gate.Admit(o.For(1));
  EXPECT_EQ(o.At(0), 1);  // the burst: at once, on the caller's thread
  EXPECT_EQ(o.At(1), 1);
  gate.Admit(o.For(2));
  gate.Admit(o.For(3));
  EXPECT_EQ(o.At(2), -1);
  EXPECT_EQ(o.At(3), -1);
  clock.Advance(std::chrono::seconds(1));  // one more a second
  EXPECT_TRUE(Eventually([&] { return o.At(2) == 1; }));
  EXPECT_EQ(o.At(3), -1);
  clock.Advance(std::chrono::seconds(1));
  EXPECT_TRUE(Eventually([&] { return o.At(3) == 1; }));
  EXPECT_EQ(o.order, (std::vector<int>{0, 1, 2, 3}));
}

TEST(AdmissionGateTest, AFullQueueOrALongWaitIsRefused) {
  ManualClock clock;
  // One every four seconds; two may wait, for three seconds at most.
  AdmissionGate gate({0.25, 1, 2, std::chrono::seconds(3)}, &clock);
  Outcomes o;
  gate.Admit(o.For(0));
  EXPECT_EQ(o.At(0), 1);
  gate.Admit(o.For(1));
  gate.Admit(o.For(2));
  gate.Admit(o.For(3));  // a third would wait: refused at once
  EXPECT_EQ(o.At(3), 0);
  clock.Advance(std::chrono::seconds(3));  // not yet a whole report's worth
  EXPECT_TRUE(Eventually([&] { return o.At(1) == 0 && o.At(2) == 0; }));
  clock.Advance(std::chrono::seconds(1));  // four seconds: one report's worth
  gate.Admit(o.For(4));
  EXPECT_EQ(o.At(4), 1);
}

TEST(AdmissionGateTest, StopRefusesWhatWaitsAndWhatComes) {
  ManualClock clock;
  AdmissionGate gate({1, 1, 10, std::chrono::seconds(10)}, &clock);
  Outcomes o;
  gate.Admit(o.For(0));
  gate.Admit(o.For(1));
  EXPECT_EQ(o.At(1), -1);
  gate.Stop();
  EXPECT_EQ(o.At(1), 0);
  gate.Admit(o.For(2));
  EXPECT_EQ(o.At(2), 0);
}

TEST(AdmissionGateTest, NoLimitAdmitsEverythingAtOnce) {
  ManualClock clock;
  AdmissionGate gate({0, 1, 0, std::chrono::seconds(1)}, &clock);
  Outcomes o;
  for (int i = 0; i < 16; ++i) gate.Admit(o.For(i));
  for (int i = 0; i < 16; ++i) EXPECT_EQ(o.At(i), 1) << i;
}

}  // namespace
}  // namespace portsafe::service
