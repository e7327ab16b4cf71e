// Backups of a whole store, the same file for SQLite and PostgreSQL (so a
// backup of one restores into the other): `portsafe backup` and
// `portsafe restore`. Every table but the sessions and job leases (after a
// restore everyone signs in again), read under one snapshot while the server
// keeps running. The file is as confidential as the database: report
// content is ciphertext, but it holds the wrapped keys and the audit log.
// It holds no key that opens anything: instance.key and the recovery keys
// are kept apart (docs/deployment.md).
//
// Format v1 (all integers little-endian): "PSBACKUP1\n"; u32 schema
// version; u32-length service public key; then per table a 'T' and the
// u32-length table name, its rows as 'R' and each column's value (text and
// blobs u32-length, integers 8 bytes) and an 'E'; finally 'Z' and the
// BLAKE2b-256 of every byte before it, so a damaged or cut-short file is
// refused before anything is written.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

#include "common/result.h"
#include "store/sql_store.h"

namespace portsafe::store {

enum class ColumnKind { kText, kBlob, kInt };
struct BackupColumn {
  const char* name;
  ColumnKind kind;
};
struct BackupTable {
  const char* name;
  std::vector<BackupColumn> columns;
};
// The tables a backup holds, parents before children.
const std::vector<BackupTable>& BackupTables();
// The tables it leaves out, and why they can go.
const std::vector<std::string>& TablesNotBackedUp();

struct BackupHeader {
  int schema_version = 0;
  std::string service_public_key;
};
using BackupValue = std::variant<std::string, std::int64_t>;

// Writes `store` to `out`. `service_public_key` (service.pub) goes in the
// header, so a restore can tell whether its key files belong to the backup.
Status WriteBackup(SqlStore* store, const std::string& service_public_key, std::ostream& out);

// Reads a backup to the end, calling `header` once and `row` for every row;
// kInvalidArgument for anything malformed (checked before `header` returns
// only as far as read; the checksum is checked at the end, so a caller that
// writes must do so in a transaction it can undo).
Status ReadBackup(
    std::istream& in, const std::function<Status(const BackupHeader&)>& header,
    const std::function<Status(const BackupTable&, const std::vector<BackupValue>&)>& row);

// Restores a backup into `store`, which must be empty (no ports, users or
// reports: a new database), in one transaction: all or nothing.
// kInvalidArgument when the file is damaged, was made with another schema
// version, or belongs to another service key; kAlreadyExists when the store
// is not empty.
Status RestoreBackup(SqlStore* store, const std::string& service_public_key, std::istream& in);

}  // namespace portsafe::store
