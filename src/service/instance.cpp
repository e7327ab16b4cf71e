#include "service/instance.h"

#include <sodium.h>

#include "common/fs.h"
#include "core/port_directory.h"
#include "core/text.h"
#include "crypto/service_sealer.h"
#include "service/facilities.h"
#include "service/row_seal.h"
#include "store/pg_conn.h"
#include "store/sql_store.h"

namespace portsafe::service {
namespace {

// First line: "PortSafe <whose> recovery key v1".
constexpr std::string_view kRecoveryPrefix = "PortSafe ";
constexpr std::string_view kRecoverySuffix = " recovery key v1";

std::string Join(const std::string& dir, const char* name) { return dir + "/" + name; }

}  // namespace

std::string DatabasePath(const std::string& data_dir) { return Join(data_dir, "portsafe.db"); }

// A hand-written reader: the format is a handful of "key = value" lines and
// no packaged INI library is worth a dependency for one key.
Result<InstanceConfig> ParseInstanceConfig(std::string_view text) {
  InstanceConfig config;
  int line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    line = text::Trim(line);
    if (line.empty() || line.front() == '#') continue;
    size_t eq = line.find('=');
    const std::string where = "portsafe.conf line " + std::to_string(line_no);
    if (eq == std::string_view::npos) return InvalidArgument(where + ": expected key = value");
    std::string_view key = text::Trim(line.substr(0, eq));
    std::string_view value = text::Trim(line.substr(eq + 1));
    if (key != "database_url") {
      return InvalidArgument(where + ": unknown setting '" + std::string(key) +
                             "' (known: database_url)");
    }
    if (!store::IsPostgresUrl(value)) {
      return InvalidArgument(where + ": database_url must start with postgresql://");
    }
    config.database_url = std::string(value);
  }
  return config;
}

std::string FormatInstanceConfig(const InstanceConfig& config) {
  std::string out =
      "# PortSafe node settings (portsafe.conf). Every node of a deployment has the same.\n";
  if (!config.database_url.empty()) out += "database_url = " + config.database_url + "\n";
  return out;
}

Result<std::string> DatabaseLocation(const std::string& data_dir, const std::string& override_url) {
  if (!override_url.empty()) {
    if (!store::IsPostgresUrl(override_url)) {
      return InvalidArgument("--database must be a postgresql:// URL");
    }
    return override_url;
  }
  const std::string conf = Join(data_dir, "portsafe.conf");
  if (fs::Exists(conf)) {
    auto text = fs::ReadFile(conf);
    if (!text.ok()) return text.error();
    auto config = ParseInstanceConfig(*text);
    if (!config.ok()) return config.error();
    if (!config->database_url.empty()) return config->database_url;
  }
  return DatabasePath(data_dir);
}

std::string FormatRecoveryKey(const crypto::KeyPair& kp, std::string_view whose) {
  std::string s = std::string(kRecoveryPrefix) + std::string(whose) + std::string(kRecoverySuffix);
  s += whose == "service"
           ? "\n# Keep this file offline. With it, every report on the instance can be read.\n"
           : "\n# Keep this file offline. With it, every package sent to this agency can be "
             "read.\n";
  s += "public: " + crypto::ToBase64(kp.public_key) + "\n";
  s += "private: " + crypto::ToBase64(kp.private_key.view()) + "\n";
  return s;
}

Result<crypto::KeyPair> ParseRecoveryKey(std::string_view text) {
  std::string_view first = text.substr(0, text.find('\n'));
  if (first.rfind(kRecoveryPrefix, 0) != 0 || first.size() < kRecoverySuffix.size() ||
      first.substr(first.size() - kRecoverySuffix.size()) != kRecoverySuffix) {
    return InvalidArgument("not a PortSafe recovery key file");
  }
  crypto::KeyPair kp;
  std::string priv;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.rfind("public: ", 0) == 0 && !crypto::FromBase64(line.substr(8), &kp.public_key)) {
      return InvalidArgument("recovery key file: bad public key");
    }
    if (line.rfind("private: ", 0) == 0 && !crypto::FromBase64(line.substr(9), &priv)) {
      return InvalidArgument("recovery key file: bad private key");
    }
  }
  if (kp.public_key.size() != crypto::kPublicKeyBytes || priv.size() != crypto::kPrivateKeyBytes) {
    return InvalidArgument("recovery key file: incomplete");
  }
  kp.private_key = crypto::SecretBytes(priv);
  sodium_memzero(priv.data(), priv.size());
  return kp;
}

