#include "service/auth_service_impl.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <sodium.h>
#include <sqlite3.h>

#include "crypto/password.h"
#include "service/mock_notifier.h"
#include "service/staff_world.h"

namespace portsafe::service {
namespace {

using core::Role;
using testing::kStaffPassword;
using testing::StaffWorld;

TEST(AuthServiceTest, PasswordAndTotpOpenASessionHoldingTheRoleKeys) {
  StaffWorld w;
  auto handler = w.Session(w.Login(Role::kHandler));
  EXPECT_EQ(handler->role, Role::kHandler);
  ASSERT_TRUE(handler->service_key.has_value());
  EXPECT_EQ(handler->service_key->public_key, w.keys_.service_public_key);
  EXPECT_EQ(handler->service_key->private_key.view(), w.service_key_.private_key.view());
  EXPECT_FALSE(handler->agency_key.has_value());
  EXPECT_GE(handler->csrf.size(), 40u);

  auto officer = w.Session(w.Login(Role::kAgency));
  EXPECT_FALSE(officer->service_key.has_value());
  ASSERT_TRUE(officer->agency_key.has_value());
  EXPECT_EQ(officer->agency_key->private_key.view(),
            w.agency_keys_.at("SUFFOLK-POLICE").private_key.view());
  EXPECT_EQ(officer->agency_code, "SUFFOLK-POLICE");

  for (Role r : {Role::kAdmin, Role::kPortManager}) {
    auto s = w.Session(w.Login(r));
    EXPECT_FALSE(s->service_key.has_value());
    EXPECT_FALSE(s->agency_key.has_value());
  }
}

TEST(AuthServiceTest, WrongPasswordCodeOrAddressAreOneUnauthenticatedAnswer) {
  StaffWorld w;
  const std::string email = "handler@test.invalid";
  w.Advance(30);
  std::vector<Result<std::string>> tries = {
      w.auth_->Login(email, "wrong password!!", w.Code(email)),
      w.auth_->Login(email, kStaffPassword, "000000"),
      w.auth_->Login(email, kStaffPassword, "12ab56"),
      w.auth_->Login("nobody@test.invalid", kStaffPassword, "123456"),
      w.auth_->Login("", "", ""),
  };
  for (const auto& t : tries) {
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code(), ErrorCode::kUnauthenticated);
    EXPECT_EQ(t.error().message(), tries[0].error().message());
  }
  // Upper-case address and surrounding spaces still sign in.
  EXPECT_TRUE(w.auth_->Login("  HANDLER@Test.Invalid ", kStaffPassword, w.Code(email)).ok());
}

TEST(AuthServiceTest, ACodeWorksOnceAndOnlyNearItsTime) {
  StaffWorld w;
  const std::string email = "handler@test.invalid";
  w.Advance(30);
  const std::string code = w.Code(email);
  ASSERT_TRUE(w.auth_->Login(email, kStaffPassword, code).ok());
  auto replay = w.auth_->Login(email, kStaffPassword, code);
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().code(), ErrorCode::kUnauthenticated);
  // A code from five minutes ago is refused.
  w.Advance(300);
  std::string old = crypto::TotpCode(w.totp_.at(email), w.Now() - 300);
  if (old != w.Code(email)) {
    EXPECT_FALSE(w.auth_->Login(email, kStaffPassword, old).ok());
  }
}

// Five failures lock sign-in for 15 minutes. The lock is told to the
// holder by mail and audited, but the answer is the one every refused
// sign-in gets, so that an outsider cannot learn the address is real by
// locking it.
TEST(AuthServiceTest, RepeatedFailuresLockTheAccountAndTellOnlyTheHolder) {
  StaffWorld w;
  ::testing::StrictMock<MockNotifier> notices;
  AuthServiceImpl auth(&w.store_->staff(), &w.store_->cluster(), w.audit_, w.keys_, &w.clock_, {},
                       &notices);
  const std::string email = "supervisor@test.invalid";
  const std::string id = (*w.store_->staff().FindUserByEmail(email))->id;
  auto unknown = auth.Login("nobody@test.invalid", kStaffPassword, "123456");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message().find("15 minutes"), std::string::npos)
      << unknown.error().message();
  for (int i = 0; i < 5; ++i) {
    if (i == 4) EXPECT_CALL(notices, Notify(Notice::kAccountLocked, id));
    auto r = auth.Login(email, "not the password", "123456");
    EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated);
    EXPECT_EQ(r.error().message(), unknown.error().message());
  }
  ::testing::Mock::VerifyAndClearExpectations(&notices);
  EXPECT_TRUE(w.Audited(id, "login.locked"));
  w.Advance(30);
  auto locked = auth.Login(email, kStaffPassword, w.Code(email));
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(locked.error().message(), unknown.error().message());
  // Other accounts are not affected (a whole port may share an address).
  EXPECT_TRUE(
      w.auth_->Login("handler@test.invalid", kStaffPassword, w.Code("handler@test.invalid")).ok());
  w.Advance(15 * 60);
  auto again = auth.Login(email, kStaffPassword, w.Code(email));
  EXPECT_TRUE(again.ok()) << again.error().message();
}

