#include "service/row_seal.h"

#include <sodium.h>

#include <cstdint>

#include "crypto/aead.h"

namespace portsafe::service {

RowSeal::RowSeal(const crypto::SecretBytes& instance_secret)
    : key_(crypto::DeriveSubkey(instance_secret, "ps-rows0", 1)) {}

std::string RowSeal::Mac(std::string_view kind,
                         std::initializer_list<std::string_view> fields) const {
  crypto_generichash_state st;
  crypto_generichash_init(&st, key_.data(), key_.size(), 32);
  auto add = [&st](std::string_view f) {
    const std::uint64_t n = f.size();
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(&n), sizeof n);
    crypto_generichash_update(&st, crypto::U(f), f.size());
  };
  add(kind);
  for (std::string_view f : fields) add(f);
  std::string out(32, '\0');
  crypto_generichash_final(&st, reinterpret_cast<unsigned char*>(out.data()), out.size());
  return out;
}

std::string RowSeal::ForUser(const store::UserRow& u) const {
  return Mac("user", {u.id, u.email, u.role, u.agency_code, u.facility_code, u.public_key,
                      u.disabled ? "disabled" : "enabled"});
}

std::string RowSeal::ForAgency(const store::AgencyRow& a) const {
  return Mac("agency", {a.code, a.name, a.kind, a.public_key, a.ports});
}

std::string RowSeal::ForSetting(std::string_view name, std::string_view value) const {
  return crypto::ToHex(Mac("setting", {name, value}));
}

bool RowSeal::Same(const std::string& a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Status PutSealedSetting(store::MembershipStore* settings, const RowSeal& seal,
                        const std::string& name, const std::string& value) {
  if (auto st = settings->PutSetting(name, value); !st.ok()) return st;
  return settings->PutSetting(RowSeal::SealSettingName(name), seal.ForSetting(name, value));
}

Result<std::string> GetSealedSetting(store::MembershipStore* settings, const RowSeal& seal,
                                     const std::string& name) {
  auto value = settings->GetSetting(name);
  if (!value.ok()) return value.error();
  auto mac = settings->GetSetting(RowSeal::SealSettingName(name));
  if (!mac.ok()) return mac.error();
  if (value->empty() && mac->empty()) return std::string();
  if (!seal.SettingIntact(name, *value, *mac)) {
    return PermissionDenied("the setting " + name +
                            " in the database does not match its seal: it was changed outside "
                            "PortSafe; set it again with `portsafe config`");
  }
  return *value;
}

Result<std::vector<std::string>> SealOlderRows(store::StaffStore* staff,
                                               store::MembershipStore* settings,
                                               const RowSeal& seal, bool apply) {
  std::vector<std::string> found;
  auto users = staff->ListUsers();
  if (!users.ok()) return users.error();
  for (const auto& u : *users) {
    if (!u.row_mac.empty()) continue;
    found.push_back("user " + u.email + " (" + u.role + ")");
    if (!apply) continue;
    if (auto st = staff->SetRowMac(store::StaffStore::RowKind::kUser, u.id, seal.ForUser(u));
        !st.ok()) {
      return st.error();
    }
  }
  auto agencies = staff->ListAgencies();
  if (!agencies.ok()) return agencies.error();
  for (const auto& a : *agencies) {
    if (!a.row_mac.empty()) continue;
    found.push_back("agency " + a.code);
    if (!apply) continue;
    if (auto st = staff->SetRowMac(store::StaffStore::RowKind::kAgency, a.code, seal.ForAgency(a));
        !st.ok()) {
      return st.error();
    }
  }
  auto url = settings->GetSetting("public_url");
  if (!url.ok()) return url.error();
  auto url_seal = settings->GetSetting(RowSeal::SealSettingName("public_url"));
  if (!url_seal.ok()) return url_seal.error();
  if (!url->empty() && url_seal->empty()) {
    found.push_back("setting public_url (" + *url + ")");
    if (apply) {
      if (auto st = PutSealedSetting(settings, seal, "public_url", *url); !st.ok()) {
        return st.error();
      }
    }
  }
  return found;
}

}  // namespace portsafe::service
