// `portsafe purge`: deletes reports closed longer ago than the retention
// period (service/retention.h).
#include <iostream>

#include "cli/commands.h"
#include "cli/instance_access.h"
#include "cli/options.h"
#include "service/audit_log.h"
#include "service/reporting_service_impl.h"
#include "service/retention.h"

namespace portsafe::cli {

int RunPurge(const std::vector<std::string>& args) {
  po::options_description desc("Options");
  std::string data;
  int months = service::kDefaultRetentionMonths;
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "instance data directory")(
      "months", po::value(&months)->default_value(service::kDefaultRetentionMonths),
      "retention period: reports closed this many months ago or earlier go")(
      "dry-run", "list what would go and delete nothing");
  po::variables_map vm;
  int code = 0;
  if (!ParseOptions(args, desc,
                    "Usage: portsafe purge --data DIR [--months N] [--dry-run]\n\n"
                    "Deletes every report closed N months ago or earlier (default 12) with its\n"
                    "messages, files, handling notes and agency packages, by secure deletion,\n"
                    "and records each in the audit log. `portsafe serve` does the same once a\n"
                    "day. Prints one line per report: its id and the day it was closed.",
                    &vm, &code)) {
    return code;
  }
  if (months < 1 || months > 1200) {
    std::cerr << "portsafe purge: --months must be between 1 and 1200\n";
    return 2;
  }
  auto inst = OpenOrSay(data, "purge");
  if (!inst) return 1;
  const bool dry_run = vm.count("dry-run") > 0;
  service::AuditLog& audit = *inst->audit;
  auto items = service::Purge(&inst->store->staff(), &audit, inst->clock->Today(), months, dry_run);
  if (!items.ok()) {
    std::cerr << "portsafe purge: " << items.error().message() << "\n";
    return 1;
  }
  for (const auto& i : *items) std::cout << i.report_id << " closed " << i.closed_on << "\n";
  std::cout << (dry_run ? "would purge " : "purged ") << items->size()
            << (items->size() == 1 ? " report" : " reports") << "\n";
  return 0;
}

}  // namespace portsafe::cli
