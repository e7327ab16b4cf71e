// Demo content for `portsafe demo`: a few member facilities and sample
// reports (invented, with no real people or vessels), so every page has
// something to show.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "service/services.h"

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

// Seeds a new instance through its services (the ones `serve` then runs):
// facilities, agencies, one user of each role and a few reports.
// `recovery_key_file` is the instance's service recovery key (the demo keeps
// it beside the data, which a real instance must never do).
Result<DemoData> SeedDemoData(service::Services& services, const std::string& recovery_key_file);

}  // namespace portsafe::cli
