// Report rows for the store tests: a row the store takes (its blobs stand
// in for ciphertext), and filing one through the writer, waiting for it.
#pragma once

#include <future>
#include <string>
#include <vector>

#include "store/store.h"

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

inline Status FileReport(Store& store, ReportRow row, std::vector<FileRow> files = {}) {
  std::promise<Status> p;
  store.CreateReport(std::move(row), std::move(files),
                     [&p](Status s) { p.set_value(std::move(s)); });
  return p.get_future().get();
}

}  // namespace portsafe::store
