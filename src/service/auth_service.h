// Staff sign-in: password (Argon2id) plus a TOTP code, sessions, sign-out,
// password change and reset with the recovery code. Implemented by AuthServiceImpl; tests use
// MockAuthService (tests/service/mock_auth_service.h).
//
// Errors: kUnauthenticated for wrong credentials or an unknown or expired
// session (one message, whichever part was wrong); kRateLimited when the
// account is locked after repeated failures (the message says until when);
// kInvalidArgument for an unacceptable new password.
#pragma once

#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "service/staff_session.h"

namespace portsafe::service {

// One of a user's sessions, as the user sees it in their list.
struct SessionSummary {
  std::time_t signed_in = 0;  // unix seconds
  std::time_t last_used = 0;  // to the minute
  bool current = false;       // the session asking
};

class AuthService {
 public:
  virtual ~AuthService() = default;

  // A new session's token (43 characters, URL-safe) for the cookie or the
  // bearer header.
  virtual Result<std::string> Login(std::string_view email, std::string_view password,
                                    std::string_view totp) = 0;
  // The session for a token, refreshing its idle timer.
  virtual Result<std::shared_ptr<const StaffSession>> Authenticate(std::string_view token) = 0;
  virtual void Logout(std::string_view token) = 0;
  // Re-wraps the user's private key under the new password and ends the
  // user's other sessions. A wrong current password counts towards the
  // account's lockout (kRateLimited while it lasts).
  virtual Status ChangePassword(std::string_view token, std::string_view old_password,
                                std::string_view new_password) = 0;
  // A forgotten password: the recovery code shown when the account was made
  // and a TOTP code unlock the user's key, which is wrapped under the new
  // password; every session of the user ends. Costs the same Argon2id work
  // as a sign-in, and its failures are counted apart from sign-ins: five
  // lock resets for a while, never sign-in. A known address, locked or not,
  // answers exactly as an unknown one does.
  virtual Status ResetPassword(std::string_view email, std::string_view recovery_code,
                               std::string_view totp, std::string_view new_password) = 0;
  // Writes an audit entry ("access.denied", the path asked for) for a
  // signed-in user's request that was refused (OWASP ASVS 7.2.2). Best
  // effort: the refusal stands whether or not the entry is written.
  virtual void RecordDenied(const StaffSession& session, std::string_view path) = 0;
  // The live sessions of the user of `token`, oldest first (OWASP ASVS
  // 3.3.4); kUnauthenticated for a token that is not a session.
  virtual Result<std::vector<SessionSummary>> ListSessions(std::string_view token) = 0;
  // Ends every session of the user of `token` but that one, on every node,
  // once `password` is the user's (kUnauthenticated otherwise; wrong
  // passwords count towards the account's lockout, as for ChangePassword).
  virtual Status EndOtherSessions(std::string_view token, std::string_view password) = 0;
};

}  // namespace portsafe::service
