// The one clock of the program. Everything that needs the time or the date
// takes a `const Clock*` at construction; nothing else reads the system's
// clocks. `portsafe serve` and the commands use SystemClock; tests use
// ManualClock and move it, so no test depends on the day it runs or sleeps
// for time to pass.
//
// Reporters' times are never kept: what the service stores of a report is
// its date (Today), never the moment.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace portsafe {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall time (UTC), for dates, expiries and one-time codes.
  virtual std::chrono::system_clock::time_point Now() const = 0;
  // A clock that never goes back, for intervals and ages.
  virtual std::chrono::steady_clock::time_point Monotonic() const = 0;

  // Derived from Now(): Unix seconds, and the UTC date as YYYY-MM-DD.
  std::int64_t UnixSeconds() const;
  std::string Today() const;
};

// The system's clocks. Thread-safe; stateless.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override;
  std::chrono::steady_clock::time_point Monotonic() const override;
  // One shared instance (the default where a caller passes none).
  static const SystemClock* Get();
};

// A clock that moves only when told (tests). Thread-safe: readers on other
// threads see each move.
class ManualClock final : public Clock {
 public:
  // Starts at `unix_seconds` (UTC); the monotonic clock starts at zero.
  explicit ManualClock(std::int64_t unix_seconds = 1'900'000'000);
  // Starts at noon UTC on `date` (YYYY-MM-DD); a malformed date is a bug in
  // the test and aborts.
  static std::int64_t NoonOn(const std::string& date);

  std::chrono::system_clock::time_point Now() const override;
  std::chrono::steady_clock::time_point Monotonic() const override;

  // Moves both clocks forward (or the wall clock back, with a negative
  // amount; the monotonic clock never goes back).
  void Advance(std::chrono::seconds by);
  // Sets the wall clock (Unix seconds); the monotonic clock moves forward by
  // the difference when it is positive.
  void Set(std::int64_t unix_seconds);
  // Sets the wall clock to noon UTC on `date`.
  void SetDate(const std::string& date) { Set(NoonOn(date)); }

 private:
  std::atomic<std::int64_t> wall_;       // Unix seconds
  std::atomic<std::int64_t> steady_{0};  // seconds since the clock was made
};

// YYYY-MM-DD (UTC) of Unix seconds `t`.
std::string UtcDate(std::int64_t t);

}  // namespace portsafe
