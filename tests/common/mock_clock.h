#pragma once

#include <gmock/gmock.h>

#include "common/clock.h"

namespace portsafe {

// For a test that checks when the clock is read; a test that only needs
// time to pass uses ManualClock.
class MockClock : public Clock {
 public:
  MockClock();
  ~MockClock() override;
  MOCK_METHOD(std::chrono::system_clock::time_point, Now, (), (const, override));
  MOCK_METHOD(std::chrono::steady_clock::time_point, Monotonic, (), (const, override));
};

}  // namespace portsafe
