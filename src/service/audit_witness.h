// The audit chain's head, recorded outside the database.
//
// An append-only text file of lines "SEQ MAC DATE" (the entry's sequence
// number, its MAC in hex, the day it was recorded, UTC), one for each head
// AuditLog::Witness recorded. Whoever can write only the database (a
// database host run by someone else, a restored older backup) cannot make
// the chain agree with it again: `audit verify` names entries deleted from
// the tail, an emptied table and a rollback. Kept beside the instance by
// default; an operator may point it at another disk, and AuditLog mails
// each head to an auditor when configured, which whoever holds the server
// cannot take back. The file holds no secret (a MAC opens nothing).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"

namespace portsafe::service {

struct AuditHead {
  std::int64_t seq = 0;  // 0: the log is empty
  std::string mac;       // 32 bytes, raw
  std::string on;        // YYYY-MM-DD
};

class AuditWitness {
 public:
  // The default file of an instance: DIR/audit.witness.
  static std::string DefaultPath(const std::string& data_dir);

  explicit AuditWitness(std::string path) : path_(std::move(path)) {}

  // Appends `head` as one line, created 0600, and syncs it to disk.
  // Thread-safe.
  Status Record(const AuditHead& head);
  // Every head recorded, oldest first. kNotFound when there is no file;
  // kInvalidArgument naming the first line that is not a head.
  Result<std::vector<AuditHead>> Read() const;
  const std::string& path() const { return path_; }

  // One line of the file, and back (kInvalidArgument when it is not one).
  static std::string Format(const AuditHead& head);
  static Result<AuditHead> Parse(std::string_view line);

 private:
  const std::string path_;
  std::mutex mu_;
};

}  // namespace portsafe::service
