// Demo content for `portsafe demo`: a few member facilities and sample
// reports (invented, with no real people or vessels), so every page has
// something to show.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace portsafe::cli {

struct DemoReceipt {
  std::string receipt;
  std::string summary;
};

// Seeds the instance in `data_dir` (which must exist and be closed to other
// writers) and returns the receipts of the demo reports.
Result<std::vector<DemoReceipt>> SeedDemoData(const std::string& data_dir);

}  // namespace portsafe::cli
