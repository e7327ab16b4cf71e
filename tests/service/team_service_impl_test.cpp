// Giving colleagues the keys they need, against the real store (StaffWorld).
#include "service/team_service_impl.h"

#include <gtest/gtest.h>

#include "service/staff_world.h"

namespace portsafe::service {
namespace {

using core::Role;
using testing::StaffWorld;

const TeamMember* Find(const std::vector<TeamMember>& team, const std::string& email) {
  for (const auto& m : team) {
    if (m.email == email) return &m;
  }
  return nullptr;
}

TEST(TeamServiceTest, ASupervisorGivesTheServiceKeyToANewHandler) {
  StaffWorld w;
  const std::string email = w.AddUser(Role::kHandler, false, "new@test.invalid");
  auto sup = w.Session(w.Login(Role::kSupervisor));
  auto team = w.team_->List(*sup);
  ASSERT_TRUE(team.ok());
  // Handlers and supervisors only, with who holds the key.
  for (const auto& m : *team) EXPECT_TRUE(m.role == "handler" || m.role == "supervisor") << m.role;
  const TeamMember* fresh = Find(*team, email);
  ASSERT_NE(fresh, nullptr);
  EXPECT_FALSE(fresh->holds_key);
  EXPECT_TRUE(fresh->can_give);
  EXPECT_TRUE(Find(*team, "handler@test.invalid")->holds_key);
  EXPECT_FALSE(Find(*team, "handler@test.invalid")->can_give);

  // Before: signed in, but no key and no report.
  w.Submit("MARKER-TEAM");
  auto before = w.Session(w.Login(Role::kHandler, email));
  EXPECT_FALSE(before->service_key.has_value());
  ASSERT_TRUE(w.team_->GiveKey(*sup, fresh->id).ok());
  // The key opens at the next sign-in and reads the report.
  auto after = w.Session(w.Login(Role::kHandler, email));
  ASSERT_TRUE(after->service_key.has_value());
  auto r = w.handling_->Open(*after, w.LastReportId());
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->report.fields.description, "MARKER-TEAM");
  EXPECT_TRUE(Find(*w.team_->List(*sup), email)->holds_key);
  EXPECT_TRUE(w.Audited(fresh->id, "key.granted"));
}

TEST(TeamServiceTest, KeysGoOnlyWhereTheyBelongAndOnlyFromWhoHoldsThem) {
  StaffWorld w;
  auto sup = w.Session(w.Login(Role::kSupervisor));
  auto officer = w.Session(w.Login(Role::kAgency));  // Suffolk, holding its key
  auto handler = w.Session(w.Login(Role::kHandler));
  auto admin = w.Session(w.Login(Role::kAdmin));
  auto users = w.store_->staff().ListUsers();
  ASSERT_TRUE(users.ok());
  auto id_of = [&](const std::string& email) {
    for (const auto& u : *users) {
      if (u.email == email) return u.id;
    }
    return std::string();
  };
  // The service key never goes to an officer, an admin or a port manager.
  for (const char* email :
       {"agency@test.invalid", "admin@test.invalid", "port-manager@test.invalid"}) {
    EXPECT_EQ(w.team_->GiveKey(*sup, id_of(email)).error().code(), ErrorCode::kPermissionDenied)
        << email;
  }
  EXPECT_EQ(w.team_->GiveKey(*sup, "0000000000000000").error().code(), ErrorCode::kNotFound);
  // Handlers give nothing; admins see everyone and give nothing.
  EXPECT_EQ(w.team_->List(*handler).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(w.team_->GiveKey(*handler, id_of("agency@test.invalid")).error().code(),
            ErrorCode::kPermissionDenied);
  auto all = w.team_->List(*admin);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), users->size());
  for (const auto& m : *all) EXPECT_FALSE(m.can_give);
  EXPECT_EQ(w.team_->GiveKey(*admin, id_of("handler@test.invalid")).error().code(),
            ErrorCode::kPermissionDenied);

