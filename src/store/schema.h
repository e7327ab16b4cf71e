// The database schema, one description for both stores: a list of
// versioned migrations, each applied once, in order, in its own
// transaction, with the version kept in meta.schema_version. The SQL is
// written once in SQLite's spelling; for PostgreSQL "WITHOUT ROWID" is
// dropped, INTEGER becomes BIGINT and BLOB is a domain over bytea. The few
// statements the two cannot share (a trigger) come in both spellings.
#pragma once

#include "common/result.h"
#include "store/sql_conn.h"

namespace portsafe::store {

// The version the newest migration reaches.
int LatestSchemaVersion();

// Brings the database on `c` to the latest version. Safe to run from several
// nodes at once (they queue on a lock; each migration runs once).
Status Migrate(Conn& c);

}  // namespace portsafe::store
