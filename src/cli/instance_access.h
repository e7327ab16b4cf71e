// Opening an instance from a command: its keys and its database.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "crypto/sealed_box.h"
#include "service/audit_log.h"
#include "service/audit_witness.h"
#include "service/instance.h"
#include "store/sql_store.h"

namespace portsafe::cli {

// A command's instance. The commands' clock is the system's: chosen here,
// and in `serve`, and nowhere else.
struct OpenInstance {
  service::InstanceKeys keys;
  std::unique_ptr<store::SqlStore> store;
  const Clock* clock = nullptr;
  // The audit log, recording its head in the instance's witness file
  // (service::AuditWitness::DefaultPath) like `serve` by default.
  std::unique_ptr<service::AuditWitness> witness;
  std::unique_ptr<service::AuditLog> audit;
};

// kNotFound when `data_dir` is not an instance. The database is
// `database_url` when given, else the one the instance names
// (service::DatabaseLocation).
Result<OpenInstance> OpenExisting(const std::string& data_dir,
                                  const std::string& database_url = "");

// OpenExisting for a command: on failure, says why on stderr as
// "portsafe <command>: <why>" and gives nothing.
std::optional<OpenInstance> OpenOrSay(const std::string& data_dir, std::string_view command,
                                      const std::string& database_url = "");

// The instance's public URL (setting "public_url"), without a trailing slash;
// kNotFound when it was never set, kPermissionDenied when it does not match
// its seal (service::RowSeal: changed outside PortSafe).
Result<std::string> PublicUrl(const OpenInstance& inst);

// Reads a recovery key file. When `expected_public_key` is not empty the
// key must be that one (the service's or an agency's), else kInvalidArgument.
Result<crypto::KeyPair> ReadRecoveryKey(const std::string& path,
                                        const std::string& expected_public_key);

// Reads a password from a file: its first line, without the line break.
Result<std::string> ReadPasswordFile(const std::string& path);

}  // namespace portsafe::cli
