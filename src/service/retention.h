// Retention: reports closed longer ago than the retention period are
// deleted with everything attached (messages, files, handling notes,
// packages), using the store's secure deletion. Used by `portsafe purge` and
// by `portsafe serve` once a day. Needs no key: it reads only the clear
// closed_on dates.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "service/audit_log.h"
#include "store/staff_store.h"

namespace portsafe::service {

inline constexpr int kDefaultRetentionMonths = 12;

struct PurgeItem {
  std::string report_id;
  std::string closed_on;
};

// Closed reports whose closed_on is on or before `today` minus `months`
// months, oldest first. kInvalidArgument for months < 1 or a bad date.
Result<std::vector<PurgeItem>> DueForPurge(store::StaffStore* staff, const std::string& today,
                                           int months);

// Deletes what DueForPurge lists (unless `dry_run`) and records one audit
// entry per report ("report.purged", actor "system"). Returns the list.
Result<std::vector<PurgeItem>> Purge(store::StaffStore* staff, AuditLog* audit,
                                     const std::string& today, int months, bool dry_run);

}  // namespace portsafe::service
