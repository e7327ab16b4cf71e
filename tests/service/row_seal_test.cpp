// Rows the database holds about staff and agencies, and the public URL,
// changed by whoever can write the database: each is refused where it
// would matter, and the refusal audited.
#include "service/row_seal.h"

#include <gtest/gtest.h>

#include "crypto/sealed_box.h"
#include "service/instance.h"
#include "service/staff_world.h"
#include "store/sqlite_conn.h"

namespace portsafe::service {
namespace {

using core::Role;
using testing::StaffWorld;

class RowSealTest : public ::testing::Test {
 protected:
  void Sql(const std::string& sql) {
    auto conn = store::SqliteConn::Open(service::DatabasePath(w_.data_), false);
    ASSERT_TRUE(conn.ok());
    std::unique_ptr<store::SqliteConn> c(std::move(*conn));
    ASSERT_TRUE(c->Exec(sql.c_str()).ok()) << sql;
  }
  void SetPublicKey(const std::string& email, const std::string& key) {
    Sql("UPDATE users SET public_key=x'" + crypto::ToHex(key) + "' WHERE email='" + email + "'");
  }
  store::UserRow User(const std::string& email) {
    return **w_.store_->staff().FindUserByEmail(email);
  }
  StaffWorld w_;
};

// The acceptance test: a handler's public key swapped for an attacker's
// makes the supervisor's "give key" refuse (so the service key is never
// sealed to the attacker), and the refusal is audited. Put back, it gives.
TEST_F(RowSealTest, ASwappedHandlerKeyMakesGiveKeyRefuseAndTheRefusalIsAudited) {
  const std::string email = w_.AddUser(Role::kHandler, false, "new-handler@test.invalid");
  const std::string id = User(email).id;
  const std::string original = User(email).public_key;
  auto supervisor = w_.Session(w_.Login(Role::kSupervisor));
  ASSERT_TRUE(supervisor->service_key.has_value());
  const crypto::KeyPair attacker = crypto::GenerateKeyPair();
  SetPublicKey(email, attacker.public_key);

  auto refused = w_.team_->GiveKey(*supervisor, id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(refused.error().message().find("changed outside PortSafe"), std::string::npos);
  EXPECT_TRUE(w_.Audited(id, "key.refused_changed_row"));
  EXPECT_TRUE(w_.store_->staff().ListKeyGrants(id)->empty());  // nothing sealed to anyone

  SetPublicKey(email, original);
  ASSERT_TRUE(w_.team_->GiveKey(*supervisor, id).ok());
  EXPECT_EQ(w_.store_->staff().ListKeyGrants(id)->size(), 1u);
}

// A role (or agency, or key) changed in the database opens no session, even
// with the right password and code; the row restored signs in again.
TEST_F(RowSealTest, AChangedRoleOpensNoSession) {
  const std::string email = "handler@test.invalid";
  const std::string id = User(email).id;
  Sql("UPDATE users SET role='supervisor' WHERE email='" + email + "'");
  w_.Advance(30);
  auto r = w_.auth_->Login(email, testing::kStaffPassword, w_.Code(email));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(w_.Audited(id, "login.changed_row"));
  Sql("UPDATE users SET role='handler' WHERE email='" + email + "'");
  w_.Advance(30);
  auto again = w_.auth_->Login(email, testing::kStaffPassword, w_.Code(email));
  EXPECT_TRUE(again.ok()) << again.error().message();
}

// The public URL goes into posters and invitation links: one changed in
// the database is not used (links stay relative) and the refusal is
// audited; `config` sets it, and its seal, again.
TEST_F(RowSealTest, AChangedPublicUrlIsNotUsed) {
  const RowSeal seal(w_.keys_.instance_secret);
  store::MembershipStore* settings = &w_.store_->membership();
  ASSERT_TRUE(PutSealedSetting(settings, seal, "public_url", "https://portsafe.test").ok());
  EXPECT_EQ(*GetSealedSetting(settings, seal, "public_url"), "https://portsafe.test");
  ASSERT_TRUE(settings->PutSetting("public_url", "https://attacker.example").ok());
  auto got = GetSealedSetting(settings, seal, "public_url");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code(), ErrorCode::kPermissionDenied);

  auto store = w_.OpenStore();
  ASSERT_TRUE(store.ok()) << store.error().message();
  auto services = Services::Open(std::move(*store), w_.keys_, &w_.clock_);
  ASSERT_TRUE(services.ok()) << services.error().message();
  EXPECT_EQ((*services)->public_url(), "");
  EXPECT_TRUE(w_.Audited("public_url", "setting.refused"));
}

// Rows written before seals existed are listed, and sealed only when the
// operator says so; until then each is refused. A seal there but not
// matching is never made again.
TEST_F(RowSealTest, OlderRowsAreSealedOnlyWhenTheOperatorSaysSo) {
  const RowSeal seal(w_.keys_.instance_secret);
  Sql("UPDATE users SET row_mac=x'' WHERE email IN ('handler@test.invalid', 'admin@test.invalid')");
  Sql("UPDATE agencies SET row_mac=x'' WHERE code='JMSC'");
  Sql("UPDATE users SET role='supervisor' WHERE email='agency@test.invalid'");  // changed
  EXPECT_FALSE(seal.UserIntact(User("handler@test.invalid")));
  auto listed = SealOlderRows(&w_.store_->staff(), &w_.store_->membership(), seal, false);
  ASSERT_TRUE(listed.ok()) << listed.error().message();
  EXPECT_EQ(*listed,
            (std::vector<std::string>{"user admin@test.invalid (admin)",
                                      "user handler@test.invalid (handler)", "agency JMSC"}));
  EXPECT_FALSE(seal.UserIntact(User("handler@test.invalid")));  // listed, not sealed
  auto sealed = SealOlderRows(&w_.store_->staff(), &w_.store_->membership(), seal, true);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->size(), 3u);
  EXPECT_TRUE(seal.UserIntact(User("handler@test.invalid")));
  EXPECT_TRUE(seal.AgencyIntact(**w_.store_->staff().FindAgency("JMSC")));
  EXPECT_FALSE(seal.UserIntact(User("agency@test.invalid")));  // never sealed again
  EXPECT_TRUE(SealOlderRows(&w_.store_->staff(), &w_.store_->membership(), seal, true)->empty());
}

// A disabled account set enabled in the database no longer matches its
// seal, so it signs in to nothing.
TEST_F(RowSealTest, AnAccountEnabledInTheDatabaseOpensNoSession) {
  const std::string email = "handler@test.invalid";
  const RowSeal seal(w_.keys_.instance_secret);
  store::UserRow u = User(email);
  u.disabled = true;
  ASSERT_TRUE(w_.store_->staff().SetUserDisabled(u.id, true, seal.ForUser(u)).ok());
  Sql("UPDATE users SET disabled=0 WHERE email='" + email + "'");
  w_.Advance(30);
  auto r = w_.auth_->Login(email, testing::kStaffPassword, w_.Code(email));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(w_.Audited(u.id, "login.changed_row"));
}

// An agency officer's key pair is whole whatever the database says: its
// public half comes from the private key. With the agency's row changed,
// the officer's session holds no agency key, and the handler's answer to
// the agency is refused.
TEST_F(RowSealTest, AnAgencyKeySwappedInTheDatabaseIsNotUsedAtSignIn) {
  const crypto::KeyPair attacker = crypto::GenerateKeyPair();
  Sql("UPDATE agencies SET public_key=x'" + crypto::ToHex(attacker.public_key) +
      "' WHERE code='SUFFOLK-POLICE'");
  auto officer = w_.Session(w_.Login(Role::kAgency));
  EXPECT_FALSE(officer->agency_key.has_value());
  EXPECT_TRUE(w_.Audited("SUFFOLK-POLICE", "login.agency_changed"));
}

}  // namespace
}  // namespace portsafe::service
