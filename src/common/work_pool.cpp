#include "common/work_pool.h"

#include <pthread.h>

#include <algorithm>

namespace portsafe {

WorkPool::WorkPool(std::string name, unsigned threads, size_t queue_max) : queue_max_(queue_max) {
  threads = std::max(1u, threads);
  for (unsigned i = 0; i < threads; ++i) {
    threads_.emplace_back([this, thread_name = ("ps-" + name + "-" + std::to_string(i + 1))] {
      pthread_setname_np(pthread_self(), thread_name.substr(0, 15).c_str());
      Work();
    });
  }
}

WorkPool::~WorkPool() {
  Stop();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

bool WorkPool::TryPost(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    if (queue_.size() >= queue_max_) {
      ++refused_;
      return false;
    }
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
  return true;
}

void WorkPool::Stop() {
  std::unique_lock<std::mutex> lock(mu_);
  stopping_ = true;
  cv_.notify_all();
  idle_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
}

size_t WorkPool::waiting() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

void WorkPool::Work() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) {  // stopping, and nothing left to run
      idle_.notify_all();
      return;
    }
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    ++running_;
    lock.unlock();
    task();
    task = nullptr;  // whatever it holds goes before the pool counts it done
    lock.lock();
    --running_;
    if (queue_.empty() && running_ == 0) idle_.notify_all();
  }
}

}  // namespace portsafe
