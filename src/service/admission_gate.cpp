#include "service/admission_gate.h"

#include <pthread.h>

#include <algorithm>
#include <vector>

namespace portsafe::service {

AdmissionGate::AdmissionGate(AdmissionOptions options, const Clock* clock)
    : options_(options),
      clock_(clock),
      tokens_(std::max(1.0, options.burst)),
      last_(clock->Monotonic()) {
  if (options_.per_second > 0) {
    thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "ps-admission");
      Run();
    });
  }
}

AdmissionGate::~AdmissionGate() {
  Stop();
  if (thread_.joinable()) thread_.join();
}

void AdmissionGate::Refill(std::chrono::steady_clock::time_point now) {
  const double seconds = std::chrono::duration<double>(now - last_).count();
  if (seconds > 0) {
    tokens_ = std::min(std::max(1.0, options_.burst), tokens_ + seconds * options_.per_second);
    last_ = now;
  }
}

void AdmissionGate::Admit(std::function<void(bool)> go) {
  if (options_.per_second <= 0) {
    go(true);
    return;
  }
  bool now_ok = false, refused = false;
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      refused = true;
    } else {
      Refill(clock_->Monotonic());
      if (waiting_.empty() && tokens_ >= 1) {
        tokens_ -= 1;
        now_ok = true;
      } else if (waiting_.size() >= options_.max_waiting) {
        refused = true;
        ++refused_;
      } else {
        waiting_.push_back({std::move(go), clock_->Monotonic()});
      }
    }
  }
  if (now_ok || refused) {
    go(now_ok);
    return;
  }
  cv_.notify_one();
}

void AdmissionGate::Stop() {
  std::deque<Waiter> left;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    left.swap(waiting_);
  }
  cv_.notify_all();
  for (auto& w : left) w.go(false);
}

void AdmissionGate::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    // Wakes often enough to hand out each token on time; waiting itself
    // reads no clock (the time is the injected clock's, read on waking).
    const auto pause = std::chrono::duration<double>(1.0 / options_.per_second);
    cv_.wait_for(lock,
                 std::min<std::chrono::duration<double>>(pause, std::chrono::milliseconds(20)));
    if (stopping_) break;
    const auto now = clock_->Monotonic();
    Refill(now);
    std::vector<std::pair<std::function<void(bool)>, bool>> ready;
    while (!waiting_.empty() && tokens_ >= 1) {
      tokens_ -= 1;
      ready.emplace_back(std::move(waiting_.front().go), true);
      waiting_.pop_front();
    }
    while (!waiting_.empty() && now - waiting_.front().since >= options_.max_wait) {
      ++refused_;
      ready.emplace_back(std::move(waiting_.front().go), false);
      waiting_.pop_front();
    }
    if (ready.empty()) continue;
    lock.unlock();
    for (auto& [go, ok] : ready) go(ok);
    lock.lock();
  }
}

}  // namespace portsafe::service