TEST(AuthServiceTest, SessionsEndOnLogoutAndWhenIdle) {
  StaffWorld w;
  std::string token = w.Login(Role::kHandler);
  EXPECT_TRUE(w.auth_->Authenticate(token).ok());
  w.Advance(29 * 60);
  EXPECT_TRUE(w.auth_->Authenticate(token).ok());  // activity refreshes the idle timer
  w.Advance(31 * 60);
  auto idle = w.auth_->Authenticate(token);
  ASSERT_FALSE(idle.ok());
  EXPECT_EQ(idle.error().code(), ErrorCode::kUnauthenticated);

  token = w.Login(Role::kHandler);
  w.auth_->Logout(token);
  EXPECT_FALSE(w.auth_->Authenticate(token).ok());
  EXPECT_FALSE(w.auth_->Authenticate("").ok());
  EXPECT_FALSE(w.auth_->Authenticate(std::string(500, 'a')).ok());
}

TEST(AuthServiceTest, PasswordChangeRewrapsTheKeySoOnlyTheNewPasswordOpensIt) {
  StaffWorld w;
  const std::string email = "supervisor@test.invalid";
  std::string token = w.Login(Role::kSupervisor);
  EXPECT_EQ(
      w.auth_->ChangePassword(token, "wrong old password", "a new long password").error().code(),
      ErrorCode::kUnauthenticated);
  EXPECT_EQ(w.auth_->ChangePassword(token, kStaffPassword, "short").error().code(),
            ErrorCode::kInvalidArgument);
  ASSERT_TRUE(w.auth_->ChangePassword(token, kStaffPassword, "a new long password").ok());

  w.Advance(30);
  EXPECT_FALSE(w.auth_->Login(email, kStaffPassword, w.Code(email)).ok());
  w.Advance(30);
  auto t = w.auth_->Login(email, "a new long password", w.Code(email));
  ASSERT_TRUE(t.ok());
  auto s = w.Session(*t);
  ASSERT_TRUE(s->service_key.has_value());  // the grant still opens: same key pair
  EXPECT_EQ(s->service_key->private_key.view(), w.service_key_.private_key.view());
}

