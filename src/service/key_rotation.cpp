#include "service/key_rotation.h"

#include "core/role.h"
#include "crypto/service_sealer.h"
#include "service/accounts.h"

namespace portsafe::service {
namespace {

Result<crypto::KeyPair> OpenRetired(const crypto::KeyPair& current, const std::string& key_name,
                                    std::string_view sealed) {
  auto priv = crypto::OpenSealedTagged(current, kRetiredKeyTag, key_name, sealed);
  if (!priv.ok()) return priv.error();
  if (priv->size() != crypto::kPrivateKeyBytes) {
    return InvalidArgument("a retired key holds no private key");
  }
  std::string public_key = crypto::PublicKeyOf(*priv);
  return crypto::KeyPair{std::move(public_key), std::move(*priv)};
}

// Who keeps the key: an enabled account of a role that holds `key_name`,
// whose record matches its seal and whose public key X25519 can use.
std::string WhyNot(const RowSeal& seal, const store::UserRow& u, const std::string& key_name) {
  if (u.disabled) return "disabled";
  const auto role = core::ParseRole(u.role);
  if (!role || KeyNameFor(*role, u.agency_code) != key_name) return "its role holds no such key";
  if (!seal.UserIntact(u)) return "its record does not match its seal";
  if (!crypto::IsUsablePublicKey(u.public_key)) return "its public key is unusable";
  return "";
}

Result<Rotation> Rotate(store::StaffStore* staff, const RowSeal& seal, const std::string& key_name,
                        const crypto::KeyPair& old_pair, const crypto::KeyPair& new_pair,
                        std::optional<store::AgencyRow> agency) {
  if (crypto::PublicKeyOf(new_pair.private_key) != new_pair.public_key ||
      crypto::PublicKeyOf(old_pair.private_key) != old_pair.public_key) {
    return InvalidArgument("a key pair whose halves do not belong together");
  }
  if (new_pair.public_key == old_pair.public_key) {
    return InvalidArgument("the new key is the old one");
  }
  Rotation out;
  store::StaffStore::KeyRotation r;
  r.key_name = key_name;
  r.agency = std::move(agency);
  // Every pair retired before, and the one retired now, sealed to the new key.
  auto older = staff->ListRetiredKeys(key_name);
  if (!older.ok()) return older.error();
  std::vector<crypto::KeyPair> retired;
  for (const auto& row : *older) {
    auto kp = OpenRetired(old_pair, key_name, row.sealed_private);
    if (kp.ok() && kp->public_key != new_pair.public_key) {
      retired.push_back(std::move(*kp));
    } else {
      ++out.unreadable;
    }
  }
  retired.push_back(old_pair);
  for (const auto& kp : retired) {
    r.retired.push_back({key_name, kp.public_key,
                         crypto::SealToTagged(new_pair.public_key, kRetiredKeyTag, key_name,
                                              kp.private_key.view())});
  }
  out.retired = r.retired.size();
  // The new key to those who held the old one and still may.
  auto users = staff->ListUsers();
  if (!users.ok()) return users.error();
  for (const auto& u : *users) {
    auto grants = staff->ListKeyGrants(u.id);
    if (!grants.ok()) return grants.error();
    bool held = false;
    for (const auto& g : *grants) held = held || g.key_name == key_name;
    if (!held) continue;
    if (std::string why = WhyNot(seal, u, key_name); !why.empty()) {
      out.dropped.push_back(u.email + ": " + why);
      continue;
    }
    r.grants.push_back(
        {u.id, key_name, SealKeyGrant(u.public_key, key_name, new_pair.private_key)});
    out.kept.push_back(u.email);
  }
  if (auto st = staff->RotateKey(r); !st.ok()) return st.error();
  return out;
}

}  // namespace

Result<Rotation> RotateServiceKey(store::StaffStore* staff, const RowSeal& seal,
                                  const crypto::KeyPair& old_pair,
                                  const crypto::KeyPair& new_pair) {
  return Rotate(staff, seal, kServiceKeyName, old_pair, new_pair, std::nullopt);
}

Result<Rotation> RotateAgencyKey(store::StaffStore* staff, const RowSeal& seal,
                                 const std::string& code, const crypto::KeyPair& old_pair,
                                 const crypto::KeyPair& new_pair) {
  auto found = staff->FindAgency(code);
  if (!found.ok()) return found.error();
  if (!found->has_value()) return NotFound("no such agency: " + code);
  store::AgencyRow agency = **found;
  if (!seal.AgencyIntact(agency)) {
    return PermissionDenied("the agency's record was changed outside PortSafe: " + code);
  }
  if (agency.public_key != old_pair.public_key) {
    return InvalidArgument("the key given is not the agency's key in use");
  }
  agency.public_key = new_pair.public_key;
  agency.row_mac = seal.ForAgency(agency);
  return Rotate(staff, seal, AgencyKeyName(code), old_pair, new_pair, std::move(agency));
}

Result<std::vector<crypto::KeyPair>> OpenRetiredKeys(store::StaffStore* staff,
                                                     const std::string& key_name,
                                                     const crypto::KeyPair& current) {
  auto rows = staff->ListRetiredKeys(key_name);
  if (!rows.ok()) return rows.error();
  std::vector<crypto::KeyPair> out;
  for (const auto& row : *rows) {
    auto kp = OpenRetired(current, key_name, row.sealed_private);
    if (kp.ok()) out.push_back(std::move(*kp));
  }
  return out;
}

}  // namespace portsafe::service
