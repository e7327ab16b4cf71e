#include "service/auth_service_impl.h"

#include <sodium.h>

#include <algorithm>
#include <thread>

#include "crypto/aead.h"
#include "crypto/password.h"
#include "crypto/totp.h"
#include "service/accounts.h"
#include "service/key_rotation.h"
#include "service/row_seal.h"
#include "service/session_codec.h"

namespace portsafe::service {
namespace {

// The one answer to every refused sign-in or reset, whatever the account:
// unknown, disabled, locked or a wrong secret (the lock is told to the
// holder by mail, Notice::kAccountLocked).
std::string WrongAnswer(const AuthOptions& o) {
  const auto minutes = (o.lockout.count() + 59) / 60;
  return "wrong e-mail address, password or one-time code (after " +
         std::to_string(o.max_failures) + " failures in a row an account waits " +
         std::to_string(minutes) + (minutes == 1 ? " minute)" : " minutes)");
}

bool LockedFor(const store::UserRow& u, store::Attempt attempt, std::int64_t now) {
  return (attempt == store::Attempt::kRecovery ? u.recovery_locked_until : u.locked_until) > now;
}

crypto::WrappedUserKey StoredKey(const store::UserRow& u) {
  crypto::WrappedUserKey w;
  w.password.salt = u.pw_salt;
  w.password.ops = static_cast<std::uint64_t>(u.pw_ops);
  w.password.mem = static_cast<std::uint64_t>(u.pw_mem);
  w.password.verifier = u.pw_verifier;
  w.public_key = u.public_key;
  w.wrapped_by_password = u.wrapped_by_password;
  w.wrapped_by_recovery = u.wrapped_by_recovery;
  return w;
}

std::string NewToken() {
  std::string raw = crypto::RandomBytes(32);
  std::string out(sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), crypto::U(raw), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

// The same Argon2id work as a real sign-in, on a key that opens nothing.
void DummyDerive(std::string_view password) {
  static const crypto::WrappedUserKey kDummy = [] {
    crypto::WrappedUserKey w;
    w.password.salt = std::string(16, '\x11');
    w.password.ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    w.password.mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    w.password.verifier = std::string(32, '\0');
    return w;
  }();
  (void)crypto::UnlockUserKey(kDummy, password);
}

}  // namespace

AuthServiceImpl::AuthServiceImpl(store::StaffStore* store, store::ClusterStore* sessions,
                                 AuditLog* audit, const InstanceKeys& keys, const Clock* clock,
                                 AuthOptions options, Notifier* notifier,
                                 std::function<void()> on_unlock)
    : store_(store),
      sessions_store_(sessions),
      audit_(audit),
      instance_secret_(keys.instance_secret),
      service_public_key_(keys.service_public_key),
      clock_(clock),
      options_(std::move(options)),
      wrong_(WrongAnswer(options_)),
      argon2_places_(std::clamp(options_.password_checks_at_once, 1, 64)),
      notifier_(notifier),
      on_unlock_(std::move(on_unlock)) {}

class AuthServiceImpl::Argon2Slot {
 public:
  // The time spent waiting for the place is added to `attempt`'s queued
  // time (when given): a flood makes real checks wait, and that wait is not
  // what MimicDerive imitates.
  explicit Argon2Slot(AuthServiceImpl* a, const Attempt* attempt = nullptr) : a_(a) {
    const auto asked = a_->clock_->Monotonic();
    a_->argon2_places_.acquire();
    if (attempt != nullptr) attempt->queued += a_->clock_->Monotonic() - asked;
    ++a_->derivations_;
  }
  ~Argon2Slot() { a_->argon2_places_.release(); }
  Argon2Slot(const Argon2Slot&) = delete;
  Argon2Slot& operator=(const Argon2Slot&) = delete;

