// Seals on what the database says about staff and agencies that decides
// where keys go and what an account may do.
//
// Whoever can write the database (a PostgreSQL host run by someone else)
// could otherwise swap a handler's public key, so that a supervisor's "give
// key" seals the service private key to them; swap an agency's public key,
// so that its packages go to them; change a role; or change the public URL
// that goes into posters and invitation links. Each such row carries a MAC
// (keyed BLAKE2b) under a key derived from instance.key, which is never in
// the database: a row changed there no longer matches, and the services
// refuse to act on it (and audit the refusal). Each field is length-prefixed,
// so no two rows share a MAC by moving bytes between fields.
//
// Thread-safety: const after construction; safe from any thread.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/sodium.h"
#include "store/membership_store.h"
#include "store/records.h"
#include "store/staff_store.h"

namespace portsafe::service {

class RowSeal {
 public:
  // Precondition: `instance_secret` has 32 bytes.
  explicit RowSeal(const crypto::SecretBytes& instance_secret);

  // The seal of a staff account: id, e-mail, role, agency, facility,
  // public key and whether it is disabled.
  std::string ForUser(const store::UserRow& u) const;
  // The seal of an agency: code, name, kind (both steer where packages are
  // proposed), public key and ports.
  std::string ForAgency(const store::AgencyRow& a) const;
  // The seal of a security-relevant setting (`public_url`), in hex (settings
  // are text).
  std::string ForSetting(std::string_view name, std::string_view value) const;

  bool UserIntact(const store::UserRow& u) const { return Same(ForUser(u), u.row_mac); }
  bool AgencyIntact(const store::AgencyRow& a) const { return Same(ForAgency(a), a.row_mac); }
  bool SettingIntact(std::string_view name, std::string_view value, std::string_view mac) const {
    return Same(ForSetting(name, value), mac);
  }

  // The setting that holds the seal of setting `name`.
  static std::string SealSettingName(std::string_view name) { return std::string(name) + ".seal"; }

 private:
  static bool Same(const std::string& a, std::string_view b);
  std::string Mac(std::string_view kind, std::initializer_list<std::string_view> fields) const;

  crypto::SecretBytes key_;
};

// Writes setting `name` and its seal (setting RowSeal::SealSettingName).
Status PutSealedSetting(store::MembershipStore* settings, const RowSeal& seal,
                        const std::string& name, const std::string& value);
// Setting `name` ("" when unset) when its seal matches; kPermissionDenied
// when it was changed outside PortSafe.
Result<std::string> GetSealedSetting(store::MembershipStore* settings, const RowSeal& seal,
                                     const std::string& name);

// The rows written before seals existed (an empty seal: staff accounts,
// agencies, the public URL), each named ("user a@b (handler)", "agency
// KENT-POLICE", "setting public_url"); with `apply`, seals them. Never
// automatic: the operator, who knows the accounts, runs it once after the
// upgrade (`portsafe keys seal-rows`). A seal that is there but does not
// match is never made again.
Result<std::vector<std::string>> SealOlderRows(store::StaffStore* staff,
                                               store::MembershipStore* settings,
                                               const RowSeal& seal, bool apply);

}  // namespace portsafe::service
