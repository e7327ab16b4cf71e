// The life of a report, as stored in the clear column `reports.status`.
// Reporters see a coarser view (ReporterStatusKey) than staff.
#pragma once

#include <optional>
#include <string_view>

namespace portsafe::core {

enum class ReportStatus {
  kNew,                 // received, not yet acknowledged by a handler
  kInProgress,          // a handler is working on it
  kWaitingForReporter,  // a handler asked the reporter a question
  kAwaitingApproval,    // sanitised package waits for a supervisor
  kDisseminated,        // sent to the agencies
  kClosed,
};

// Every status, in the order above (the queue's order of statuses).
inline constexpr ReportStatus kReportStatuses[] = {ReportStatus::kNew,
                                                   ReportStatus::kInProgress,
                                                   ReportStatus::kWaitingForReporter,
                                                   ReportStatus::kAwaitingApproval,
                                                   ReportStatus::kDisseminated,
                                                   ReportStatus::kClosed};

std::string_view ToString(ReportStatus s);
std::optional<ReportStatus> ParseReportStatus(std::string_view s);

// Translation key of what the reporter is shown for `s`.
std::string_view ReporterStatusKey(ReportStatus s);

// Whether a handler may move a report from `from` to `to`.
bool CanTransition(ReportStatus from, ReportStatus to);

}  // namespace portsafe::core
