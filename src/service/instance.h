// An instance is one data directory:
//   portsafe.db       the SQLite database (WAL: also portsafe.db-wal, -shm)
//   instance.key      32-byte instance secret (mode 0600): keys the receipt
//                     hashes; never in the database
//   service.pub       the service public key; its private key is not here
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

// Creates the instance: directory (0700), keys, recovery key file (0600) and
// the database seeded with the port directory, and the instance's public URL
// (setting "public_url": the base of the reporting links on posters and in
// invitations; may be ""). kAlreadyExists when the data directory already
// holds an instance or the recovery key file exists.
Status InitInstance(const std::string& data_dir, const std::string& recovery_key_out,
                    const std::string& public_url);

// Reads instance.key and service.pub. kNotFound when `data_dir` is not an
// instance.
Result<InstanceKeys> LoadInstanceKeys(const std::string& data_dir);

// The recovery key file's text for `kp`; `whose` names the key ("service",
// or "agency CODE").
std::string FormatRecoveryKey(const crypto::KeyPair& kp, std::string_view whose = "service");
// Reads a recovery key file's text back into a key pair.
Result<crypto::KeyPair> ParseRecoveryKey(std::string_view text);

}  // namespace portsafe::service
