// Waiting for something another thread or process does, without guessing how
// long it takes: Eventually() checks `done` until it holds or `limit` runs
// out (a generous bound on a broken build, never the expected time). Use it
// instead of a fixed sleep. Time in tests is the ManualClock's; this only
// waits for work to happen.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace portsafe::testing {

// True as soon as `done()` is; false when it still is not after `limit`.
inline bool Eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds limit = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (auto pause = std::chrono::milliseconds(1);;
       pause = std::min(pause * 2, limit / 50 + std::chrono::milliseconds(1))) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return done();
    std::this_thread::sleep_for(pause);
  }
}

}  // namespace portsafe::testing
