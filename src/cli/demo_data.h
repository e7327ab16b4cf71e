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

struct DemoLogin {
  std::string role;
  std::string email;
  std::string password;
  std::string totp_uri;
};

struct DemoData {
  std::vector<DemoReceipt> receipts;
  std::vector<DemoLogin> logins;  // one user of each role
};

// Seeds the instance in `data_dir` (which must exist and be closed to other
// writers): facilities, agencies, one user of each role and a few reports.
// `recovery_key_file` is the instance's service recovery key (the demo keeps
// it beside the data, which a real instance must never do).
Result<DemoData> SeedDemoData(const std::string& data_dir, const std::string& recovery_key_file);

}  // namespace portsafe::cli
