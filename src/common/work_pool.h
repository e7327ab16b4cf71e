// A bounded pool for heavy work that must never run on the server's I/O
// threads: cleaning uploaded files, Argon2id password work, rendering PDFs
// and QR codes, sending mail. Each kind of work has a pool of its own, so
// when one fills up only that kind of request is refused (503 with
// Retry-After) and every other request keeps its speed.
//
// Thread-safety: TryPost and waiting() may be called from any thread,
// including a pool thread. Tasks run without any lock of the pool held.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace portsafe {

// The kinds of heavy work, each with a pool of its own
// (service::Services::pool).
enum class Work { kMedia, kPassword, kRender, kMail, kBulk };

class WorkPool {
 public:
  // `threads` (at least 1) run tasks in the order posted; at most
  // `queue_max` tasks wait for a thread (tasks being run do not count).
  // `name` names the threads ("ps-<name>-N", at most 15 bytes in all).
  WorkPool(std::string name, unsigned threads, size_t queue_max);
  // Stop(), then joins the threads.
  ~WorkPool();
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  // Queues `task`. False, and `task` is dropped unrun, when `queue_max`
  // tasks wait already or the pool has stopped: the caller answers "busy".
  [[nodiscard]] bool TryPost(std::function<void()> task);
  // Takes no new task, runs every task already queued, and returns when the
  // last has finished. Idempotent.
  void Stop();
  // Tasks waiting for a thread now.
  size_t waiting() const;
  // Tasks refused so far because the queue was full.
  size_t refused() const { return refused_.load(); }

 private:
  void Work();

  const size_t queue_max_;
  std::atomic<size_t> refused_{0};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  size_t running_ = 0;
  bool stopping_ = false;
  std::condition_variable idle_;
  std::vector<std::thread> threads_;  // last: they start once the rest exists
};

}  // namespace portsafe
