#pragma once

#include <atomic>
#include <chrono>
#include <ctime>
#include <functional>
#include <map>
#include <mutex>
#include <semaphore>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "service/audit_log.h"
#include "service/auth_service.h"
#include "service/instance.h"
#include "service/notifier.h"
#include "store/cluster_store.h"
#include "store/staff_store.h"

namespace portsafe::service {

struct AuthOptions {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds max_age{12 * 60 * 60};
  int max_failures = 5;  // failed sign-ins in a row before the account locks
  std::chrono::seconds lockout{15 * 60};
  // Argon2id derivations (64 MiB each) run at once; more wait their turn
  // (memory stays bounded). Nobody is refused for it: a flood is bounded by
  // the pool the server runs sign-ins on (service::Services), and an
  // unknown address costs no Argon2id at all (see MimicDerive).
  int password_checks_at_once = 2;
  // A session's last use is written to the database at most this often
  // (the idle timeout is kept to this precision).
  std::chrono::seconds touch_every{60};
};

// Sessions live in the database (store::ClusterStore), so that any node
// serves any signed-in user: a row per session, keyed by a hash of the
// token, holding the unlocked keys sealed under a key derived from the token
// and the instance secret. The database alone opens no session, and neither
// do the key files without a token. Each node keeps the sessions it has
// opened in memory, but asks the database on every request whether the
// session still stands (signed out or expired on another node).

class AuthServiceImpl final : public AuthService {
 public:
  // `store`, `sessions`, `audit`, `clock` and `notifier` must outlive this.
  // `notifier` is told of changes to an account (password changed or reset,
  // a used one-time code tried again) so its holder hears of them (null:
  // nobody is told). `on_unlock` runs after each sign-in that unlocked the
  // service key (null: nothing runs).
  AuthServiceImpl(store::StaffStore* store, store::ClusterStore* sessions, AuditLog* audit,
                  const InstanceKeys& keys, const Clock* clock, AuthOptions options = {},
                  Notifier* notifier = nullptr, std::function<void()> on_unlock = nullptr);

  Result<std::string> Login(std::string_view email, std::string_view password,
                            std::string_view totp) override;
  Result<std::shared_ptr<const StaffSession>> Authenticate(std::string_view token) override;
  void Logout(std::string_view token) override;
  Status ChangePassword(std::string_view token, std::string_view old_password,
                        std::string_view new_password) override;
  Status ResetPassword(std::string_view email, std::string_view recovery_code,
                       std::string_view totp, std::string_view new_password) override;
  void RecordDenied(const StaffSession& session, std::string_view path) override;
  Result<std::vector<SessionSummary>> ListSessions(std::string_view token) override;
  Status EndOtherSessions(std::string_view token, std::string_view password) override;

  // Forgets, with the keys they hold, the sessions opened here that have
  // expired or ended (on any node), and deletes expired rows: the
  // sweeper's work (App::Run), so an expired session's keys do not wait in
  // memory for its token to come back.
  void SweepExpired();
  size_t sessions_in_memory();

  // A live session holding the service key that this node has opened, or
  // null when there is none (sessions signed out or expired anywhere are
  // dropped first). The link index works with its keys in the background
  // (LinkServiceImpl::StartWorker).
  std::shared_ptr<const StaffSession> ServiceKeySession();

  // Argon2id derivations run so far (sign-ins, re-authentications, new
  // passwords). Thread-safe.
  size_t password_derivations() const { return derivations_.load(); }