Status InitInstance(const std::string& data_dir, const std::string& recovery_key_out,
                    const std::string& public_url, const std::string& database_url) {
  if (recovery_key_out.empty()) return InvalidArgument("a recovery key file is required");
  if (!database_url.empty() && !store::IsPostgresUrl(database_url)) {
    return InvalidArgument("--database must be a postgresql:// URL");
  }
  if (fs::Exists(Join(data_dir, "instance.key")) || fs::Exists(DatabasePath(data_dir))) {
    return AlreadyExists(data_dir + " already holds an instance; refusing to overwrite it");
  }
  if (fs::Exists(recovery_key_out)) {
    return AlreadyExists(recovery_key_out + " exists; refusing to overwrite it");
  }
  auto ports = LoadSeedPorts();
  if (!ports.ok()) return ports.error();
  // The database before any file: a PostgreSQL database that already holds
  // an instance is refused with nothing written (SQLite's is made in the new
  // directory).
  std::unique_ptr<store::SqlStore> db;
  auto open_db = [&]() -> Status {
    auto opened =
        store::SqlStore::Open(database_url.empty() ? DatabasePath(data_dir) : database_url);
    if (!opened.ok()) return opened.error();
    db = std::move(*opened);
    auto existing = db->reports().LoadPorts();
    if (!existing.ok()) return existing.error();
    if (!existing->empty()) return AlreadyExists("the database already holds a PortSafe instance");
    return Status::Ok();
  };
  if (!database_url.empty()) {
    if (auto st = open_db(); !st.ok()) return st;
  }
  if (auto st = fs::EnsurePrivateDir(data_dir); !st.ok()) return st;
  if (database_url.empty()) {
    if (auto st = open_db(); !st.ok()) return st;
  }

  crypto::KeyPair kp = crypto::GenerateKeyPair();
  if (auto st = fs::WriteNewFile(recovery_key_out, FormatRecoveryKey(kp), 0600); !st.ok()) {
    return st;
  }
  std::string secret = crypto::RandomBytes(crypto::kInstanceSecretBytes);
  Status st = fs::WriteNewFile(Join(data_dir, "instance.key"), secret, 0600);
  const RowSeal seal{crypto::SecretBytes(secret)};
  sodium_memzero(secret.data(), secret.size());
  if (!st.ok()) return st;
  if (auto s = fs::WriteNewFile(Join(data_dir, "service.pub"), kp.public_key, 0600); !s.ok()) {
    return s;
  }
  if (!database_url.empty()) {
    if (auto s = fs::WriteNewFile(Join(data_dir, "portsafe.conf"),
                                  FormatInstanceConfig({database_url}), 0600);
        !s.ok()) {
      return s;
    }
  }
  std::vector<store::PortRow> rows;
  rows.reserve(ports->size());
  for (auto& p : *ports) rows.push_back({p.code, p.name, p.subdivision, p.status});
  if (auto st = db->reports().PutPorts(rows); !st.ok()) return st;
  if (auto st = PutSealedSetting(&db->membership(), seal, kServicePublicKeySetting,
                                 crypto::ToHex(kp.public_key));
      !st.ok()) {
    return st;
  }
  if (public_url.empty()) return Status::Ok();
  return PutSealedSetting(&db->membership(), seal, "public_url", public_url);
}

Result<InstanceKeys> LoadInstanceKeys(const std::string& data_dir) {
  auto secret = fs::ReadFile(Join(data_dir, "instance.key"));
  if (!secret.ok()) {
    return NotFound(data_dir + " is not a PortSafe instance (run `portsafe init` first)");
  }
  auto pub = fs::ReadFile(Join(data_dir, "service.pub"));
  if (!pub.ok()) return NotFound(data_dir + "/service.pub is missing");
  if (secret->size() != crypto::kInstanceSecretBytes || pub->size() != crypto::kPublicKeyBytes) {
    return InvalidArgument("key files in " + data_dir + " are damaged");
  }
  if (!crypto::IsUsablePublicKey(*pub)) {
    return InvalidArgument(data_dir + "/service.pub is not a usable public key");
  }
  InstanceKeys k{crypto::SecretBytes(*secret), *pub};
  sodium_memzero(secret->data(), secret->size());
  return k;
}

}  // namespace portsafe::service
