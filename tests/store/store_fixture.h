// What the store tests share: a fresh SqlStore on each backend (SQLite in a
// temporary directory, PostgreSQL in a schema of its own; every test runs on
// both), with the port of the test rows, a report row the store takes (its
// blobs stand in for ciphertext), and filing one through the writer, waiting.
#pragma once

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "store/sql_store.h"
#include "support/temp_dir.h"
#include "support/test_databases.h"

namespace portsafe::store {

inline ReportRow TestReport(const std::string& id) {
  ReportRow r;
  r.id = id;
  r.lookup_id = "lookup-" + id;
  r.port_code = "GBFXT";
  r.category = "drugs";
  r.status = core::ReportStatus::kNew;
  r.received_on = "2026-11-26";
  r.sealed_key = "sk";
  r.receipt_wrapped_key = "wk";
  r.body = "ciphertext";
  return r;
}

class StoreFixture : public ::testing::TestWithParam<portsafe::testing::Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == portsafe::testing::Backend::kPostgres) {
      auto schema = portsafe::testing::PgSchema::Create();
      ASSERT_TRUE(schema.ok()) << schema.error().message();
      schema_ = std::move(*schema);
    }
    auto s = Open();
    ASSERT_TRUE(s.ok()) << s.error().message();
    store_ = std::move(*s);
    ASSERT_TRUE(store_->reports().PutPorts({{"GBFXT", "Felixstowe", "SFK", "AF"}}).ok());
  }
  void TearDown() override { store_.reset(); }

  // Another store on the same database (after store_.reset(): reopening).
  Result<std::unique_ptr<SqlStore>> Open(SqlOptions options = {}) {
    return schema_ ? SqlStore::OpenPostgres(schema_->url(), options)
                   : SqlStore::OpenSqlite(dir_.path() + "/" + sqlite_file_, options);
  }

  portsafe::testing::TempDir dir_;
  std::string sqlite_file_ = "t.db";                     // SQLite only: in dir_
  std::unique_ptr<portsafe::testing::PgSchema> schema_;  // PostgreSQL only
  std::unique_ptr<SqlStore> store_;
};

// Runs every TEST_P of `suite` on both backends.
#define PORTSAFE_ON_EVERY_STORE(suite)                                               \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                          \
                           ::testing::Values(portsafe::testing::Backend::kSqlite,    \
                                             portsafe::testing::Backend::kPostgres), \
                           portsafe::testing::BackendName)

inline Status FileReport(Store& store, ReportRow row, std::vector<FileRow> files = {}) {
  std::promise<Status> p;
  store.CreateReport(std::move(row), std::move(files),
                     [&p](Status s) { p.set_value(std::move(s)); });
  return p.get_future().get();
}
inline Status FileReport(SqlStore& store, ReportRow row, std::vector<FileRow> files = {}) {
  return FileReport(store.reports(), std::move(row), std::move(files));
}

}  // namespace portsafe::store