 private:
  // One sign-in or reset: its kind, and when it began (for RecordTiming
  // and MimicDerive).
  struct Attempt {
    store::Attempt kind;
    std::chrono::steady_clock::time_point started;
    // Time spent waiting for an Argon2id place (Argon2Slot), left out of
    // the time RecordTiming keeps.
    mutable std::chrono::nanoseconds queued{0};
  };
  Status RecordFailure(const store::UserRow& user, const Attempt& a);
  // The enabled account for `email`, not locked for `attempt`, or the one
  // answer every other address gets (kUnauthenticated, wrong_) after the
  // same time as a real check: unknown, disabled and locked accounts are
  // not told apart from wrong passwords.
  Result<store::UserRow> FindForAttempt(std::string_view email, std::string_view secret,
                                        const Attempt& a);
  // The Argon2id work of a sign-in to `user`, on a key that opens nothing:
  // a reset with the recovery code (which needs no stretching) costs as
  // much as a sign-in, so its time tells nothing.
  void SpendLikeSignIn(const store::UserRow& user, std::string_view secret, const Attempt& a);
  // kRateLimited, saying for how long, while the account is locked.
  Status CheckNotLocked(const store::UserRow& user) const;
  // The signed-in user of `s` giving their password again (to change it, or
  // to end their other sessions): bounded like sign-ins, and a wrong
  // password counts towards the lockout, so a stolen session cannot guess it.
  // The account and its unlocked key.
  Result<std::pair<store::UserRow, crypto::KeyPair>> Reauthenticate(const StaffSession& s,
                                                                    std::string_view password);
  // Checks `totp` and takes its step, at most once however many sign-ins
  // with the same code run at once (store::StaffStore::ClaimTotpStep);
  // counts a failure when the code is wrong or already taken.
  Status CheckTotp(store::UserRow& user, std::string_view totp, const Attempt& a);
  // Wraps `kp` under `new_password`, stores it, audits `action` and tells
  // the holder (`notice`).
  Status StoreNewPassword(store::UserRow user, const crypto::KeyPair& kp,
                          std::string_view new_password, std::string_view action, Notice notice);
  // Ends the sessions of `user_id` everywhere but the one keyed
  // `keep_hash` ("" ends all).
  Status EndSessionsOf(const std::string& user_id, const std::string& keep_hash);
  // Holds one of the password_checks_at_once places while alive.
  class Argon2Slot;
  // An unknown, disabled or locked account: waits until the attempt has
  // taken as long as a real failed one recently did, whole (a random one
  // of the last kTimings: lookup, Argon2id, counting the failure), without
  // the work, so a flood of made-up addresses takes no CPU or memory from
  // real staff and the time tells nothing. Until a failure has been timed,
  // runs one derivation (on a dummy key) and times that.
  void MimicDerive(std::string_view secret, const Attempt& a);
  // Times `a` from its start to now, less its wait for an Argon2id place,
  // for MimicDerive.
  void RecordTiming(const Attempt& a);
  std::string TokenKey(std::string_view token) const;  // the table key: a hash
  // The key a session's row is sealed under: keyed by the instance secret,
  // from the token.
  crypto::SecretBytes SealKey(std::string_view token) const;
  bool Expired(const store::SessionRow& row, std::time_t now) const;
  // The stored session behind `hash`, checked against the clock; drops it
  // (database and memory) when it has expired.
  Result<std::shared_ptr<const StaffSession>> Load(const std::string& hash, std::string_view token,
                                                   std::time_t now);

  store::StaffStore* store_;
  store::ClusterStore* sessions_store_;
  AuditLog* audit_;
  crypto::SecretBytes instance_secret_;
  std::string service_public_key_;
  const Clock* clock_;
  AuthOptions options_;
  const std::string wrong_;  // the one answer to every refused attempt (WrongAnswer)
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const StaffSession>> sessions_;  // opened here, by hash
  std::counting_semaphore<64> argon2_places_;
  static constexpr size_t kTimings = 32;
  std::mutex timings_mu_;
  std::vector<std::chrono::nanoseconds> timings_;  // ring of kTimings, newest at next_timing_-1
  size_t next_timing_ = 0;
  std::atomic<size_t> derivations_{0};
  Notifier* notifier_;
  std::function<void()> on_unlock_;
};

}  // namespace portsafe::service
