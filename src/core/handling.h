// The rules of handling a report, without I/O: grading (3x5x2), priority,
// insider types, closing reasons and the two clocks a handler works against.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portsafe::core {

// UK intelligence grading 3x5x2, kept as three separate fields (never one
// parsed string: the retired 5x5x5 used the same characters differently).
struct Grade {
  std::string source;        // "1" reliable, "2" untested, "3" not reliable
  std::string intelligence;  // "A".."E"
  std::string handling;      // "P" sharing permitted, "C" subject to conditions
  std::string conditions;    // required when handling is "C", empty otherwise

  bool empty() const { return source.empty() && intelligence.empty() && handling.empty(); }
  // "2CP" style, for display only.
  std::string Code() const { return source + intelligence + handling; }
};

// An empty string when the grade is valid, else the name of the first bad
// field ("source", "intelligence", "handling", "conditions").
std::string ValidateGrade(const Grade& g);

inline constexpr std::string_view kGradeSources[] = {"1", "2", "3"};
inline constexpr std::string_view kGradeIntelligence[] = {"A", "B", "C", "D", "E"};
inline constexpr std::string_view kGradeHandling[] = {"P", "C"};

// Priority is a clear column (the queue sorts by it); higher comes first.
enum class Priority { kNormal = 0, kHigh = 1, kThreatToLife = 2 };
std::string_view ToString(Priority p);
std::optional<Priority> ParsePriority(std::string_view s);
// The priority stored as `value` in the clear column; nullopt for a number
// that is none (a damaged row).
std::optional<Priority> PriorityFromInt(std::int64_t value);
inline constexpr std::string_view kPriorities[] = {"normal", "high", "threat_to_life"};

// Insider type (NPSA): kept sealed with the report, not in the clear.
inline constexpr std::string_view kInsiderTypes[] = {"none", "deliberate", "volunteer",
                                                     "exploited"};
// Why a report was closed.
inline constexpr std::string_view kCloseReasons[] = {"no_further_action", "malicious", "duplicate",
                                                     "out_of_scope"};
bool IsInsiderType(std::string_view s);
bool IsCloseReason(std::string_view s);

// What an agency reports back on a package (counted in the figures, so the
// kind and the seizure type are clear columns; quantity and note are sealed).
inline constexpr std::string_view kOutcomes[] = {"seizure", "arrest", "disruption",
                                                 "no_further_action"};
inline constexpr std::string_view kSeizureTypes[] = {
    "drugs", "firearms", "cash", "tobacco", "alcohol", "stolen_goods", "vehicles", "other"};
bool IsOutcome(std::string_view s);
bool IsSeizureType(std::string_view s);

// Days are "YYYY-MM-DD" strings (the only dates the service keeps).
// nullopt for a malformed date.
std::optional<int> DaysBetween(std::string_view from, std::string_view to);
// Whether `s` is a date as the store writes them: YYYY-MM-DD, a real day.
bool IsDate(std::string_view s);
std::string AddDays(std::string_view date, int days);
std::string AddMonths(std::string_view date, int months);

// The clocks (EU Directive 2019/1937, art. 9): acknowledge within 7 days of
// receipt; give feedback within 3 months of the acknowledgement.
struct Clocks {
  std::string ack_due;        // received + 7 days
  bool ack_breached = false;  // not acknowledged by ack_due (or acknowledged late)
  std::string feedback_due;   // acknowledged (or, until then, received) + 3 months
  bool feedback_breached = false;
};
// `acknowledged_on` and `feedback_on` are empty until they happen.
Clocks ComputeClocks(std::string_view received_on, std::string_view acknowledged_on,
                     std::string_view feedback_on, std::string_view today);

}  // namespace portsafe::core
