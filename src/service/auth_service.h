// Staff sign-in: password (Argon2id) plus a TOTP code, sessions, sign-out,
// password change and reset with the recovery code. Implemented by AuthServiceImpl; tests use
// MockAuthService (tests/service/mock_auth_service.h).
//
// Errors: kUnauthenticated for wrong credentials or an unknown or expired
// session (one message, whichever part was wrong); kRateLimited when the
// account is locked after repeated failures (the message says until when);
// kInvalidArgument for an unacceptable new password.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "service/staff_session.h"

namespace portsafe::service {

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
  // Re-wraps the user's private key under the new password.
  virtual Status ChangePassword(std::string_view token, std::string_view old_password,
                                std::string_view new_password) = 0;
  // A forgotten password: the recovery code shown when the account was made
  // and a TOTP code unlock the user's key, which is wrapped under the new
  // password; every session of the user ends. Failures count towards the
  // lockout like sign-ins.
  virtual Status ResetPassword(std::string_view email, std::string_view recovery_code,
                               std::string_view totp, std::string_view new_password) = 0;
  // Writes an audit entry ("access.denied", the path asked for) for a
  // signed-in user's request that was refused (OWASP ASVS 7.2.2). Best
  // effort: the refusal stands whether or not the entry is written.
  virtual void RecordDenied(const StaffSession& session, std::string_view path) = 0;
};

}  // namespace portsafe::service