TEST(AuthServiceTest, ForgottenPasswordIsResetWithTheRecoveryCodeAndTotp) {
  StaffWorld w;
  const std::string email = "handler@test.invalid";
  const std::string code = w.recovery_codes_.at(email);
  std::string old_session = w.Login(Role::kHandler);
  w.Advance(30);
  // Wrong recovery code, wrong TOTP, unknown address: one answer; a weak
  // password is refused before anything is checked.
  EXPECT_EQ(w.auth_->ResetPassword(email, "not the code", w.Code(email), "a new long password")
                .error()
                .code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(w.auth_->ResetPassword(email, code, "000000", "a new long password").error().code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(w.auth_->ResetPassword("nobody@test.invalid", code, "000000", "a new long password")
                .error()
                .code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(w.auth_->ResetPassword(email, code, w.Code(email), "short").error().code(),
            ErrorCode::kInvalidArgument);
  ASSERT_TRUE(w.auth_->ResetPassword(email, code, w.Code(email), "a new long password").ok());
  // Every old session ends; the old password no longer opens the key; the
  // new one does, with the same key pair (the service key grant still opens).
  EXPECT_FALSE(w.auth_->Authenticate(old_session).ok());
  w.Advance(30);
  EXPECT_FALSE(w.auth_->Login(email, kStaffPassword, w.Code(email)).ok());
  w.Advance(30);
  auto t = w.auth_->Login(email, "a new long password", w.Code(email));
  ASSERT_TRUE(t.ok()) << t.error().message();
  EXPECT_EQ(w.Session(*t)->service_key->private_key.view(), w.service_key_.private_key.view());
  EXPECT_TRUE(w.Audited(w.Session(*t)->user_id, "password.reset"));
}

// OWASP ASVS 2.2.3, 2.5.5, 2.8.5 and 3.3.3: the holder hears of every
// change to their account and of a used code tried again; a password change
// ends the account's other sessions, on every node.
TEST(AuthServiceTest, AccountChangesEndOtherSessionsAndTheHolderIsTold) {
  StaffWorld w;
  ::testing::StrictMock<MockNotifier> notices;
  // Two nodes that tell `notices`, as two `portsafe serve` on one database.
  AuthServiceImpl node_a(&w.store_->staff(), &w.store_->cluster(), w.audit_, w.keys_, &w.clock_, {},
                         &notices);
  AuthServiceImpl node_b(&w.store_->staff(), &w.store_->cluster(), w.audit_, w.keys_, &w.clock_, {},
                         &notices);
  const std::string email = "supervisor@test.invalid";
  const std::string here = w.Login(Role::kSupervisor);
  const std::string elsewhere = w.Login(Role::kSupervisor);
  const std::string someone_else = w.Login(Role::kHandler);
  ASSERT_TRUE(node_b.Authenticate(elsewhere).ok());  // opened on the other node too
  const std::string id = w.Session(here)->user_id;

  EXPECT_CALL(notices, Notify(Notice::kPasswordChanged, id));
  ASSERT_TRUE(node_a.ChangePassword(here, kStaffPassword, "a new long password").ok());
  ::testing::Mock::VerifyAndClearExpectations(&notices);
  EXPECT_TRUE(node_a.Authenticate(here).ok());
  EXPECT_FALSE(node_a.Authenticate(elsewhere).ok());
  EXPECT_FALSE(node_b.Authenticate(elsewhere).ok());
  EXPECT_TRUE(node_a.Authenticate(someone_else).ok());

  // The right password with a code already used: refused, logged, told.
  w.Advance(30);
  const std::string code = w.Code(email);
  ASSERT_TRUE(node_a.Login(email, "a new long password", code).ok());
  EXPECT_CALL(notices, Notify(Notice::kCodeReused, id));
  auto again = node_b.Login(email, "a new long password", code);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kUnauthenticated);
  ::testing::Mock::VerifyAndClearExpectations(&notices);
  EXPECT_TRUE(w.Audited(id, "login.code_reused"));
  // A wrong code or password tells nobody (no mail for every typo).
  EXPECT_FALSE(node_a.Login(email, "a new long password", "000000").ok());
  EXPECT_FALSE(node_a.Login(email, "a wrong long password", w.Code(email)).ok());

  w.Advance(30);
  EXPECT_CALL(notices, Notify(Notice::kPasswordReset, id));
  ASSERT_TRUE(
      node_a
          .ResetPassword(email, w.recovery_codes_.at(email), w.Code(email), "another long password")
          .ok());
  ::testing::Mock::VerifyAndClearExpectations(&notices);
  EXPECT_FALSE(node_a.Authenticate(here).ok());  // a reset ends every session
}

// Sign-ins race on both databases, through two nodes (two stores on one
// database, as two `portsafe serve` run): six sign-ins at once with one
// password and one code open exactly one session; eight wrong passwords at
// once are all counted, so the account is locked after them.
class AuthRaceTest : public ::testing::TestWithParam<testing::Backend> {};
INSTANTIATE_TEST_SUITE_P(Backends, AuthRaceTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

TEST_P(AuthRaceTest, OneCodeOpensOneSessionAndEveryFailureCounts) {
  StaffWorld w({}, GetParam());
  auto second = w.OpenStore();
  ASSERT_TRUE(second.ok()) << second.error().message();
  AuthServiceImpl node_a(&w.store_->staff(), &w.store_->cluster(), w.audit_, w.keys_, &w.clock_);
  AuthServiceImpl node_b(&(*second)->staff(), &(*second)->cluster(), w.audit_, w.keys_, &w.clock_);
  AuthServiceImpl* nodes[] = {&node_a, &node_b};
  const std::string email = "handler@test.invalid";
  w.Advance(30);
  const std::string code = w.Code(email);
  std::vector<Result<std::string>> results(6, Result<std::string>(Internal("not run")));
  std::vector<std::thread> racers;
  for (size_t i = 0; i < results.size(); ++i) {
    racers.emplace_back([&, i] { results[i] = nodes[i % 2]->Login(email, kStaffPassword, code); });
  }
  for (auto& t : racers) t.join();
  int opened = 0;
  for (const auto& r : results) {
    if (r.ok()) {
      ++opened;
    } else {
      EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated) << r.error().message();
    }
  }
  EXPECT_EQ(opened, 1);
  // The others had the right password with a code already taken.
  EXPECT_TRUE(w.Audited((*w.store_->staff().FindUserByEmail(email))->id, "login.code_reused"));

  const std::string other = "supervisor@test.invalid";
  racers.clear();
  std::atomic<int> wrong{0};
  for (int i = 0; i < 8; ++i) {
    racers.emplace_back([&, i] {
      auto r = nodes[i % 2]->Login(other, "not the password at all", "123456");
      if (!r.ok() && r.error().code() == ErrorCode::kUnauthenticated) ++wrong;
    });
  }
  for (auto& t : racers) t.join();
  EXPECT_EQ(wrong.load(), 8);
  w.Advance(30);
  auto locked = node_a.Login(other, kStaffPassword, w.Code(other));
  ASSERT_FALSE(locked.ok());  // locked: the right password and code are refused
  EXPECT_EQ(locked.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_TRUE(w.Audited((*w.store_->staff().FindUserByEmail(other))->id, "login.locked"));
}

// A role the program does not know (a row changed by someone who can write
// the database) opens nothing, and the refusal is audited: never a
// fallback to any role.
TEST(AuthServiceTest, AnUnknownRoleIsRefusedAndAudited) {
  StaffWorld w;
  const std::string email = "handler@test.invalid";
  const std::string id = (*w.store_->staff().FindUserByEmail(email))->id;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(service::DatabasePath(w.data_).c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE users SET role='superuser' WHERE email='handler@test.invalid'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  w.Advance(30);
  auto r = w.auth_->Login(email, kStaffPassword, w.Code(email));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(w.Audited(id, "login.unknown_role"));
}

// OWASP ASVS 3.3.4: a user sees their sessions and, giving the password
// again, ends all but the one in use, on every node. Wrong passwords there
// (or in a password change) count towards the lockout, so a stolen session
// cannot guess the password.
TEST(AuthServiceTest, AUserSeesTheirSessionsAndEndsTheOthersWithThePassword) {
  StaffWorld w;
  AuthServiceImpl node_b(&w.store_->staff(), &w.store_->cluster(), w.audit_, w.keys_, &w.clock_);
  const std::string first = w.Login(Role::kHandler);
  const std::time_t first_at = w.Now();
  const std::string second = w.Login(Role::kHandler);
  const std::string someone_else = w.Login(Role::kSupervisor);
  ASSERT_TRUE(node_b.Authenticate(first).ok());

  auto listed = node_b.ListSessions(second);
  ASSERT_TRUE(listed.ok()) << listed.error().message();
  ASSERT_EQ(listed->size(), 2u);  // the handler's two, not the supervisor's
  EXPECT_EQ((*listed)[0].signed_in, first_at);
  EXPECT_FALSE((*listed)[0].current);
  EXPECT_TRUE((*listed)[1].current);
  EXPECT_EQ(w.auth_->ListSessions("not a token").error().code(), ErrorCode::kUnauthenticated);

  EXPECT_EQ(w.auth_->EndOtherSessions(second, "not my password").error().code(),
            ErrorCode::kUnauthenticated);
  EXPECT_TRUE(node_b.Authenticate(first).ok());  // nothing ended
  ASSERT_TRUE(w.auth_->EndOtherSessions(second, kStaffPassword).ok());
  EXPECT_FALSE(node_b.Authenticate(first).ok());
  EXPECT_FALSE(w.auth_->Authenticate(first).ok());
  EXPECT_TRUE(w.auth_->Authenticate(second).ok());
  EXPECT_TRUE(w.auth_->Authenticate(someone_else).ok());
  EXPECT_EQ(w.auth_->ListSessions(second)->size(), 1u);
  EXPECT_TRUE(w.Audited(w.Session(second)->user_id, "sessions.ended_others"));

  // Guessing the password through a session locks the account like sign-ins:
  // the wrong password above and four more make the five.
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(
        w.auth_->ChangePassword(second, "guess number " + std::to_string(i), "a new long password")
            .error()
            .code(),
        ErrorCode::kUnauthenticated);
  }
  EXPECT_EQ(w.auth_->EndOtherSessions(second, kStaffPassword).error().code(),
            ErrorCode::kRateLimited);
  EXPECT_EQ(w.auth_->ChangePassword(second, kStaffPassword, "a new long password").error().code(),
            ErrorCode::kRateLimited);
  w.Advance(30);
  EXPECT_EQ(w.auth_->Login("handler@test.invalid", kStaffPassword, w.Code("handler@test.invalid"))
                .error()
                .code(),
            ErrorCode::kUnauthenticated);
}

// A reset with the recovery code is counted apart from sign-ins: five
// wrong ones (cheap to send) lock resets for a while and never sign-in,
// cost a real Argon2id derivation each like a sign-in, and answer exactly
// as an unknown address does, locked or not.
TEST(AuthServiceTest, RecoveryCannotLockSignInAndAnswersAsAnUnknownAddressDoes) {
  StaffWorld w;
  AuthOptions o;
  o.password_checks_at_once = 1;
  AuthServiceImpl auth(&w.store_->staff(), &w.store_->cluster(), w.audit_, w.keys_, &w.clock_, o);
  const std::string email = "handler@test.invalid";
  const std::string id = (*w.store_->staff().FindUserByEmail(email))->id;
  const std::string code = w.recovery_codes_.at(email);
  auto unknown = auth.ResetPassword("nobody@test.invalid", code, "000000", "a new long password");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kUnauthenticated);
  const size_t before = auth.password_derivations();
  for (int i = 0; i < 7; ++i) {
    auto r = auth.ResetPassword(email, i % 2 ? "wrong" : code, "000000", "a new long password");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated);
    EXPECT_EQ(r.error().message(), unknown.error().message());
  }
  // The five before the lock each cost a derivation; the two after it
  // (like unknown addresses) only wait as long as one.
  EXPECT_EQ(auth.password_derivations() - before, 5u);
  // A secret longer than any password is refused alike for every address,
  // before the address is looked up: no fast path for real accounts.
  const std::string huge(600, 'x');
  for (const char* who : {"supervisor@test.invalid", "nobody@test.invalid"}) {
    auto r = auth.ResetPassword(who, huge, "000000", "a new long password");
    EXPECT_EQ(r.error().message(), unknown.error().message()) << who;
    auto s = auth.Login(who, huge, "000000");
    EXPECT_EQ(s.error().message(), unknown.error().message()) << who;
  }
  EXPECT_EQ(auth.password_derivations() - before, 5u);
  EXPECT_FALSE(w.Audited((*w.store_->staff().FindUserByEmail("supervisor@test.invalid"))->id,
                         "recovery.failed"));
  EXPECT_TRUE(w.Audited(id, "recovery.failed"));
  EXPECT_TRUE(w.Audited(id, "recovery.locked"));
  // Sign-in is untouched, and the right reset is refused until the lock
  // passes.
  w.Advance(30);
  auto signed_in = auth.Login(email, kStaffPassword, w.Code(email));
  EXPECT_TRUE(signed_in.ok()) << signed_in.error().message();
  w.Advance(30);
  auto locked = auth.ResetPassword(email, code, w.Code(email), "a new long password");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().message(), unknown.error().message());
  w.Advance(15 * 60);
  auto reset = auth.ResetPassword(email, code, w.Code(email), "a new long password");
  EXPECT_TRUE(reset.ok()) << reset.error().message();
}