  // An officer gives the agency key to a colleague of the same agency only.
  const std::string colleague = w.AddUser(Role::kAgency, false, "colleague@test.invalid");
  const std::string nca = w.AddUser(Role::kAgency, false, "nca-new@test.invalid", "NCA");
  auto team = w.team_->List(*officer);
  ASSERT_TRUE(team.ok());
  EXPECT_NE(Find(*team, colleague), nullptr);
  EXPECT_EQ(Find(*team, nca), nullptr);
  EXPECT_EQ(Find(*team, "handler@test.invalid"), nullptr);
  EXPECT_TRUE(Find(*team, colleague)->can_give);
  ASSERT_TRUE(w.team_->GiveKey(*officer, Find(*team, colleague)->id).ok());
  auto users2 = w.store_->staff().ListUsers();
  std::string nca_id;
  for (const auto& u : *users2) {
    if (u.email == nca) nca_id = u.id;
  }
  EXPECT_EQ(w.team_->GiveKey(*officer, nca_id).error().code(), ErrorCode::kPermissionDenied);
  auto c = w.Session(w.Login(Role::kAgency, colleague));
  ASSERT_TRUE(c->agency_key.has_value());
  EXPECT_EQ(c->agency_key->private_key.view(),
            w.agency_keys_.at("SUFFOLK-POLICE").private_key.view());
}

