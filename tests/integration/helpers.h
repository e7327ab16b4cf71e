// Helpers shared by the integration tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "support/http_client.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace portsafe::testing {

// A marker string no test data contains by chance.
inline std::string Unique(const std::string& prefix) {
  static int n = 0;  // tests in one binary run one at a time
  return prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + "-QZX";
}

// Every file in the data directory (database, WAL, key files) and the log.
inline void ExpectNowhere(const ServerProcess& s, const std::string& needle) {
  auto files = FilesBelow(s.data_dir());
  files.push_back(s.log_path());
  ASSERT_GE(files.size(), 3u);
  for (const auto& f : files) {
    EXPECT_EQ(ReadAll(f).find(needle), std::string::npos) << "'" << needle << "' found in " << f;
  }
}

inline HttpResult PostJson(std::uint16_t port, const std::string& target, const std::string& body,
                           const std::string& receipt = "") {
  HttpCall c;
  c.method = "POST";
  c.target = target;
  c.body = body;
  c.headers = {{"Content-Type", "application/json"}};
  if (!receipt.empty()) c.headers.push_back({"Authorization", "Receipt " + receipt});
  return Send(port, c);
}

inline HttpResult GetSelf(std::uint16_t port, const std::string& receipt) {
  HttpCall c;
  c.target = "/api/v1/reports/self";
  c.headers = {{"Authorization", "Receipt " + receipt}};
  return Send(port, c);
}

}  // namespace portsafe::testing
