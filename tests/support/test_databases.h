// Databases for tests: each test gets a store of its own on either backend,
// SQLite in a temporary directory or a fresh schema of the throw-away
// PostgreSQL cluster that CTest starts for the tests marked PG
// (tests/CMakeLists.txt, scripts/pg_cluster.sh).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/result.h"

namespace portsafe::testing {

enum class Backend { kSqlite, kPostgres };

// "Sqlite" or "Postgres", for parameterised test names.
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

// The test cluster's URL: $PORTSAFE_TEST_PG_URL, else the one
// scripts/pg_cluster.sh wrote for this build; kNotFound when neither is there.
Result<std::string> TestPostgresUrl();

// A schema of its own in the test cluster, dropped with everything in it when
// this goes. url() connects with that schema first on the search path, so a
// store opened on it sees only its own tables.
class PgSchema {
 public:
  static Result<std::unique_ptr<PgSchema>> Create();
  ~PgSchema();
  const std::string& url() const { return url_; }

 private:
  PgSchema(std::string base, std::string name, std::string url)
      : base_(std::move(base)), name_(std::move(name)), url_(std::move(url)) {}
  std::string base_, name_, url_;
};

}  // namespace portsafe::testing
