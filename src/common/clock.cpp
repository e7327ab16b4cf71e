#include "common/clock.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace portsafe {

std::int64_t Clock::UnixSeconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(Now().time_since_epoch()).count();
}

std::string Clock::Today() const { return UtcDate(UnixSeconds()); }

std::string UtcDate(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[40];  // room for any int year, so the format never truncates
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

std::chrono::system_clock::time_point SystemClock::Now() const {
  return std::chrono::system_clock::now();
}

std::chrono::steady_clock::time_point SystemClock::Monotonic() const {
  return std::chrono::steady_clock::now();
}

const SystemClock* SystemClock::Get() {
  static const SystemClock clock;
  return &clock;
}

ManualClock::ManualClock(std::int64_t unix_seconds) : wall_(unix_seconds) {}

std::int64_t ManualClock::NoonOn(const std::string& date) {
  int y = 0, m = 0, d = 0;
  if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) std::abort();
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  tm.tm_hour = 12;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::chrono::system_clock::time_point ManualClock::Now() const {
  return std::chrono::system_clock::time_point(std::chrono::seconds(wall_.load()));
}

std::chrono::steady_clock::time_point ManualClock::Monotonic() const {
  return std::chrono::steady_clock::time_point(std::chrono::seconds(steady_.load()));
}

void ManualClock::Advance(std::chrono::seconds by) {
  wall_ += by.count();
  if (by.count() > 0) steady_ += by.count();
}

void ManualClock::Set(std::int64_t unix_seconds) {
  std::int64_t before = wall_.exchange(unix_seconds);
  if (unix_seconds > before) steady_ += unix_seconds - before;
}

}  // namespace portsafe