// A supervisor takes the service key back from a handler: the grant goes,
// the handler's live session answers "sign in" at once, and signed in
// again they hold no key. Not from oneself, not a key one does not give,
// and an officer only from a fellow officer of the same agency.
TEST(TeamServiceTest, AKeyTakenBackEndsTheHoldersSessionsAndOpensNothingAfter) {
  StaffWorld w;
  auto sup = w.Session(w.Login(Role::kSupervisor));
  const std::string handler_token = w.Login(Role::kHandler);
  const std::string handler_id = w.Session(handler_token)->user_id;
  const auto before = w.team_->List(*sup);  // Find points into it
  ASSERT_TRUE(before.ok());
  const TeamMember* listed = Find(*before, "handler@test.invalid");
  ASSERT_NE(listed, nullptr);
  EXPECT_TRUE(listed->can_take);
  EXPECT_FALSE(Find(*w.team_->List(*sup), "supervisor@test.invalid")->can_take);  // oneself

  ASSERT_TRUE(w.team_->TakeKeyBack(*sup, handler_id).ok());
  EXPECT_FALSE(w.auth_->Authenticate(handler_token).ok());
  EXPECT_TRUE(w.store_->staff().ListKeyGrants(handler_id)->empty());
  EXPECT_TRUE(w.Audited(handler_id, "key.taken_back"));
  auto again = w.Session(w.Login(Role::kHandler));
  EXPECT_FALSE(again->service_key.has_value());
  const auto later = w.team_->List(*sup);
  ASSERT_TRUE(later.ok());
  const TeamMember* after = Find(*later, "handler@test.invalid");
  ASSERT_NE(after, nullptr);
  EXPECT_FALSE(after->holds_key);
  EXPECT_FALSE(after->can_take);
  EXPECT_EQ(w.team_->TakeKeyBack(*sup, handler_id).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(w.team_->TakeKeyBack(*sup, sup->user_id).error().code(), ErrorCode::kInvalidArgument);

  auto officer = w.Session(w.Login(Role::kAgency));  // Suffolk
  const std::string kent = w.AddOfficer("KENT-POLICE", "officer@kent.test.invalid");
  const std::string kent_id = (*w.store_->staff().FindUserByEmail(kent))->id;
  EXPECT_EQ(w.team_->TakeKeyBack(*officer, kent_id).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(w.team_->TakeKeyBack(*officer, sup->user_id).error().code(),
            ErrorCode::kPermissionDenied);
  auto handler = w.Session(w.Login(Role::kHandler));
  EXPECT_EQ(w.team_->TakeKeyBack(*handler, sup->user_id).error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_FALSE(w.store_->staff().ListKeyGrants(kent_id)->empty());
}

// The programme admin's accounts view: every account with its state, and
// disable, enable, set-role and remove, never on their own account, and
// nobody else may. A disabled account's live session ends at once.
TEST(TeamServiceTest, TheAdminStopsStartsAndRemovesAccountsAndNobodyElseMay) {
  StaffWorld w;
  auto admin = w.Session(w.Login(Role::kAdmin));
  const std::string handler_token = w.Login(Role::kHandler);
  const std::string handler_id = w.Session(handler_token)->user_id;
  w.AddUser(Role::kHandler, true, "first@test.invalid", "SUFFOLK-POLICE", true);
  const auto team = w.team_->List(*admin);
  ASSERT_TRUE(team.ok());
  EXPECT_EQ(Find(*team, "handler@test.invalid")->state, "active");
  EXPECT_TRUE(Find(*team, "handler@test.invalid")->can_change);
  EXPECT_EQ(Find(*team, "first@test.invalid")->state, "first-password");
  EXPECT_FALSE(Find(*team, "admin@test.invalid")->can_change);  // their own

  ASSERT_TRUE(w.team_->ChangeAccount(*admin, handler_id, AccountChange::kDisable, {}).ok());
  EXPECT_FALSE(w.auth_->Authenticate(handler_token).ok());
  EXPECT_TRUE(w.store_->staff().ListKeyGrants(handler_id)->empty());
  EXPECT_EQ(Find(*w.team_->List(*admin), "handler@test.invalid")->state, "disabled");
  EXPECT_TRUE(w.Audited(handler_id, "user.disabled"));
  w.Advance(30);
  EXPECT_FALSE(
      w.auth_
          ->Login("handler@test.invalid", testing::kStaffPassword, w.Code("handler@test.invalid"))
          .ok());
  ASSERT_TRUE(w.team_->ChangeAccount(*admin, handler_id, AccountChange::kEnable, {}).ok());
  auto back = w.Session(w.Login(Role::kHandler));
  EXPECT_FALSE(back->service_key.has_value());  // a colleague gives it again

  ASSERT_TRUE(
      w.team_->ChangeAccount(*admin, handler_id, AccountChange::kSetRole, Role::kSupervisor).ok());
  EXPECT_EQ((*w.store_->staff().FindUserById(handler_id))->role, "supervisor");
  EXPECT_EQ(w.team_->ChangeAccount(*admin, handler_id, AccountChange::kSetRole, Role::kSupervisor)
                .error()
                .code(),
            ErrorCode::kAlreadyExists);
  const std::string officer_id = (*w.store_->staff().FindUserByEmail("agency@test.invalid"))->id;
  EXPECT_EQ(w.team_->ChangeAccount(*admin, officer_id, AccountChange::kSetRole, Role::kAdmin)
                .error()
                .code(),
            ErrorCode::kInvalidArgument);  // officers belong to their agency

  // Never their own account; nobody but the admin; no such account.
  for (AccountChange c : {AccountChange::kDisable, AccountChange::kRemove}) {
    EXPECT_EQ(w.team_->ChangeAccount(*admin, admin->user_id, c, {}).error().code(),
              ErrorCode::kInvalidArgument);
  }
  for (Role r : {Role::kSupervisor, Role::kAgency, Role::kPortManager}) {
    auto other = w.Session(w.Login(r));
    EXPECT_EQ(
        w.team_->ChangeAccount(*other, handler_id, AccountChange::kDisable, {}).error().code(),
        ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(w.team_->ChangeAccount(*admin, "0000000000000000", AccountChange::kDisable, {})
                .error()
                .code(),
            ErrorCode::kNotFound);

  ASSERT_TRUE(w.team_->ChangeAccount(*admin, handler_id, AccountChange::kRemove, {}).ok());
  EXPECT_FALSE(w.store_->staff().FindUserById(handler_id)->has_value());
  EXPECT_TRUE(w.Audited(handler_id, "user.removed"));  // its entries stay
  EXPECT_EQ(Find(*w.team_->List(*admin), "handler@test.invalid"), nullptr);
}

}  // namespace
}  // namespace portsafe::service