// A flood of made-up addresses must not take Argon2id time (CPU and 64 MiB
// each) from real staff: once one real check has been timed, an unknown
// address only waits as long, and answers exactly as a wrong password does.
TEST(AuthServiceTest, UnknownAddressesCostNoPasswordWorkOnceACheckHasBeenTimed) {
  StaffWorld w;
  AuthOptions o;
  o.password_checks_at_once = 1;
  AuthServiceImpl auth(&w.store_->staff(), &w.store_->cluster(), w.audit_, w.keys_, &w.clock_, o);
  // Nothing timed yet: the first unknown address runs one real derivation.
  auto first = auth.Login("nobody@test.invalid", "a guess", "123456");
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(auth.password_derivations(), 1u);
  auto wrong = auth.Login("handler@test.invalid", "not the password", "123456");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(auth.password_derivations(), 2u);

  std::vector<std::thread> flood;
  std::atomic<int> unauthenticated{0};
  for (int t = 0; t < 8; ++t) {
    flood.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto r = auth.Login(
            "made-up-" + std::to_string(t) + "-" + std::to_string(i) + "@attacker.invalid", "guess",
            "000000");
        if (!r.ok() && r.error().code() == ErrorCode::kUnauthenticated &&
            r.error().message() == wrong.error().message()) {
          ++unauthenticated;
        }
      }
    });
  }
  for (auto& t : flood) t.join();
  EXPECT_EQ(unauthenticated.load(), 200);      // each refused like a wrong password
  EXPECT_EQ(auth.password_derivations(), 2u);  // and none cost a derivation

  // Real staff still sign in, and each real check is a derivation.
  auto ok = auth.Login("handler@test.invalid", kStaffPassword, w.Code("handler@test.invalid"));
  EXPECT_TRUE(ok.ok()) << ok.error().message();
  EXPECT_EQ(auth.password_derivations(), 3u);
}

