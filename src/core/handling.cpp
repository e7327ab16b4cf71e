#include "core/handling.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace portsafe::core {
namespace {

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

std::optional<std::chrono::year_month_day> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  y = std::stoi(std::string(s.substr(0, 4)));
  m = std::stoi(std::string(s.substr(5, 2)));
  d = std::stoi(std::string(s.substr(8, 2)));
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::string Format(std::chrono::year_month_day ymd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace

std::string ValidateGrade(const Grade& g) {
  if (!In(kGradeSources, g.source)) return "source";
  if (!In(kGradeIntelligence, g.intelligence)) return "intelligence";
  if (!In(kGradeHandling, g.handling)) return "handling";
  if (g.handling == "C" && g.conditions.find_first_not_of(" \t\r\n") == std::string::npos) {
    return "conditions";
  }
  if (g.handling == "P" && !g.conditions.empty()) return "conditions";
  return {};
}

std::string_view ToString(Priority p) {
  switch (p) {
    case Priority::kNormal:
      return "normal";
    case Priority::kHigh:
      return "high";
    case Priority::kThreatToLife:
      return "threat_to_life";
  }
  return "normal";
}

std::optional<Priority> ParsePriority(std::string_view s) {
  for (Priority p : {Priority::kNormal, Priority::kHigh, Priority::kThreatToLife}) {
    if (ToString(p) == s) return p;
  }
  return std::nullopt;
}

std::optional<Priority> PriorityFromInt(std::int64_t value) {
  if (value < static_cast<int>(Priority::kNormal) ||
      value > static_cast<int>(Priority::kThreatToLife)) {
    return std::nullopt;
  }
  return static_cast<Priority>(value);
}

bool IsInsiderType(std::string_view s) { return In(kInsiderTypes, s); }
bool IsCloseReason(std::string_view s) { return In(kCloseReasons, s); }
bool IsOutcome(std::string_view s) { return In(kOutcomes, s); }
bool IsSeizureType(std::string_view s) { return In(kSeizureTypes, s); }

bool IsDate(std::string_view s) { return ParseDate(s).has_value(); }

std::optional<int> DaysBetween(std::string_view from, std::string_view to) {
  auto a = ParseDate(from);
  auto b = ParseDate(to);
  if (!a || !b) return std::nullopt;
  return static_cast<int>((std::chrono::sys_days(*b) - std::chrono::sys_days(*a)).count());
}

std::string AddDays(std::string_view date, int days) {
  auto a = ParseDate(date);
  if (!a) return {};
  return Format(std::chrono::year_month_day(std::chrono::sys_days(*a) + std::chrono::days(days)));
}

std::string AddMonths(std::string_view date, int months) {
  auto a = ParseDate(date);
  if (!a) return {};
  auto ymd = *a + std::chrono::months(months);
  // 31 January + 1 month: the last day of February.
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / std::chrono::last;
  return Format(ymd);
}

Clocks ComputeClocks(std::string_view received_on, std::string_view acknowledged_on,
                     std::string_view feedback_on, std::string_view today) {
  Clocks c;
  c.ack_due = AddDays(received_on, 7);
  std::string_view acked_by = acknowledged_on.empty() ? today : acknowledged_on;
  // Strings in YYYY-MM-DD order compare like dates.
  c.ack_breached = !c.ack_due.empty() && acked_by > std::string_view(c.ack_due);
  c.feedback_due = AddMonths(acknowledged_on.empty() ? received_on : acknowledged_on, 3);
  std::string_view fed_by = feedback_on.empty() ? today : feedback_on;
  c.feedback_breached = !c.feedback_due.empty() && fed_by > std::string_view(c.feedback_due);
  return c;
}

}  // namespace portsafe::core
