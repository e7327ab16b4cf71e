// Reporters filing as fast as the server takes them, for the tests that
// stop or kill the server under load (CrashTest, ShutdownTest): each client
// thread posts reports with a unique marker until stopped, and every report
// answered 201 is kept with its receipt and marker, to be opened again after
// a restart.
#pragma once

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "integration/helpers.h"

namespace portsafe::testing {

struct Filed {
  std::string receipt;
  std::string marker;
};

class FullRateIntake {
 public:
  // Starts `clients` threads posting to the server on `port`; markers start
  // with `tag`. An answer other than 201 counts as unexpected unless
  // `allowed(status)` says otherwise (0 is a connection the server dropped).
  FullRateIntake(std::uint16_t port, int clients, const std::string& tag,
                 std::vector<int> allowed = {0})
      : allowed_(std::move(allowed)) {
    for (int c = 0; c < clients; ++c) {
      threads_.emplace_back([this, port, c, tag] {
        for (int n = 0; !stop_; ++n) {
          const std::string marker =
              tag + "-" + std::to_string(c) + "-" + std::to_string(n) + "-QZX";
          HttpResult r =
              PostJson(port, "/api/v1/reports",
                       R"({"port":"GBFXT","category":"drugs","description":")" + marker + R"("})");
          if (r.status == 201) {
            std::lock_guard lock(mu_);
            filed_.push_back(
                {std::string(boost::json::parse(r.body).at("receipt").as_string()), marker});
          } else if (std::find(allowed_.begin(), allowed_.end(), r.status) == allowed_.end()) {
            ++unexpected_;
          }
        }
      });
    }
  }
  ~FullRateIntake() { Stop(); }
  FullRateIntake(const FullRateIntake&) = delete;
  FullRateIntake& operator=(const FullRateIntake&) = delete;

  // Stops the clients and waits for them. Idempotent.
  void Stop() {
    stop_ = true;
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  size_t acknowledged() {
    std::lock_guard lock(mu_);
    return filed_.size();
  }
  int unexpected() const { return unexpected_.load(); }
  // The acknowledged reports; call after Stop().
  const std::vector<Filed>& filed() const { return filed_; }

 private:
  const std::vector<int> allowed_;
  std::atomic<bool> stop_{false};
  std::atomic<int> unexpected_{0};
  std::mutex mu_;
  std::vector<Filed> filed_;
  std::vector<std::thread> threads_;  // last: started once the members above exist
};

// How many of `filed` the server on `port` no longer opens with its
// receipt, or opens without its marker.
inline size_t CountLost(std::uint16_t port, const std::vector<Filed>& filed) {
  size_t lost = 0;
  for (const auto& f : filed) {
    HttpResult self = GetSelf(port, f.receipt);
    if (self.status != 200 || self.body.find(f.marker) == std::string::npos) ++lost;
  }
  return lost;
}

}  // namespace portsafe::testing
