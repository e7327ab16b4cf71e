// A signed-in staff member: who they are and the private keys their login
// unlocked. Lives only in memory (AuthServiceImpl's session table); the keys
// are wiped when the session ends.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "core/role.h"
#include "crypto/sealed_box.h"

namespace portsafe::service {

struct StaffSession {
  std::string user_id;
  std::string email;
  core::Role role = core::Role::kHandler;
  std::string agency_code;    // agency officers
  std::string facility_code;  // port security managers
  std::string csrf;           // must accompany every form the session posts
  crypto::KeyPair user_key;
  std::optional<crypto::KeyPair> service_key;  // handlers and supervisors given it
  std::optional<crypto::KeyPair> agency_key;   // officers given their agency's key
  // The pairs that rotations replaced (portsafe keys rotate), opened with the
  // current key at sign-in: what was sealed before a rotation still opens.
  std::vector<crypto::KeyPair> retired_service_keys;
  std::vector<crypto::KeyPair> retired_agency_keys;
  // The account's password was set by the operator and not yet changed: the
  // session reaches the account page (to change it) and sign-out, nothing else.
  bool must_change_password = false;
};

// kPermissionDenied unless the session may read reports: a handler or a
// supervisor whose sign-in unlocked the service key.
inline Status CheckReportReader(const StaffSession& s) {
  if (!core::ReadsReports(s.role)) return PermissionDenied("your role cannot read reports");
  if (!s.service_key) {
    return PermissionDenied(
        "your account has not been given the service key yet; ask a supervisor");
  }
  return Status::Ok();
}

}  // namespace portsafe::service
