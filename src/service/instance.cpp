#include "service/instance.h"

#include <sodium.h>

#include "common/fs.h"
#include "core/port_directory.h"
#include "crypto/service_sealer.h"
#include "service/facilities.h"
#include "store/sqlite_store.h"

namespace portsafe::service {
namespace {

// First line: "PortSafe <whose> recovery key v1".
constexpr std::string_view kRecoveryPrefix = "PortSafe ";
constexpr std::string_view kRecoverySuffix = " recovery key v1";

std::string Join(const std::string& dir, const char* name) { return dir + "/" + name; }

}  // namespace

std::string DatabasePath(const std::string& data_dir) { return Join(data_dir, "portsafe.db"); }

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
                    const std::string& public_url) {
  if (recovery_key_out.empty()) return InvalidArgument("a recovery key file is required");
  if (fs::Exists(Join(data_dir, "instance.key")) || fs::Exists(DatabasePath(data_dir))) {
    return AlreadyExists(data_dir + " already holds an instance; refusing to overwrite it");
  }
  if (fs::Exists(recovery_key_out)) {
    return AlreadyExists(recovery_key_out + " exists; refusing to overwrite it");
  }
  if (auto st = fs::EnsurePrivateDir(data_dir); !st.ok()) return st;

  auto ports = LoadSeedPorts();
  if (!ports.ok()) return ports.error();

  crypto::KeyPair kp = crypto::GenerateKeyPair();
  if (auto st = fs::WriteNewFile(recovery_key_out, FormatRecoveryKey(kp), 0600); !st.ok()) {
    return st;
  }
  std::string secret = crypto::RandomBytes(crypto::kInstanceSecretBytes);
  Status st = fs::WriteNewFile(Join(data_dir, "instance.key"), secret, 0600);
  sodium_memzero(secret.data(), secret.size());
  if (!st.ok()) return st;
  if (auto s = fs::WriteNewFile(Join(data_dir, "service.pub"), kp.public_key, 0644); !s.ok()) {
    return s;
  }

  auto db = store::SqliteStore::Open(DatabasePath(data_dir));
  if (!db.ok()) return db.error();
  std::vector<store::PortRow> rows;
  rows.reserve(ports->size());
  for (auto& p : *ports) rows.push_back({p.code, p.name, p.subdivision, p.status});
  if (auto st = (*db)->PutPorts(rows); !st.ok()) return st;
  return public_url.empty() ? Status::Ok() : (*db)->PutSetting("public_url", public_url);
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
