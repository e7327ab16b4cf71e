// Making staff accounts and agencies (used by `portsafe user add`,
// `portsafe agency add`, the demo, and the admin pages later).
//
// A new user gets an X25519 key pair wrapped under their password (and under
// a recovery code shown once) and a TOTP secret sealed under a key derived
// from instance.key. Private keys the user should hold (the service key for
// handlers and supervisors, their agency's key for officers) are sealed to
// the user's public key as key grants; the caller must hold those keys.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "core/role.h"
#include "crypto/sealed_box.h"
#include "crypto/sodium.h"
#include "store/staff_store.h"
#include "store/store.h"

namespace portsafe::service {

struct NewUser {
  std::string email;
  std::string role;           // core::Role name
  std::string agency_code;    // required for "agency", else empty
  std::string facility_code;  // required for "port-manager", else empty
  std::string password;
  std::string created_on;  // today, YYYY-MM-DD (UTC), from the caller's clock
  // The operator chose the password: the holder must change it at first
  // sign-in before anything else (store::UserRow::must_change_password).
  bool must_change_password = false;
  // Made disabled: it goes live when the holder proves they hold the TOTP
  // secret (an invitation's confirmation, MembershipService).
  bool disabled = false;
};

struct CreatedUser {
  std::string id;
  std::string totp_uri;       // show once: otpauth://...
  std::string recovery_code;  // show once
};

struct KeyToGrant {
  std::string key_name;  // "service" or "agency:<CODE>"
  const crypto::KeyPair* key = nullptr;
};

// Name of the grant that carries an agency's private key.
std::string AgencyKeyName(const std::string& agency_code);
inline constexpr const char* kServiceKeyName = "service";
// The key an account of `role` holds: the service key for handlers and
// supervisors, its agency's for an officer, "" for any other role.
std::string KeyNameFor(core::Role role, const std::string& agency_code);

// kInvalidArgument for a bad e-mail address, role, password, or a missing or
// unknown agency/facility; kAlreadyExists when the address is taken.
Result<CreatedUser> CreateUser(store::StaffStore* staff, store::Store* reports,
                               const crypto::SecretBytes& instance_secret, const NewUser& user,
                               const std::vector<KeyToGrant>& grants);

// Seals `key` to an existing user (a colleague who holds the key gives it).
Status GrantKey(store::StaffStore* staff, const store::UserRow& user, const KeyToGrant& key);

// Creates an agency and its key pair; the caller writes the private key to
// the recovery key file and forgets it. kInvalidArgument for a bad code,
// name, kind or port; kAlreadyExists when the code is taken.
struct NewAgency {
  std::string code;
  std::string name;
  std::string kind;  // police, maritime, border_force, nca, hmrc, ct_policing
  std::vector<std::string> ports;
};
// The row is sealed (RowSeal) under a key from `instance_secret`.
Result<crypto::KeyPair> CreateAgency(store::StaffStore* staff, store::Store* reports,
                                     const crypto::SecretBytes& instance_secret,
                                     const NewAgency& agency);

// A new name or new ports (or both) for an existing agency; its key stays.
struct AgencyChange {
  std::string code;
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> ports;  // empty: everywhere
};
// Checks the agency's row against its seal (kPermissionDenied when it was
// changed outside PortSafe), applies the change and seals the row again.
// kNotFound for an unknown code, kInvalidArgument for a bad name or port.
Status ChangeAgency(store::StaffStore* staff, store::Store* reports,
                    const crypto::SecretBytes& instance_secret, const AgencyChange& change);

// What the operator (`portsafe user disable|enable|remove|set-role`) or the
// programme admin (the accounts view of /team) may do to an account.
enum class AccountChange { kDisable, kEnable, kRemove, kSetRole };
// "disable", "enable", "remove", "set-role"; nullopt for anything else.
std::optional<AccountChange> ParseAccountChange(std::string_view name);
// The audit log's action for it ("user.disabled", ...).
std::string_view AuditActionOf(AccountChange change);
// The roles set-role moves between (handler, supervisor, admin): the others
// belong to an agency or a facility.
bool RoleCanChange(std::optional<core::Role> role);

// Applies `change` to `user` (`new_role` for kSetRole). Disabling and
// removing end every session of the account on every node at once and
// delete its grants; a role change ends its sessions and keeps the service
// key only between handler and supervisor. A row that no longer matches its
// seal (RowSeal, keyed from `instance_secret`) is never sealed again: it may
// be disabled (keeping its broken seal) or removed, but enabling it or
// changing its role is kPermissionDenied. kInvalidArgument for a role that
// cannot change, kAlreadyExists when it already has `new_role`.
Status ChangeAccount(store::StaffStore* staff, const crypto::SecretBytes& instance_secret,
                     const store::UserRow& user, AccountChange change,
                     std::optional<core::Role> new_role = std::nullopt);

// Version tags (docs/formats.md): a TOTP secret is "PST1" || AEAD under a key
// derived from instance.key, bound to the user; a key grant is "PSG1" ||
// crypto_box_seal to the user's public key, bound to the key's name. Version
// 0 of each (no tag) still opens.
inline constexpr std::string_view kTotpTag = "PST1";
inline constexpr std::string_view kKeyGrantTag = "PSG1";

// A key grant: `private_key` sealed to `user_public_key` as the key named
// `key_name` ("service" or "agency:<CODE>").
std::string SealKeyGrant(std::string_view user_public_key, std::string_view key_name,
                         const crypto::SecretBytes& private_key);
// The private key in a grant to `user_key` named `key_name`; kInvalidArgument
// when it was sealed to another key or name, or is damaged.
Result<crypto::SecretBytes> OpenKeyGrant(const crypto::KeyPair& user_key, std::string_view key_name,
                                         std::string_view sealed);

// The TOTP secret's sealing, under a key derived from instance.key.
std::string SealTotpSecret(const crypto::SecretBytes& instance_secret, const std::string& user_id,
                           const crypto::SecretBytes& secret);
Result<crypto::SecretBytes> OpenTotpSecret(const crypto::SecretBytes& instance_secret,
                                           const std::string& user_id, std::string_view sealed);

// Lower-cases and checks an e-mail address; "" when it is not one.
std::string NormaliseEmail(std::string_view email);

}  // namespace portsafe::service
