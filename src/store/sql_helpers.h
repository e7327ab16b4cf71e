// Helpers shared by the SQL stores (sql_store.h). Each takes the
// connection it runs on; none is thread-safe beyond that connection.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "store/records.h"
#include "store/sql_conn.h"

namespace portsafe::store {

// DatabaseUnavailable (sql_conn.h) with the database's last message.
Error DbError(Conn& c);
// kInvalidArgument for a value the database refused; its text is logged.
Error RefusedValue(Conn& c);
// Runs a prepared single-row statement; kAlreadyExists on a key clash.
Status StepDone(Conn& c, Stmt& st);
// Runs `sql` (a statement literal) with one key bound as text, or as a blob
// when `blob`, to completion; kAlreadyExists on a key clash.
Status RunKeyed(Conn& c, const char* sql, std::string_view key, bool blob = false);
// Runs a prepared UPDATE of one row; kNotFound(`missing`) when it touched none.
Status StepUpdate(Conn& c, Stmt& st, const char* missing);
// Runs `sql` (a statement literal: the cache is keyed by its address) with
// `keys` bound as text to its parameters in order, and makes a Row of each
// result row with `read`, which returns a Row or a Result<Row> (an error
// for a row it cannot read, which is then the answer).
template <typename Row, typename Read, typename... Keys>
Result<std::vector<Row>> Collect(Conn& c, const char* sql, Read read, const Keys&... keys) {
  auto s = c.Prepare(sql);
  if (!s.ok()) return s.error();
  Stmt st(*s);
  int i = 0;
  (st.Bind(++i, std::string_view(keys)), ...);
  std::vector<Row> out;
  int rc;
  while ((rc = st.Step()) == kRow) {
    if constexpr (std::is_same_v<std::invoke_result_t<Read, Stmt&>, Result<Row>>) {
      auto row = read(st);
      if (!row.ok()) return row.error();
      out.push_back(std::move(*row));
    } else {
      out.push_back(read(st));
    }
  }
  if (rc != kDone) return DbError(c);
  return out;
}

// A report's status and priority from their clear columns (the status's
// name, the priority's number) into `status` and `priority`; kInternal for a
// value that is none (a damaged row).
Status ReadStatusAndPriority(std::string_view status_name, std::int64_t priority_value,
                             core::ReportStatus* status, core::Priority* priority);
// Steps `st` once and reads a report from its columns id, lookup_id,
// port_code, facility_code, category, status, priority, received_on,
// sealed_key, receipt_wrapped_key, body. kNotFound when there is no row,
// kInternal for a status or priority that is none (a damaged row).
Result<ReportRow> ReadReportRow(Conn& c, Stmt& st);
// Inserts a facility; kAlreadyExists when the code is taken, kInvalidArgument
// for a port not in the directory.
Status InsertFacility(Conn& c, const Facility& f);
// A facility from columns code, port_code, name, operator_group, status, joined_on.
Facility ReadFacility(const Stmt& st);
// Makes the report wait to be (re)indexed by the link index.
Status MarkLinkPending(Conn& c, const std::string& report_id);
// Adds `deltas` to the tallies of the facility and port of `report_id`
// (inside the caller's transaction). A count never goes below zero.
Status AddTallies(Conn& c, const std::string& report_id, const std::vector<TallyDelta>& deltas);

}  // namespace portsafe::store