// Two nodes: two AuthServiceImpl on one database, as two `portsafe serve`.
TEST(AuthServiceTest, ASessionOpenedOnOneNodeWorksOnAnotherWithItsKeys) {
  StaffWorld w;
  AuthServiceImpl node_b(&w.store_->staff(), &w.store_->cluster(), w.audit_, w.keys_, &w.clock_);
  const std::string token = w.Login(Role::kHandler);
  auto on_b = node_b.Authenticate(token);
  ASSERT_TRUE(on_b.ok()) << on_b.error().message();
  EXPECT_EQ((*on_b)->role, Role::kHandler);
  ASSERT_TRUE((*on_b)->service_key.has_value());
  EXPECT_EQ((*on_b)->service_key->private_key.view(), w.service_key_.private_key.view());
  EXPECT_EQ((*on_b)->csrf, w.Session(token)->csrf);
  EXPECT_EQ(node_b.ServiceKeySession(), *on_b);  // B has opened it now

  // Activity on B keeps the session alive on A; signing out on B ends it on A.
  w.Advance(20 * 60);
  ASSERT_TRUE(node_b.Authenticate(token).ok());
  w.Advance(20 * 60);
  ASSERT_TRUE(w.auth_->Authenticate(token).ok());
  node_b.Logout(token);
  EXPECT_EQ(w.auth_->Authenticate(token).error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(w.auth_->ServiceKeySession(), nullptr);
  EXPECT_EQ(node_b.ServiceKeySession(), nullptr);
}

TEST(AuthServiceTest, TheStoredSessionOpensOnlyWithItsToken) {
  StaffWorld w;
  const std::string token = w.Login(Role::kHandler);
  auto session = w.Session(token);
  std::string hash(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), hash.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  auto row = w.store_->cluster().FindSession(hash);
  ASSERT_TRUE(row.ok() && row->has_value());
  const std::string& sealed = (*row)->sealed;
  EXPECT_EQ(sealed.find(session->service_key->private_key.view()), std::string::npos);
  EXPECT_EQ(sealed.find(session->user_key.private_key.view()), std::string::npos);
  EXPECT_EQ(sealed.find(session->email), std::string::npos);
  EXPECT_EQ(sealed.find(session->csrf), std::string::npos);
  EXPECT_EQ(sealed.find(token), std::string::npos);

  // A node that has not opened it yet, given another token of the same
  // length with the same hash row swapped in, opens nothing.
  AuthServiceImpl fresh(&w.store_->staff(), &w.store_->cluster(), w.audit_, w.keys_, &w.clock_);
  std::string other = token;
  other[0] = other[0] == 'A' ? 'B' : 'A';
  std::string other_hash(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(other_hash.data()), other_hash.size(),
                     reinterpret_cast<const unsigned char*>(other.data()), other.size(), nullptr,
                     0);
  ASSERT_TRUE(
      w.store_->cluster()
          .PutSession({other_hash, (*row)->user_id, (*row)->created_at, (*row)->last_seen, sealed})
          .ok());
  EXPECT_EQ(fresh.Authenticate(other).error().code(), ErrorCode::kUnauthenticated);
  EXPECT_TRUE(fresh.Authenticate(token).ok());
}

TEST(AuthServiceTest, APasswordResetOnOneNodeEndsTheSessionsOnEveryNode) {
  StaffWorld w;
  AuthServiceImpl node_b(&w.store_->staff(), &w.store_->cluster(), w.audit_, w.keys_, &w.clock_);
  const std::string email = "handler@test.invalid";
  const std::string token = w.Login(Role::kHandler);
  ASSERT_TRUE(w.auth_->Authenticate(token).ok());
  w.Advance(30);
  ASSERT_TRUE(
      node_b.ResetPassword(email, w.recovery_codes_.at(email), w.Code(email), "a new long password")
          .ok());
  EXPECT_FALSE(w.auth_->Authenticate(token).ok());
  EXPECT_FALSE(node_b.Authenticate(token).ok());
}

// A password the operator set (portsafe user add) opens a session that must
// change it first; the change frees that session on every node, and the
// password given cannot be kept.
TEST(AuthServiceTest, AFirstPasswordMustBeReplacedAndTheChangeFreesTheSessionOnEveryNode) {
  StaffWorld w;
  AuthServiceImpl node_b(&w.store_->staff(), &w.store_->cluster(), w.audit_, w.keys_, &w.clock_);
  const std::string email =
      w.AddUser(Role::kHandler, true, "new.handler@test.invalid", "SUFFOLK-POLICE", true);
  const std::string token = w.Login(Role::kHandler, email);
  EXPECT_TRUE(w.Session(token)->must_change_password);
  auto on_b = node_b.Authenticate(token);  // node B keeps it in memory from here
  ASSERT_TRUE(on_b.ok());
  EXPECT_TRUE((*on_b)->must_change_password);

  auto same = w.auth_->ChangePassword(token, kStaffPassword, kStaffPassword);
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(w.Session(token)->must_change_password);

  ASSERT_TRUE(w.auth_->ChangePassword(token, kStaffPassword, "a password of my own").ok());
  EXPECT_FALSE(w.Session(token)->must_change_password);
  on_b = node_b.Authenticate(token);
  ASSERT_TRUE(on_b.ok());
  EXPECT_FALSE((*on_b)->must_change_password);  // node B read it afresh
  EXPECT_TRUE((*on_b)->service_key.has_value());
  auto row = w.store_->staff().FindUserByEmail(email);
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_FALSE((*row)->must_change_password);
  EXPECT_TRUE(w.Audited((*row)->id, "password.first_changed"));

  // The next sign-in, with the holder's own password, is free from the start.
  w.Advance(30);
  auto again = w.auth_->Login(email, "a password of my own", w.Code(email));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(w.Session(*again)->must_change_password);
  // Accounts made any other way (invitations, the demo) have none to change.
  EXPECT_FALSE(w.Session(w.Login(Role::kSupervisor))->must_change_password);
}

TEST(PasswordTest, RecoveryCodeOpensTheKeyAndWrongOnesDoNot) {
  auto made = crypto::MakeUserKey("a password of some length");
  ASSERT_TRUE(made.ok());
  auto by_pw = crypto::UnlockUserKey(made->stored, "a password of some length");
  ASSERT_TRUE(by_pw.ok());
  auto by_code = crypto::UnlockUserKeyWithRecovery(made->stored, made->recovery_code);
  ASSERT_TRUE(by_code.ok());
  EXPECT_EQ(by_pw->private_key.view(), by_code->private_key.view());
  EXPECT_FALSE(crypto::UnlockUserKeyWithRecovery(made->stored, "AAAA").ok());
  EXPECT_FALSE(crypto::UnlockUserKey(made->stored, "a password of some lengtH").ok());
  EXPECT_FALSE(crypto::MakeUserKey("elevenchars").ok());
  // Nothing stored contains the private key or the password.
  for (const std::string* s : {&made->stored.wrapped_by_password, &made->stored.wrapped_by_recovery,
                               &made->stored.password.verifier}) {
    EXPECT_EQ(s->find(by_pw->private_key.str()), std::string::npos);
    EXPECT_EQ(s->find("a password"), std::string::npos);
  }
}

// OWASP ASVS 2.1.1-2.1.4: characters, not bytes; a run of spaces counts
// once; any character; 128 at most; nothing cut off.
TEST(PasswordTest, RulesCountCharactersNotBytesAndNeverTruncate) {
  auto repeat = [](std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  struct Case {
    std::string password;
    bool ok;
  };
  const std::vector<Case> cases = {
      {repeat("a", 11), false},
      {repeat("a", 12), true},
      {repeat("\xc3\xa9", 11), false},         // 22 bytes, 11 characters
      {repeat("\xc3\xa9", 12), true},          // é twelve times
      {repeat("\xf0\x9f\x9a\xa2", 12), true},  // twelve ships (emoji)
      {"a" + std::string(11, ' '), false},     // two characters once spaces are combined
      {"ab cd ef gh ij kl", true},
      {repeat("a", 128), true},
      {repeat("a", 129), false},
      {repeat("\xf0\x9f\x9a\xa2", 128), true},  // 512 bytes, 128 characters
      {repeat("\xf0\x9f\x9a\xa2", 129), false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(crypto::CheckNewPassword(c.password).empty(), c.ok) << c.password;
  }
  EXPECT_NE(crypto::CheckNewPassword(repeat("a", 11)).find("at least 12 characters"),
            std::string::npos);
  EXPECT_NE(crypto::CheckNewPassword(repeat("a", 129)).find("at most 128 characters"),
            std::string::npos);
  // Every character counts: the longest password differs from itself with
  // its last character changed.
  const std::string longest = repeat("\xf0\x9f\x9a\xa2", 127) + "x";
  auto made = crypto::MakeUserKey(longest);
  ASSERT_TRUE(made.ok());
  EXPECT_TRUE(crypto::UnlockUserKey(made->stored, longest).ok());
  EXPECT_FALSE(
      crypto::UnlockUserKey(made->stored, longest.substr(0, longest.size() - 1) + "y").ok());
  EXPECT_FALSE(crypto::UnlockUserKey(made->stored, longest.substr(0, longest.size() - 1)).ok());
  EXPECT_FALSE(crypto::UnlockUserKey(made->stored, longest + std::string(600, 'x')).ok());
}

TEST(TotpTest, MatchesRfc6238AndTheUriCarriesTheSecret) {
  // RFC 6238 appendix B, SHA-1 secret "12345678901234567890": at T=59 the
  // 8-digit code is 94287082, so the 6-digit code is 287082.
  crypto::SecretBytes secret(std::string_view("12345678901234567890"));
  EXPECT_EQ(crypto::TotpCode(secret, 59), "287082");
  EXPECT_EQ(crypto::TotpCode(secret, 1111111109), "081804");
  std::string uri = crypto::TotpUri(secret, "a b@x.invalid");
  EXPECT_EQ(uri.rfind("otpauth://totp/PortSafe:a%20b@x.invalid?secret=", 0), 0u) << uri;
  auto back = crypto::TotpSecretFromUri(uri);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->view(), secret.view());
  EXPECT_TRUE(crypto::VerifyTotp(secret, "287082", 59, 0).ok());
  EXPECT_TRUE(crypto::VerifyTotp(secret, "287082", 59 + 30, 0).ok());  // one step late
  EXPECT_FALSE(crypto::VerifyTotp(secret, "287082", 59 + 90, 0).ok());
  EXPECT_EQ(crypto::VerifyTotp(secret, "287082", 59, 1).error().code(),  // step 1 already used
            ErrorCode::kAlreadyExists);
  EXPECT_FALSE(crypto::VerifyTotp(secret, "28708", 59, 0).ok());
}

}  // namespace
}  // namespace portsafe::service

