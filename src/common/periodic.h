// Runs a job on a thread of its own at a fixed interval until destroyed.
// Used by the daily retention purge and the notification rounds.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace portsafe {

class Periodic {
 public:
  // Runs `job` every `interval`, and once at the start when `at_start`. The
  // job runs without any lock held.
  Periodic(std::chrono::milliseconds interval, bool at_start, std::function<void()> job);
  // Wakes the thread and waits for a running job to finish; no job starts
  // after this begins.
  ~Periodic();

  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace portsafe
