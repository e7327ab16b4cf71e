// An instance is one data directory:
//   portsafe.db       the SQLite database (WAL: also portsafe.db-wal, -shm),
//                     unless portsafe.conf names a PostgreSQL database
//   portsafe.conf     optional settings a node needs before it can reach the
//                     database (mode 0600): database_url = postgresql://...
//   instance.key      32-byte instance secret (mode 0600): keys the receipt
//                     hashes; never in the database
//   service.pub       the service public key (mode 0600); its private key is not here
// The service private key is written once, at init, to the recovery key file
// the operator names and keeps offline.
#pragma once

#include <string>

#include "common/result.h"
#include "crypto/receipt.h"
#include "crypto/sealed_box.h"
#include "crypto/sodium.h"

namespace portsafe::service {

struct InstanceKeys {
  crypto::SecretBytes instance_secret;
  std::string service_public_key;
};

std::string DatabasePath(const std::string& data_dir);

// portsafe.conf: "key = value" lines; blank lines and lines starting with
// '#' are skipped. The one key is database_url (a postgresql:// URL).
// kInvalidArgument naming the line for anything else.
struct InstanceConfig {
  std::string database_url;
};
Result<InstanceConfig> ParseInstanceConfig(std::string_view text);
std::string FormatInstanceConfig(const InstanceConfig& config);

// Where an instance's database is: `override_url` when not empty (the
// --database option), else portsafe.conf's database_url, else the SQLite file
// in the directory. kInvalidArgument for a damaged portsafe.conf or a URL
// that is not postgresql://.
Result<std::string> DatabaseLocation(const std::string& data_dir,
                                     const std::string& override_url = "");

// Creates the instance: directory (0700), keys, recovery key file (0600) and
// the database seeded with the port directory, and the instance's public URL
// (setting "public_url": the base of the reporting links on posters and in
// invitations; may be ""). With `database_url` (postgresql://...) the
// database is that one, and portsafe.conf records it. kAlreadyExists when the
// data directory or the database already holds an instance or the recovery
// key file exists.
Status InitInstance(const std::string& data_dir, const std::string& recovery_key_out,
                    const std::string& public_url, const std::string& database_url = "");

// The sealed setting (RowSeal) naming the service public key in use, in hex:
// a node whose service.pub is another key (one a rotation replaced) refuses
// to start. Unset in instances made before it existed.
inline constexpr const char* kServicePublicKeySetting = "service_public_key";

// Reads instance.key and service.pub. kNotFound when `data_dir` is not an
// instance.
Result<InstanceKeys> LoadInstanceKeys(const std::string& data_dir);

// The recovery key file's text for `kp`; `whose` names the key ("service",
// or "agency CODE").
std::string FormatRecoveryKey(const crypto::KeyPair& kp, std::string_view whose = "service");
// Reads a recovery key file's text back into a key pair.
Result<crypto::KeyPair> ParseRecoveryKey(std::string_view text);

}  // namespace portsafe::service
