#include "cli/instance_access.h"

#include <iostream>

#include <sodium.h>

#include "common/fs.h"
#include "service/row_seal.h"

namespace portsafe::cli {

Result<OpenInstance> OpenExisting(const std::string& data_dir, const std::string& database_url) {
  auto keys = service::LoadInstanceKeys(data_dir);
  if (!keys.ok()) return keys.error();
  auto location = service::DatabaseLocation(data_dir, database_url);
  if (!location.ok()) return location.error();
  auto store = store::SqlStore::Open(*location);
  if (!store.ok()) return store.error();
  // service.pub must name the key in use: a node left with the key that a
  // rotation replaced would seal new reports to it.
  auto in_use =
      service::GetSealedSetting(&(*store)->membership(), service::RowSeal(keys->instance_secret),
                                service::kServicePublicKeySetting);
  if (!in_use.ok()) return in_use.error();
  if (!in_use->empty() && *in_use != crypto::ToHex(keys->service_public_key)) {
    return InvalidArgument(data_dir +
                           "/service.pub is not the service key in use (it was rotated): copy "
                           "service.pub from the data directory where `portsafe keys rotate` ran");
  }
  OpenInstance inst{std::move(*keys), std::move(*store), SystemClock::Get(), nullptr, nullptr};
  inst.witness =
      std::make_unique<service::AuditWitness>(service::AuditWitness::DefaultPath(data_dir));
  inst.audit = std::make_unique<service::AuditLog>(
      &inst.store->staff(), inst.keys.instance_secret, inst.clock,
      service::AuditWitnessing{inst.witness.get(), service::kWitnessEvery, nullptr});
  return inst;
}

std::optional<OpenInstance> OpenOrSay(const std::string& data_dir, std::string_view command,
                                      const std::string& database_url) {
  auto inst = OpenExisting(data_dir, database_url);
  if (!inst.ok()) {
    std::cerr << "portsafe " << command << ": " << inst.error().message() << "\n";
    return std::nullopt;
  }
  return std::move(*inst);
}

Result<std::string> PublicUrl(const OpenInstance& inst) {
  auto url = service::GetSealedSetting(&inst.store->membership(),
                                       service::RowSeal(inst.keys.instance_secret), "public_url");
  if (!url.ok()) return url.error();
  if (url->empty()) {
    return NotFound("the instance has no public URL; set it with `portsafe config --public-url`");
  }
  return *url;
}

Result<crypto::KeyPair> ReadRecoveryKey(const std::string& path,
                                        const std::string& expected_public_key) {
  auto text = fs::ReadFile(path);
  if (!text.ok()) return InvalidArgument("cannot read the recovery key file " + path);
  auto kp = service::ParseRecoveryKey(*text);
  sodium_memzero(text->data(), text->size());
  if (!kp.ok()) return InvalidArgument(path + " is not a PortSafe recovery key file");
  if (!expected_public_key.empty() && kp->public_key != expected_public_key) {
    return InvalidArgument(path + " holds another key than the one this needs");
  }
  return kp;
}

Result<std::string> ReadPasswordFile(const std::string& path) {
  auto text = fs::ReadFile(path);
  if (!text.ok()) return InvalidArgument("cannot read the password file " + path);
  std::string pw = text->substr(0, text->find('\n'));
  if (!pw.empty() && pw.back() == '\r') pw.pop_back();
  sodium_memzero(text->data(), text->size());
  return pw;
}

}  // namespace portsafe::cli
