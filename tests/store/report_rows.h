// What the store tests share: a fresh SqliteStore in a temporary directory
// with the port of the test rows, a report row the store takes (its blobs
// stand in for ciphertext), and filing one through the writer, waiting.
#pragma once

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace portsafe::store {

inline ReportRow TestReport(const std::string& id) {
  ReportRow r;
  r.id = id;
  r.lookup_id = "lookup-" + id;
  r.port_code = "GBFXT";
  r.category = "drugs";
  r.status = "new";
  r.received_on = "2026-11-26";
  r.sealed_key = "sk";
  r.receipt_wrapped_key = "wk";
  r.body = "ciphertext";
  return r;
}

class SqliteFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteStore::Open(dir_.path() + "/t.db");
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->PutPorts({{"GBFXT", "Felixstowe", "SFK", "AF"}}).ok());
  }
  portsafe::testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

inline Status FileReport(Store& store, ReportRow row, std::vector<FileRow> files = {}) {
  std::promise<Status> p;
  store.CreateReport(std::move(row), std::move(files),
                     [&p](Status s) { p.set_value(std::move(s)); });
  return p.get_future().get();
}

}  // namespace portsafe::store
