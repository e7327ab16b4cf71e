#pragma once

#include <atomic>
#include <chrono>
#include <ctime>
#include <functional>
#include <map>
#include <mutex>

#include "service/audit_log.h"
#include "service/auth_service.h"
#include "service/instance.h"
#include "store/staff_store.h"

namespace portsafe::service {

struct AuthOptions {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds max_age{12 * 60 * 60};
  int max_failures = 5;  // failed sign-ins in a row before the account locks
  std::chrono::seconds lockout{15 * 60};
  // Sign-ins checked at once. Each runs Argon2id with 64 MiB; beyond this,
  // Login answers kUnavailable so a flood cannot exhaust memory.
  int max_concurrent_logins = 4;
  // The clock (tests move it).
  std::function<std::time_t()> now = [] { return std::time(nullptr); };
};

class AuthServiceImpl final : public AuthService {
 public:
  // `store` and `audit` must outlive this.
  AuthServiceImpl(store::StaffStore* store, AuditLog* audit, const InstanceKeys& keys,
                  AuthOptions options = {});

  Result<std::string> Login(std::string_view email, std::string_view password,
                            std::string_view totp) override;
  Result<std::shared_ptr<const StaffSession>> Authenticate(std::string_view token) override;
  void Logout(std::string_view token) override;
  Status ChangePassword(std::string_view token, std::string_view old_password,
                        std::string_view new_password) override;
  Status ResetPassword(std::string_view email, std::string_view recovery_code,
                       std::string_view totp, std::string_view new_password) override;

  // A live session holding the service key, or null when nobody who holds
  // it is signed in (expired sessions are dropped first). The link index
  // works with its keys in the background (LinkServiceImpl::StartWorker).
  std::shared_ptr<const StaffSession> ServiceKeySession();
  // Runs after each sign-in that unlocked the service key (set before use).
  void set_on_unlock(std::function<void()> fn) { on_unlock_ = std::move(fn); }

 private:
  struct Entry {
    std::shared_ptr<const StaffSession> session;
    std::time_t created = 0;
    std::time_t last_seen = 0;
  };
  Status RecordFailure(store::UserRow user);
  // The enabled account for `email`, or why not (wrong: kUnauthenticated after
  // the same Argon2id work as a real check; locked: kRateLimited).
  Result<store::UserRow> FindForSignIn(std::string_view email, std::string_view password);
  // Checks `totp` and stores the step used; counts a failure when wrong.
  Status CheckTotp(store::UserRow& user, std::string_view totp);
  // Wraps `kp` under `new_password`, stores it and audits `action`.
  Status StoreNewPassword(store::UserRow user, const crypto::KeyPair& kp,
                          std::string_view new_password, std::string_view action);
  // Holds one of the max_concurrent_logins places, or kUnavailable.
  class LoginSlot;
  std::string TokenKey(std::string_view token) const;  // the table key: a hash
  void SweepLocked(std::time_t now);

  store::StaffStore* store_;
  AuditLog* audit_;
  crypto::SecretBytes instance_secret_;
  std::string service_public_key_;
  AuthOptions options_;
  std::mutex mu_;
  std::map<std::string, Entry> sessions_;
  std::atomic<int> logins_in_progress_{0};
  std::function<void()> on_unlock_;
};

}  // namespace portsafe::service
