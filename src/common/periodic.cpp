#include "common/periodic.h"

namespace portsafe {

Periodic::Periodic(std::chrono::milliseconds interval, bool at_start, std::function<void()> job)
    : thread_([this, interval, at_start, job = std::move(job)] {
        std::unique_lock lock(mu_);
        if (at_start) {
          lock.unlock();
          job();
          lock.lock();
        }
        while (!cv_.wait_for(lock, interval, [this] { return stop_; })) {
          lock.unlock();
          job();
          lock.lock();
        }
      }) {}

Periodic::~Periodic() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

}  // namespace portsafe
