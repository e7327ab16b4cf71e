#include "core/report_status.h"

namespace portsafe::core {

namespace {
struct Entry {
  ReportStatus status;
  std::string_view name;
  std::string_view reporter_key;
};
constexpr Entry kEntries[] = {
    {ReportStatus::kNew, "new", "status.received"},
    {ReportStatus::kInProgress, "in_progress", "status.being_handled"},
    {ReportStatus::kWaitingForReporter, "waiting_for_reporter", "status.waiting_for_you"},
    {ReportStatus::kAwaitingApproval, "awaiting_approval", "status.being_handled"},
    {ReportStatus::kDisseminated, "disseminated", "status.passed_on"},
    {ReportStatus::kClosed, "closed", "status.closed"},
};
}  // namespace

std::string_view ToString(ReportStatus s) {
  for (const auto& e : kEntries) {
    if (e.status == s) return e.name;
  }
  return "new";
}

std::optional<ReportStatus> ParseReportStatus(std::string_view s) {
  for (const auto& e : kEntries) {
    if (e.name == s) return e.status;
  }
  return std::nullopt;
}

std::string_view ReporterStatusKey(ReportStatus s) {
  for (const auto& e : kEntries) {
    if (e.status == s) return e.reporter_key;
  }
  return "status.received";
}

bool CanTransition(ReportStatus from, ReportStatus to) {
  using S = ReportStatus;
  if (from == to) return false;
  if (from == S::kClosed) return false;  // closed is final; a reopen is a new decision
  if (to == S::kClosed) return true;
  switch (from) {
    case S::kNew:
      return to == S::kInProgress;
    case S::kInProgress:
      return to == S::kWaitingForReporter || to == S::kAwaitingApproval;
    case S::kWaitingForReporter:
      return to == S::kInProgress;
    case S::kAwaitingApproval:
      return to == S::kInProgress || to == S::kDisseminated;
    case S::kDisseminated:
      return to == S::kInProgress;
    case S::kClosed:
      return false;
  }
  return false;
}

}  // namespace portsafe::core
