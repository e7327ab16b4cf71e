// Helpers shared by the files that make up SqliteStore. Each takes the
// connection it runs on; none is thread-safe beyond that connection.
#pragma once

#include <string>
#include <vector>

#include "store/records.h"
#include "store/sqlite_conn.h"

namespace portsafe::store {

// kUnavailable with SQLite's last message.
Error DbError(Conn& c);
// Runs a prepared single-row statement; kAlreadyExists on a key clash.
Status StepDone(Conn& c, Stmt& st);
// Runs a prepared UPDATE of one row; kNotFound(`missing`) when it touched none.
Status StepUpdate(Conn& c, Stmt& st, const char* missing);
// Inserts a facility; kAlreadyExists when the code is taken, kInvalidArgument
// for a port not in the directory.
Status InsertFacility(Conn& c, const Facility& f);
// A facility from columns code, port_code, name, operator_group, status, joined_on.
Facility ReadFacility(const Stmt& st);
// Adds `deltas` to the tallies of the facility and port of `report_id`
// (inside the caller's transaction). A count never goes below zero.
Status AddTallies(Conn& c, const std::string& report_id, const std::vector<TallyDelta>& deltas);

}  // namespace portsafe::store