namespace portsafe::service {
namespace {

// The sweeper forgets an expired session, and the keys it holds, without
// waiting for its token to come back; a live one stays.
TEST(AuthServiceTest, ExpiredSessionsLeaveMemoryAtTheNextSweep) {
  StaffWorld w;
  AuthServiceImpl auth(&w.store_->staff(), &w.store_->cluster(), w.audit_, w.keys_, &w.clock_);
  w.Advance(30);
  auto first =
      auth.Login("handler@test.invalid", testing::kStaffPassword, w.Code("handler@test.invalid"));
  ASSERT_TRUE(first.ok());
  w.Advance(20 * 60);
  auto second = auth.Login("supervisor@test.invalid", testing::kStaffPassword,
                           w.Code("supervisor@test.invalid"));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(auth.sessions_in_memory(), 2u);
  auth.SweepExpired();
  EXPECT_EQ(auth.sessions_in_memory(), 2u);  // both live
  w.Advance(15 * 60);                        // the first idle for 35 minutes
  auth.SweepExpired();
  EXPECT_EQ(auth.sessions_in_memory(), 1u);
  EXPECT_FALSE(auth.Authenticate(*first).ok());
  EXPECT_TRUE(auth.Authenticate(*second).ok());
  // Signed out on another node: gone here at the next sweep too.
  AuthServiceImpl other(&w.store_->staff(), &w.store_->cluster(), w.audit_, w.keys_, &w.clock_);
  other.Logout(*second);
  EXPECT_EQ(auth.sessions_in_memory(), 1u);
  auth.SweepExpired();
  EXPECT_EQ(auth.sessions_in_memory(), 0u);
}

}  // namespace
}  // namespace portsafe::service