 private:
  AuthServiceImpl* a_;
};

void AuthServiceImpl::RecordTiming(const Attempt& a) {
  const std::chrono::nanoseconds took = clock_->Monotonic() - a.started - a.queued;
  std::lock_guard lock(timings_mu_);
  if (timings_.size() < kTimings) {
    timings_.push_back(took);
  } else {
    timings_[next_timing_ % kTimings] = took;
  }
  ++next_timing_;
}

void AuthServiceImpl::MimicDerive(std::string_view secret, const Attempt& a) {
  std::chrono::nanoseconds wait{0};
  bool timed = false;
  {
    std::lock_guard lock(timings_mu_);
    timed = !timings_.empty();
    if (timed) wait = timings_[randombytes_uniform(static_cast<std::uint32_t>(timings_.size()))];
  }
  if (!timed) {
    {
      Argon2Slot slot(this, &a);
      DummyDerive(secret);
    }
    RecordTiming(a);
    return;
  }
  // Only waits, until the attempt has taken as long as the sampled one:
  // the time is the measured one, not read here.
  const auto spent = clock_->Monotonic() - a.started;
  if (wait > spent) std::this_thread::sleep_for(wait - spent);
}

std::string AuthServiceImpl::TokenKey(std::string_view token) const {
  std::string out(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(), crypto::U(token),
                     token.size(), nullptr, 0);
  return out;
}

crypto::SecretBytes AuthServiceImpl::SealKey(std::string_view token) const {
  crypto::SecretBytes key(crypto::kAeadKeyBytes);
  crypto_generichash(key.data(), key.size(), crypto::U(token), token.size(),
                     instance_secret_.data(), instance_secret_.size());
  return key;
}

bool AuthServiceImpl::Expired(const store::SessionRow& row, std::time_t now) const {
  return now - row.last_seen > options_.idle_timeout.count() ||
         now - row.created_at > options_.max_age.count();
}

Status AuthServiceImpl::RecordFailure(const store::UserRow& user, const Attempt& a) {
  const store::Attempt attempt = a.kind;
  // Counted by the store in one statement: concurrent failures on any node
  // are each counted, and the one that reaches the limit locks.
  const std::int64_t lock_until =
      static_cast<std::int64_t>(clock_->UnixSeconds()) + options_.lockout.count();
  auto locked = store_->RecordLoginFailure(user.id, options_.max_failures, lock_until, attempt);
  if (!locked.ok()) return locked.error();
  const bool recovery = attempt == store::Attempt::kRecovery;
  (void)audit_->Append(
      {user.id, user.role, recovery ? "recovery.failed" : "login.failed", user.id});
  if (*locked) {
    (void)audit_->Append(
        {user.id, user.role, recovery ? "recovery.locked" : "login.locked", user.id});
    if (notifier_ != nullptr) notifier_->Notify(Notice::kAccountLocked, user.id);
  }
  // The whole failed attempt, as MimicDerive repeats it.
  RecordTiming(a);
  return Unauthenticated(wrong_);
}

Result<store::UserRow> AuthServiceImpl::FindForAttempt(std::string_view email_in,
                                                       std::string_view secret, const Attempt& a) {
  // A secret longer than any password is refused before the address is
  // looked up, alike for every address: no Argon2id runs for it anywhere,
  // so its time tells nothing either.
  if (secret.size() > crypto::kPasswordMaxBytes) return Unauthenticated(wrong_);
  const std::string email = NormaliseEmail(email_in);
  auto found = email.empty() ? Result<std::optional<store::UserRow>>(std::nullopt)
                             : store_->FindUserByEmail(email);
  if (!found.ok()) return found.error();
  const auto now = static_cast<std::int64_t>(clock_->UnixSeconds());
  if (!found->has_value() || (*found)->disabled || LockedFor(**found, a.kind, now)) {
    MimicDerive(secret, a);
    return Unauthenticated(wrong_);
  }
  return std::move(**found);
}

void AuthServiceImpl::SpendLikeSignIn(const store::UserRow& user, std::string_view secret,
                                      const Attempt& a) {
  crypto::WrappedUserKey w;
  w.password.salt = user.pw_salt;
  w.password.ops = static_cast<std::uint64_t>(user.pw_ops);
  w.password.mem = static_cast<std::uint64_t>(user.pw_mem);
  w.password.verifier = std::string(32, '\0');  // matches nothing
  Argon2Slot slot(this, &a);
  (void)crypto::UnlockUserKey(w, secret);
}

Status AuthServiceImpl::CheckNotLocked(const store::UserRow& user) const {
  const std::time_t now = static_cast<std::time_t>(clock_->UnixSeconds());
  if (user.locked_until <= now) return Status::Ok();
  std::int64_t minutes = (user.locked_until - now + 59) / 60;
  return RateLimited("too many failed sign-ins for this account; try again in " +
                     std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes"));
}

Result<std::pair<store::UserRow, crypto::KeyPair>> AuthServiceImpl::Reauthenticate(
    const StaffSession& s, std::string_view password) {
  auto found = store_->FindUserById(s.user_id);
  if (!found.ok()) return found.error();
  if (!found->has_value() || (*found)->disabled) return Unauthenticated("please sign in");
  if (auto st = CheckNotLocked(**found); !st.ok()) return st.error();
  const Attempt a{store::Attempt::kSignIn, clock_->Monotonic()};
  auto kp = [&] {
    Argon2Slot slot(this, &a);
    return crypto::UnlockUserKey(StoredKey(**found), password);
  }();
  if (!kp.ok()) {
    if (kp.error().code() != ErrorCode::kUnauthenticated) return kp.error();
    (void)RecordFailure(**found, a);
    return Unauthenticated("the current password is wrong");
  }
  return std::make_pair(std::move(**found), std::move(*kp));
}

Status AuthServiceImpl::CheckTotp(store::UserRow& user, std::string_view totp, const Attempt& a) {
  const store::Attempt attempt = a.kind;
  auto secret = OpenTotpSecret(instance_secret_, user.id, user.totp_sealed);
  if (!secret.ok()) return secret.error();
  auto step = crypto::VerifyTotp(*secret, totp, static_cast<std::time_t>(clock_->UnixSeconds()),
                                 static_cast<std::uint64_t>(user.totp_last_step));
  bool reused = !step.ok() && step.error().code() == ErrorCode::kAlreadyExists;
  if (step.ok()) {
    // The step read above may be stale: a concurrent sign-in with the same
    // code (on any node) may have taken it since. The store takes it at
    // most once.
    const auto now = static_cast<std::int64_t>(clock_->UnixSeconds());
    auto claimed = store_->ClaimTotpStep(user.id, static_cast<std::int64_t>(*step), now, attempt);
    if (!claimed.ok()) return claimed.error();
    if (*claimed) {
      user.failed_logins = 0;
      user.locked_until = 0;
      user.totp_last_step = static_cast<std::int64_t>(*step);
      return Status::Ok();
    }
    // Not taken: the account was locked (by failures while this sign-in
    // waited its turn) or disabled since it was read, or the step is used.
    auto again = store_->FindUserById(user.id);
    if (!again.ok()) return again.error();
    if (!again->has_value() || (*again)->disabled || LockedFor(**again, attempt, now)) {
      return Unauthenticated(wrong_);
    }
    reused = true;
  }
  if (reused) {
    // The right password with a code already used: someone may have seen
    // both. Logged, and the holder told; answered like any wrong code.
    (void)audit_->Append({user.id, user.role, "login.code_reused", user.id});
    if (notifier_ != nullptr) notifier_->Notify(Notice::kCodeReused, user.id);
  }
  return RecordFailure(user, a);
}

Result<std::string> AuthServiceImpl::Login(std::string_view email, std::string_view password,
                                           std::string_view totp) {
  const Attempt a{store::Attempt::kSignIn, clock_->Monotonic()};
  auto found = FindForAttempt(email, password, a);
  if (!found.ok()) return found.error();
  store::UserRow user = std::move(*found);
  const std::time_t now = static_cast<std::time_t>(clock_->UnixSeconds());
  auto kp = [&] {
    Argon2Slot slot(this, &a);
    return crypto::UnlockUserKey(StoredKey(user), password);
  }();
  if (!kp.ok()) {
    if (kp.error().code() != ErrorCode::kUnauthenticated) return kp.error();
    return RecordFailure(user, a).error();
  }
  if (auto st = CheckTotp(user, totp, a); !st.ok()) return st.error();
  // A role PortSafe does not know (a row written by hand, or by someone
  // who can write the database) opens nothing: never a fallback.
  const auto role = core::ParseRole(user.role);
  if (!role) {
    (void)audit_->Append({user.id, user.role.substr(0, 40), "login.unknown_role", user.id});
    return PermissionDenied(
        "this account's role is not one PortSafe knows; ask the programme administrator");
  }
  // A row changed in the database (its role, agency or public key) opens
  // nothing either.
  if (!RowSeal(instance_secret_).UserIntact(user)) {
    (void)audit_->Append({user.id, user.role.substr(0, 40), "login.changed_row", user.id});
    return PermissionDenied(
        "this account's record was changed outside PortSafe; ask the programme administrator");
  }

  auto session = std::make_shared<StaffSession>();
  session->user_id = user.id;
  session->email = user.email;
  session->role = *role;
  session->agency_code = user.agency_code;
  session->facility_code = user.facility_code;
  session->csrf = NewToken();
  session->user_key = std::move(*kp);
  session->must_change_password = user.must_change_password;
  auto grants = store_->ListKeyGrants(user.id);
  if (!grants.ok()) return grants.error();
  for (const auto& g : *grants) {
    auto priv = OpenKeyGrant(session->user_key, g.key_name, g.sealed);
    if (!priv.ok()) continue;  // a grant to an older key: ignore it
    if (g.key_name == kServiceKeyName && core::ReadsReports(session->role)) {
      // Only the service key this node's service.pub names: a grant of
      // another key (made in the database, or of a key rotated while this
      // node ran) would have the session seal to whoever holds it.
      if (crypto::PublicKeyOf(*priv) != service_public_key_) {
        (void)audit_->Append({user.id, user.role, "login.service_key_differs", user.id});
        continue;
      }
      crypto::KeyPair service{service_public_key_, std::move(*priv)};
      session->service_key = std::move(service);
    } else if (session->role == core::Role::kAgency &&
               g.key_name == AgencyKeyName(user.agency_code)) {
      // The public half comes from the private key, never from the
      // database: what the officer's questions and outcomes are sealed to
      // cannot be swapped there.
      const std::string public_key = crypto::PublicKeyOf(*priv);
      auto agency = store_->FindAgency(user.agency_code);
      if (!agency.ok()) return agency.error();
      if (!agency->has_value() || (*agency)->public_key != public_key ||
          !RowSeal(instance_secret_).AgencyIntact(**agency)) {
        (void)audit_->Append({user.id, user.role, "login.agency_changed", user.agency_code});
        continue;  // the agency's row was changed: its key is not used
      }
      session->agency_key = crypto::KeyPair{public_key, std::move(*priv)};
    }
  }
  // The pairs that rotations retired open with the current ones.
  if (session->service_key) {
    auto retired = OpenRetiredKeys(store_, kServiceKeyName, *session->service_key);
    if (!retired.ok()) return retired.error();
    session->retired_service_keys = std::move(*retired);
  }
  if (session->agency_key) {
    auto retired = OpenRetiredKeys(store_, AgencyKeyName(user.agency_code), *session->agency_key);
    if (!retired.ok()) return retired.error();
    session->retired_agency_keys = std::move(*retired);
  }
  if (auto st = audit_->Append({user.id, user.role, "login", user.id}); !st.ok()) {
    return st.error();
  }
  std::string token = NewToken();
  const std::string hash = TokenKey(token);
  // Expired sessions of anyone go first (every node does this at sign-in).
  (void)sessions_store_->DeleteExpiredSessions(now - options_.idle_timeout.count(),
                                               now - options_.max_age.count());
  store::SessionRow row{hash, user.id, now, now,
                        crypto::AeadSeal(SealKey(token), EncodeSession(*session).view(), hash)};
  if (auto st = sessions_store_->PutSession(row); !st.ok()) return st.error();
  const bool unlocked = session->service_key.has_value();
  {
    std::lock_guard lock(mu_);
    sessions_[hash] = std::move(session);
  }
  if (unlocked && on_unlock_) on_unlock_();
  return token;
}

void AuthServiceImpl::SweepExpired() {
  const std::time_t now = static_cast<std::time_t>(clock_->UnixSeconds());
  (void)sessions_store_->DeleteExpiredSessions(now - options_.idle_timeout.count(),
                                               now - options_.max_age.count());
  std::vector<std::string> hashes;
  {
    std::lock_guard lock(mu_);
    for (const auto& entry : sessions_) hashes.push_back(entry.first);
  }
  // Load drops a session that is gone or expired; one still live stays.
  for (const auto& hash : hashes) (void)Load(hash, "", now);
}

size_t AuthServiceImpl::sessions_in_memory() {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

std::shared_ptr<const StaffSession> AuthServiceImpl::ServiceKeySession() {
  std::vector<std::string> candidates;
  {
    std::lock_guard lock(mu_);
    for (const auto& [hash, session] : sessions_) {
      if (session->service_key) candidates.push_back(hash);
    }
  }
  const std::time_t now = static_cast<std::time_t>(clock_->UnixSeconds());
  for (const auto& hash : candidates) {
    auto s = Load(hash, "", now);  // in memory: no token needed
    if (s.ok()) return *s;
  }
  return nullptr;
}

Result<std::shared_ptr<const StaffSession>> AuthServiceImpl::Load(const std::string& hash,
                                                                  std::string_view token,
                                                                  std::time_t now) {
  auto row = sessions_store_->FindSession(hash);
  if (!row.ok()) return row.error();
  auto forget = [this, &hash] {
    std::lock_guard lock(mu_);
    sessions_.erase(hash);
  };
  if (!row->has_value()) {  // signed out (here or on another node) or swept
    forget();
    return Unauthenticated("please sign in");
  }
  if (Expired(**row, now)) {
    forget();
    (void)sessions_store_->DeleteSession(hash);
    return Unauthenticated("your session has expired; please sign in again");
  }
  std::shared_ptr<const StaffSession> session;
  {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(hash);
    if (it != sessions_.end()) session = it->second;
  }
  // A session that must change its first password may have done so on
  // another node: read it afresh until the flag is gone.
  if (session && session->must_change_password && !token.empty()) session = nullptr;
  if (!session) {  // opened on another node: unseal it here
    if (token.empty()) return Unauthenticated("please sign in");
    auto plain = crypto::AeadOpen(SealKey(token), (*row)->sealed, hash);
    if (!plain.ok()) return Unauthenticated("please sign in");
    auto decoded = DecodeSession(plain->view());
    if (!decoded.ok()) return Unauthenticated("please sign in");
    if (decoded->user_id != (*row)->user_id) return Unauthenticated("please sign in");
    session = std::make_shared<const StaffSession>(std::move(*decoded));
  }
  if (!token.empty() && now - (*row)->last_seen >= options_.touch_every.count()) {
    if (auto st = sessions_store_->TouchSession(hash, now); !st.ok()) return st.error();
  }
  if (!token.empty()) {  // a request: kept for the next one (the sweep keeps nothing)
    std::lock_guard lock(mu_);
    sessions_[hash] = session;
  }
  return session;
}

Result<std::shared_ptr<const StaffSession>> AuthServiceImpl::Authenticate(std::string_view token) {
  if (token.empty() || token.size() > 64) return Unauthenticated("please sign in");
  return Load(TokenKey(token), token, static_cast<std::time_t>(clock_->UnixSeconds()));
}

void AuthServiceImpl::Logout(std::string_view token) {
  if (token.empty() || token.size() > 64) return;
  auto s = Authenticate(token);
  const std::string hash = TokenKey(token);
  {
    std::lock_guard lock(mu_);
    sessions_.erase(hash);
  }
  (void)sessions_store_->DeleteSession(hash);
  if (!s.ok()) return;
  (void)audit_->Append(
      {(*s)->user_id, std::string(core::ToString((*s)->role)), "logout", (*s)->user_id});
}

Status AuthServiceImpl::ChangePassword(std::string_view token, std::string_view old_password,
                                       std::string_view new_password) {
  auto s = Authenticate(token);
  if (!s.ok()) return s.error();
  if (auto why = crypto::CheckNewPassword(new_password); !why.empty()) {
    return InvalidArgument(why);
  }
  auto again = Reauthenticate(**s, old_password);
  if (!again.ok()) return again.error();
  auto& [user, kp] = *again;
  // Sessions signed in elsewhere with the old password end first, so that a
  // failure leaves the old password with fewer sessions, never the new one
  // with old sessions.
  if (auto st = EndSessionsOf(user.id, TokenKey(token)); !st.ok()) return st;
  const bool first = user.must_change_password;
  if (first && [&] {
        Argon2Slot slot(this);
        return crypto::UnlockUserKey(StoredKey(user), new_password).ok();
      }()) {
    return InvalidArgument("choose a password of your own, not the one you were given");
  }
  if (auto st = StoreNewPassword(std::move(user), kp, new_password,
                                 first ? "password.first_changed" : "password.changed",
                                 Notice::kPasswordChanged);
      !st.ok()) {
    return st;
  }
  if (!(*s)->must_change_password) return Status::Ok();
  // This session may now do what the account may: stored again without the
  // flag, so every node reads it so (Load reads a flagged session afresh).
  auto freed = std::make_shared<StaffSession>(**s);
  freed->must_change_password = false;
  const std::string hash = TokenKey(token);
  if (auto st = sessions_store_->ResealSession(
          hash, crypto::AeadSeal(SealKey(token), EncodeSession(*freed).view(), hash));
      !st.ok()) {
    return st;
  }
  std::lock_guard lock(mu_);
  sessions_[hash] = std::move(freed);
  return Status::Ok();
}

Status AuthServiceImpl::EndSessionsOf(const std::string& user_id, const std::string& keep_hash) {
  if (auto st = sessions_store_->DeleteUserSessions(user_id, keep_hash); !st.ok()) return st;
  std::lock_guard lock(mu_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second->user_id == user_id && it->first != keep_hash ? sessions_.erase(it)
                                                                  : std::next(it);
  }
  return Status::Ok();
}

Status AuthServiceImpl::StoreNewPassword(store::UserRow user, const crypto::KeyPair& kp,
                                         std::string_view new_password, std::string_view action,
                                         Notice notice) {
  auto w = [&] {
    Argon2Slot slot(this);
    return crypto::RewrapUserKey(StoredKey(user), kp, new_password);
  }();
  if (!w.ok()) return w.error();
  user.pw_salt = w->password.salt;
  user.pw_ops = static_cast<std::int64_t>(w->password.ops);
  user.pw_mem = static_cast<std::int64_t>(w->password.mem);
  user.pw_verifier = w->password.verifier;
  user.wrapped_by_password = w->wrapped_by_password;
  user.must_change_password = false;  // the password is the holder's own now
  if (auto st = store_->UpdateUserKey(user); !st.ok()) return st;
  if (notifier_ != nullptr) notifier_->Notify(notice, user.id);
  return audit_->Append({user.id, user.role, std::string(action), user.id});
}

Status AuthServiceImpl::ResetPassword(std::string_view email, std::string_view recovery_code,
                                      std::string_view totp, std::string_view new_password) {
  if (auto why = crypto::CheckNewPassword(new_password); !why.empty()) {
    return InvalidArgument(why);
  }
  const Attempt a{store::Attempt::kRecovery, clock_->Monotonic()};
  auto found = FindForAttempt(email, recovery_code, a);
  if (!found.ok()) return found.error();
  store::UserRow user = std::move(*found);
  SpendLikeSignIn(user, recovery_code, a);
  auto kp = crypto::UnlockUserKeyWithRecovery(StoredKey(user), recovery_code);
  if (!kp.ok()) {
    if (kp.error().code() != ErrorCode::kUnauthenticated) return kp.error();
    return RecordFailure(user, a);
  }
  if (auto st = CheckTotp(user, totp, a); !st.ok()) return st;
  // Every session of the account ends, on every node, before the new
  // password works.
  if (auto st = EndSessionsOf(user.id, ""); !st.ok()) return st;
  return StoreNewPassword(std::move(user), *kp, new_password, "password.reset",
                          Notice::kPasswordReset);
}

void AuthServiceImpl::RecordDenied(const StaffSession& session, std::string_view path) {
  (void)audit_->Append({session.user_id, std::string(core::ToString(session.role)), "access.denied",
                        std::string(path.substr(0, 200))});
}

Result<std::vector<SessionSummary>> AuthServiceImpl::ListSessions(std::string_view token) {
  auto s = Authenticate(token);
  if (!s.ok()) return s.error();
  auto rows = sessions_store_->ListUserSessions((*s)->user_id);
  if (!rows.ok()) return rows.error();
  const std::string mine = TokenKey(token);
  const std::time_t now = static_cast<std::time_t>(clock_->UnixSeconds());
  std::vector<SessionSummary> out;
  for (const auto& row : *rows) {
    if (Expired(row, now)) continue;  // gone at the next clean-up
    out.push_back({row.created_at, row.last_seen, row.token_hash == mine});
  }
  return out;
}

Status AuthServiceImpl::EndOtherSessions(std::string_view token, std::string_view password) {
  auto s = Authenticate(token);
  if (!s.ok()) return s.error();
  auto again = Reauthenticate(**s, password);
  if (!again.ok()) return again.error();
  if (auto st = EndSessionsOf((*s)->user_id, TokenKey(token)); !st.ok()) return st;
  return audit_->Append({(*s)->user_id, std::string(core::ToString((*s)->role)),
                         "sessions.ended_others", (*s)->user_id});
}

}  // namespace portsafe::service
