#include "service/accounts.h"

#include <algorithm>
#include <cassert>

#include "core/role.h"
#include "core/routing.h"
#include "core/text.h"
#include "crypto/aead.h"
#include "crypto/password.h"
#include "crypto/service_sealer.h"
#include "crypto/totp.h"
#include "service/row_seal.h"

namespace portsafe::service {
namespace {

std::string TotpAd(const std::string& user_id) { return "portsafe:totp:" + user_id; }

bool IsCode(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

std::string AgencyKeyName(const std::string& agency_code) { return "agency:" + agency_code; }

std::string KeyNameFor(core::Role role, const std::string& agency_code) {
  if (core::ReadsReports(role)) return kServiceKeyName;
  if (role == core::Role::kAgency) return AgencyKeyName(agency_code);
  return "";
}

std::string NormaliseEmail(std::string_view email) {
  std::string e = text::Lower(text::Trim(email));
  size_t at = e.find('@');
  if (e.size() > 254 || at == std::string::npos || at == 0 || at + 1 >= e.size() ||
      e.find('@', at + 1) != std::string::npos) {
    return {};
  }
  for (unsigned char c : e) {
    if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' || c >= 0x7f) {
      return {};
    }
  }
  return e;
}

std::string SealTotpSecret(const crypto::SecretBytes& instance_secret, const std::string& user_id,
                           const crypto::SecretBytes& secret) {
  crypto::SecretBytes key = crypto::DeriveSubkey(instance_secret, "ps-totp_", 1);
  return crypto::AeadSealTagged(key, secret.view(), kTotpTag, TotpAd(user_id));
}

Result<crypto::SecretBytes> OpenTotpSecret(const crypto::SecretBytes& instance_secret,
                                           const std::string& user_id, std::string_view sealed) {
  crypto::SecretBytes key = crypto::DeriveSubkey(instance_secret, "ps-totp_", 1);
  auto s = crypto::AeadOpenTagged(key, sealed, kTotpTag, TotpAd(user_id));
  if (!s.ok()) return Internal("TOTP secret does not open (wrong instance.key?)");
  return s;
}

std::string SealKeyGrant(std::string_view user_public_key, std::string_view key_name,
                         const crypto::SecretBytes& private_key) {
  return crypto::SealToTagged(user_public_key, kKeyGrantTag, key_name, private_key.view());
}

Result<crypto::SecretBytes> OpenKeyGrant(const crypto::KeyPair& user_key, std::string_view key_name,
                                         std::string_view sealed) {
  auto priv = crypto::OpenSealedTagged(user_key, kKeyGrantTag, key_name, sealed);
  if (priv.ok() && priv->size() != crypto::kPrivateKeyBytes) {
    return InvalidArgument("a key grant holds no private key");
  }
  return priv;
}

Result<CreatedUser> CreateUser(store::StaffStore* staff, store::Store* reports,
                               const crypto::SecretBytes& instance_secret, const NewUser& in,
                               const std::vector<KeyToGrant>& grants) {
  store::UserRow u;
  assert(in.created_on.size() == 10);  // a caller that forgot its clock
  u.email = NormaliseEmail(in.email);
  if (u.email.empty()) return InvalidArgument("not an e-mail address: " + in.email);
  auto role = core::ParseRole(in.role);
  if (!role) {
    return InvalidArgument("role must be handler, supervisor, agency, port-manager or admin");
  }
  u.role = std::string(core::ToString(*role));
  if (*role == core::Role::kAgency) {
    if (in.agency_code.empty()) return InvalidArgument("an agency officer needs --agency CODE");
    auto a = staff->FindAgency(in.agency_code);
    if (!a.ok()) return a.error();
    if (!a->has_value()) return InvalidArgument("no such agency: " + in.agency_code);
    u.agency_code = in.agency_code;
  } else if (!in.agency_code.empty()) {
    return InvalidArgument("--agency is only for agency officers");
  }
  if (*role == core::Role::kPortManager) {
    if (in.facility_code.empty()) {
      return InvalidArgument("a port security manager needs --facility CODE");
    }
    auto f = reports->FindFacility(in.facility_code);
    if (!f.ok()) return f.error();
    if (!f->has_value()) return InvalidArgument("no such facility: " + in.facility_code);
    u.facility_code = in.facility_code;
  } else if (!in.facility_code.empty()) {
    return InvalidArgument("--facility is only for port security managers");
  }
  for (const auto& g : grants) {
    if (g.key_name != KeyNameFor(*role, u.agency_code))
      return InvalidArgument("a " + u.role + " may not hold the key " + g.key_name);
  }
  auto key = crypto::MakeUserKey(in.password);
  if (!key.ok()) return key.error();

  u.id = crypto::ToHex(crypto::RandomBytes(8));
  u.created_on = in.created_on;
  u.must_change_password = in.must_change_password;
  u.disabled = in.disabled;
  u.pw_salt = key->stored.password.salt;
  u.pw_ops = static_cast<std::int64_t>(key->stored.password.ops);
  u.pw_mem = static_cast<std::int64_t>(key->stored.password.mem);
  u.pw_verifier = key->stored.password.verifier;
  u.public_key = key->stored.public_key;
  u.wrapped_by_password = key->stored.wrapped_by_password;
  u.wrapped_by_recovery = key->stored.wrapped_by_recovery;
  crypto::SecretBytes totp = crypto::NewTotpSecret();
  u.totp_sealed = SealTotpSecret(instance_secret, u.id, totp);
  u.row_mac = RowSeal(instance_secret).ForUser(u);
  if (auto st = staff->PutUser(u); !st.ok()) {
    if (st.error().code() == ErrorCode::kAlreadyExists) {
      return AlreadyExists("a user with that e-mail address exists: " + u.email);
    }
    return st.error();
  }
  for (const auto& g : grants) {
    if (auto st = GrantKey(staff, u, g); !st.ok()) return st.error();
  }
  return CreatedUser{u.id, crypto::TotpUri(totp, u.email), key->recovery_code};
}

Status GrantKey(store::StaffStore* staff, const store::UserRow& user, const KeyToGrant& key) {
  if (!crypto::IsUsablePublicKey(user.public_key)) return Internal("user key is unusable");
  store::KeyGrantRow g;
  g.user_id = user.id;
  g.key_name = key.key_name;
  g.sealed = SealKeyGrant(user.public_key, key.key_name, key.key->private_key);
  return staff->PutKeyGrant(g);
}

namespace {

Result<std::string> AgencyName(std::string_view in) {
  std::string name(text::Trim(in));
  if (name.empty() || name.size() > 200 || !text::IsValidUtf8(name)) {
    return InvalidArgument("an agency needs a name (at most 200 characters)");
  }
  return name;
}

// The ports as stored: known UN/LOCODEs, space-separated ("" = everywhere).
Result<std::string> AgencyPorts(store::Store* reports, const std::vector<std::string>& in) {
  auto known = reports->LoadPorts();
  if (!known.ok()) return known.error();
  std::string ports;
  for (const auto& p : in) {
    bool found = std::any_of(known->begin(), known->end(),
                             [&p](const store::PortRow& r) { return r.code == p; });
    if (!found) return InvalidArgument("no such port: " + p);
    if (!ports.empty()) ports += ' ';
    ports += p;
  }
  return ports;
}

}  // namespace

Status ChangeAgency(store::StaffStore* staff, store::Store* reports,
                    const crypto::SecretBytes& instance_secret, const AgencyChange& change) {
  auto found = staff->FindAgency(change.code);
  if (!found.ok()) return found.error();
  if (!found->has_value()) return NotFound("no agency with the code " + change.code);
  store::AgencyRow row = std::move(**found);
  const RowSeal seal(instance_secret);
  if (!seal.AgencyIntact(row)) {
    // Sealing it again would make a changed key genuine.
    return PermissionDenied("the agency " + row.code +
                            "'s record was changed outside PortSafe; it cannot be changed here");
  }
  if (change.name) {
    auto name = AgencyName(*change.name);
    if (!name.ok()) return name.error();
    row.name = *name;
  }
  if (change.ports) {
    auto ports = AgencyPorts(reports, *change.ports);
    if (!ports.ok()) return ports.error();
    row.ports = *ports;
  }
  row.row_mac = seal.ForAgency(row);
  return staff->UpdateAgency(row);
}

Result<crypto::KeyPair> CreateAgency(store::StaffStore* staff, store::Store* reports,
                                     const crypto::SecretBytes& instance_secret,
                                     const NewAgency& in) {
  if (!IsCode(in.code)) {
    return InvalidArgument("an agency code is 1-40 capital letters, digits or '-'");
  }
  auto name = AgencyName(in.name);
  if (!name.ok()) return name.error();
  if (std::find(std::begin(core::kAgencyKinds), std::end(core::kAgencyKinds), in.kind) ==
      std::end(core::kAgencyKinds)) {
    return InvalidArgument("kind must be police, maritime, border_force, nca, hmrc or ct_policing");
  }
  auto ports = AgencyPorts(reports, in.ports);
  if (!ports.ok()) return ports.error();
  crypto::KeyPair kp = crypto::GenerateKeyPair();
  store::AgencyRow row{in.code, *name, in.kind, kp.public_key, *ports, ""};
  row.row_mac = RowSeal(instance_secret).ForAgency(row);
  if (auto st = staff->PutAgency(row); !st.ok()) {
    if (st.error().code() == ErrorCode::kAlreadyExists) {
      return AlreadyExists("an agency with that code exists: " + in.code);
    }
    return st.error();
  }
  return kp;
}

std::optional<AccountChange> ParseAccountChange(std::string_view name) {
  if (name == "disable") return AccountChange::kDisable;
  if (name == "enable") return AccountChange::kEnable;
  if (name == "remove") return AccountChange::kRemove;
  if (name == "set-role") return AccountChange::kSetRole;
  return std::nullopt;
}

std::string_view AuditActionOf(AccountChange change) {
  switch (change) {
    case AccountChange::kDisable:
      return "user.disabled";
    case AccountChange::kEnable:
      return "user.enabled";
    case AccountChange::kRemove:
      return "user.removed";
    case AccountChange::kSetRole:
      return "user.role_changed";
  }
  return "user.changed";
}

bool RoleCanChange(std::optional<core::Role> r) {
  return r == core::Role::kHandler || r == core::Role::kSupervisor || r == core::Role::kAdmin;
}

Status ChangeAccount(store::StaffStore* staff, const crypto::SecretBytes& instance_secret,
                     const store::UserRow& user, AccountChange change,
                     std::optional<core::Role> new_role) {
  const RowSeal seal(instance_secret);
  const bool intact = seal.UserIntact(user);
  const Error changed_outside = PermissionDenied(
      user.email +
      "'s record does not match its seal: it was changed outside PortSafe. Remove the account "
      "and add it again");
  store::UserRow changed = user;
  switch (change) {
    case AccountChange::kDisable:
    case AccountChange::kEnable: {
      const bool disable = change == AccountChange::kDisable;
      if (!intact && !disable) return changed_outside;
      changed.disabled = disable;
      // A changed row keeps its broken seal: sealing it would make it genuine.
      changed.row_mac = intact ? seal.ForUser(changed) : user.row_mac;
      return staff->SetUserDisabled(user.id, disable, changed.row_mac);
    }
    case AccountChange::kRemove:
      return staff->DeleteUser(user.id);
    case AccountChange::kSetRole: {
      const auto old_role = core::ParseRole(user.role);
      if (!RoleCanChange(old_role)) {
        return InvalidArgument("a " + user.role +
                               " account belongs to its agency or facility; add a new account "
                               "instead");
      }
      if (!RoleCanChange(new_role)) {
        return InvalidArgument("the new role must be handler, supervisor or admin");
      }
      if (*old_role == *new_role) return AlreadyExists(user.email + " is already a " + user.role);
      if (!intact) return changed_outside;
      const bool keep = core::ReadsReports(*old_role) && core::ReadsReports(*new_role);
      changed.role = std::string(core::ToString(*new_role));
      return staff->SetUserRole(user.id, changed.role, seal.ForUser(changed), keep);
    }
  }
  return InvalidArgument("unknown change");
}

}  // namespace portsafe::service
