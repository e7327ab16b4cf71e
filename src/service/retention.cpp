#include "service/retention.h"

#include <algorithm>

#include "core/handling.h"
#include "core/report_status.h"

namespace portsafe::service {

Result<std::vector<PurgeItem>> DueForPurge(store::StaffStore* staff, const std::string& today,
                                           int months) {
  if (months < 1 || months > 1200) return InvalidArgument("months");
  if (!core::IsDate(today)) return InvalidArgument("today");
  const std::string cutoff = core::AddMonths(today, -months);
  // Closed reports only, a page at a time: what is held is what is due.
  std::vector<PurgeItem> out;
  store::QueuePageQuery q;
  q.status = core::ReportStatus::kClosed;
  q.limit = 1000;
  for (;;) {
    auto rows = staff->ListQueuePage(q);
    if (!rows.ok()) return rows.error();
    for (const auto& r : *rows) {
      if (r.closed_on.empty()) continue;
      if (r.closed_on <= cutoff) out.push_back({r.report_id, r.closed_on});
    }
    if (rows->size() < q.limit) break;
    q.after_received_on = rows->back().received_on;
    q.after_id = rows->back().report_id;
  }
  std::sort(out.begin(), out.end(), [](const PurgeItem& a, const PurgeItem& b) {
    return a.closed_on != b.closed_on ? a.closed_on < b.closed_on : a.report_id < b.report_id;
  });
  return out;
}

Result<std::vector<PurgeItem>> Purge(store::StaffStore* staff, AuditLog* audit,
                                     const std::string& today, int months, bool dry_run) {
  auto due = DueForPurge(staff, today, months);
  if (!due.ok() || dry_run || due->empty()) return due;
  std::vector<std::string> ids;
  for (const auto& d : *due) ids.push_back(d.report_id);
  if (auto st = staff->DeleteReports(ids); !st.ok()) return st.error();
  for (const auto& id : ids) {
    if (auto st = audit->Append({"system", "system", "report.purged", id}); !st.ok()) {
      return st.error();
    }
  }
  return due;
}

}  // namespace portsafe::service
