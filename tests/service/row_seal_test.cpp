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

// Rows written before seals existed are sealed once per data directory;
// a seal emptied in the database afterwards is never made again, so it
// stays refused.
TEST_F(RowSealTest, OlderRowsAreSealedOnceAndNeverAgain) {
  const RowSeal seal(w_.keys_.instance_secret);
  Sql("UPDATE users SET row_mac=x''");
  Sql("UPDATE agencies SET row_mac=x''");
  const std::string marker = w_.data_ + "/rows.sealed";
  auto sealed = SealOlderRows(&w_.store_->staff(), &w_.store_->membership(), seal, marker);
  ASSERT_TRUE(sealed.ok()) << sealed.error().message();
  EXPECT_EQ(*sealed, static_cast<int>(w_.store_->staff().ListUsers()->size() +
                                      w_.store_->staff().ListAgencies()->size()));
  const auto users = w_.store_->staff().ListUsers();
  for (const auto& u : *users) EXPECT_TRUE(seal.UserIntact(u)) << u.email;
  const auto agencies = w_.store_->staff().ListAgencies();
  for (const auto& a : *agencies) EXPECT_TRUE(seal.AgencyIntact(a)) << a.code;

  Sql("UPDATE users SET row_mac=x'' WHERE email='handler@test.invalid'");
  EXPECT_EQ(*SealOlderRows(&w_.store_->staff(), &w_.store_->membership(), seal, marker), 0);
  EXPECT_FALSE(seal.UserIntact(User("handler@test.invalid")));
}

}  // namespace
}  // namespace portsafe::service
