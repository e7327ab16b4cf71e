// The admission queue for new anonymous reports. A flood of junk reports
// must not bury the handlers' queue, and a whole port shares one NAT
// address, so the limit is on new reports in all, never per address: up to
// `per_second` (with bursts of `burst`) go straight through, and the rest
// wait their turn in arrival order, so each flooding connection gets no
// more than its share. A report that would wait beyond `max_wait`, or find
// `max_waiting` before it, is refused (the reporter is told, in their
// language, to send again shortly, with every word kept in the form).
// Follow-ups and staff requests never pass through it.
//
// Thread-safety: Admit() and Stop() may be called from any thread. The
// callbacks run on the caller's thread when admitted at once, else on the
// gate's own thread, never under its lock.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "common/clock.h"

namespace portsafe::service {

struct AdmissionOptions {
  double per_second = 20;  // new reports a second, sustained; 0: no limit
  double burst = 200;      // taken at once after a quiet spell
  size_t max_waiting = 256;
  std::chrono::milliseconds max_wait{std::chrono::seconds(3)};
};

class AdmissionGate {
 public:
  // `clock` (must outlive this) measures the rate and the waits.
  AdmissionGate(AdmissionOptions options, const Clock* clock);
  // Stop().
  ~AdmissionGate();
  AdmissionGate(const AdmissionGate&) = delete;
  AdmissionGate& operator=(const AdmissionGate&) = delete;

  // Calls `go(true)` once one new report may proceed, or `go(false)` when
  // it is refused. Exactly once either way.
  void Admit(std::function<void(bool)> go);
  // Refuses everything waiting and everything after. Idempotent.
  void Stop();
  // New reports refused so far (the queue full, or waited too long), before
  // Stop.
  size_t refused() const { return refused_.load(); }

 private:
  struct Waiter {
    std::function<void(bool)> go;
    std::chrono::steady_clock::time_point since;
  };
  void Refill(std::chrono::steady_clock::time_point now);  // under mu_
  void Run();

  const AdmissionOptions options_;
  const Clock* clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  double tokens_;
  std::chrono::steady_clock::time_point last_;
  std::deque<Waiter> waiting_;
  bool stopping_ = false;
  std::atomic<size_t> refused_{0};
  std::thread thread_;  // last: starts once the rest exists
};

}  // namespace portsafe::service
