// Joining the scheme: an application, the admin's decision, the invitation
// and the new security manager's first sign-in; suspension; the newsletter.
#include "service/membership_service_impl.h"

#include <gtest/gtest.h>

#include "crypto/totp.h"
#include "service/facilities.h"
#include "service/instance.h"
#include "service/staff_world.h"
#include "store/sqlite_conn.h"

namespace portsafe::service {
namespace {

using portsafe::testing::StaffWorld;
using ::testing::_;
using ::testing::DoAll;
using ::testing::Return;
using ::testing::SaveArg;

ApplicationForm Form() {
  return {"Hutchison Ports", "Felixstowe", "Landguard Terminal", "PFSO@Landguard.example", "120"};
}

// The token at the end of an invitation link.
std::string TokenOf(const std::string& link) { return link.substr(link.rfind('/') + 1); }

class MembershipTest : public ::testing::Test {
 protected:
  std::shared_ptr<const StaffSession> Admin() { return w_.Session(w_.Login(core::Role::kAdmin)); }
  StaffWorld w_;
};

// Only port security managers are ever invited: an invitation whose role
// was changed in the database (to supervisor, say, which would then be
// sealed as genuine and given the service key) is refused and audited.
TEST_F(MembershipTest, AnInvitationChangedInTheDatabaseMakesNoAccount) {
  auto id = w_.membership_->Apply(Form());
  ASSERT_TRUE(id.ok());
  Mail sent;
  EXPECT_CALL(w_.mail_, Send(_)).WillOnce(DoAll(SaveArg<0>(&sent), Return(Status::Ok())));
  auto approval = w_.membership_->Approve(*Admin(), *id, "");
  ASSERT_TRUE(approval.ok()) << approval.error().message();
  const size_t at = sent.body.find("https://portsafe.test/invite/");
  ASSERT_NE(at, std::string::npos) << sent.body;
  const std::string link = sent.body.substr(at, sent.body.find('\n', at) - at);
  {
    auto conn = store::SqliteConn::Open(service::DatabasePath(w_.data_), false);
    ASSERT_TRUE(conn.ok());
    std::unique_ptr<store::SqliteConn> c(std::move(*conn));
    ASSERT_TRUE(c->Exec("UPDATE invitations SET role='supervisor', facility_code=''").ok());
  }
  auto user = w_.membership_->AcceptInvitation(TokenOf(link), "a long enough passphrase");
  ASSERT_FALSE(user.ok());
  EXPECT_EQ(user.error().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(w_.store_->staff().FindUserByEmail("pfso@landguard.example")->has_value());
  EXPECT_TRUE(w_.Audited("", "invitation.refused_changed_row"));
}

TEST_F(MembershipTest, ApplyApproveInviteAndSignIn) {
  auto id = w_.membership_->Apply(Form());
  ASSERT_TRUE(id.ok()) << id.error().message();
  auto admin = Admin();
  auto apps = w_.membership_->Applications(*admin);
  ASSERT_TRUE(apps.ok());
  ASSERT_EQ(apps->size(), 1u);
  EXPECT_EQ(apps->at(0).port_code, "GBFXT");
  EXPECT_EQ(apps->at(0).email, "pfso@landguard.example");
  EXPECT_EQ(apps->at(0).staff_count, 120);

  Mail sent;
  EXPECT_CALL(w_.mail_, Send(_)).WillOnce(DoAll(SaveArg<0>(&sent), Return(Status::Ok())));
  auto approval = w_.membership_->Approve(*admin, *id, "");
  ASSERT_TRUE(approval.ok()) << approval.error().message();
  EXPECT_EQ(approval->facility_code, "GBFXT-LANDGUARD");
  EXPECT_TRUE(approval->mailed);
  EXPECT_TRUE(approval->invitation_link.empty());  // mailed: the admin never holds it
  EXPECT_EQ(sent.to, "pfso@landguard.example");
  const size_t at = sent.body.find("https://portsafe.test/invite/");
  ASSERT_NE(at, std::string::npos) << sent.body;
  const std::string link = sent.body.substr(at, sent.body.find('\n', at) - at);
  EXPECT_NE(sent.body.find("https://portsafe.test/r/GBFXT-LANDGUARD"), std::string::npos);
  EXPECT_TRUE(w_.Audited("GBFXT-LANDGUARD", "application.approved"));

  auto facility = w_.store_->reports().FindFacility("GBFXT-LANDGUARD");
  ASSERT_TRUE(facility.ok() && facility->has_value());
  EXPECT_EQ((*facility)->operator_group, "Hutchison Ports");
  EXPECT_EQ((*facility)->status, "active");

  // The invitation sets the password; the TOTP secret is shown once.
  auto inv = w_.membership_->FindInvitation(TokenOf(link));
  ASSERT_TRUE(inv.ok());
  EXPECT_EQ(inv->facility_code, "GBFXT-LANDGUARD");
  EXPECT_EQ(w_.membership_->AcceptInvitation(TokenOf(link), "short").error().code(),
            ErrorCode::kInvalidArgument);  // and the invitation is still there
  auto first = w_.membership_->AcceptInvitation(TokenOf(link), "a long enough passphrase");
  ASSERT_TRUE(first.ok()) << first.error().message();
  EXPECT_FALSE(first->recovery_code.empty());
  auto first_secret = crypto::TotpSecretFromUri(first->totp_uri);
  ASSERT_TRUE(first_secret.ok());
  // Not live until a code from the app is typed: the right password and
  // code do not sign in.
  EXPECT_EQ(w_.auth_
                ->Login("pfso@landguard.example", "a long enough passphrase",
                        crypto::TotpCode(*first_secret, w_.Now()))
                .error()
                .code(),
            ErrorCode::kUnauthenticated);
  // The link opened again (the page with the secret was lost) starts over:
  // a new account, and the first one's secret no longer confirms anything.
  w_.Advance(60);
  auto user = w_.membership_->AcceptInvitation(TokenOf(link), "a long enough passphrase");
  ASSERT_TRUE(user.ok()) << user.error().message();
  EXPECT_NE(user->id, first->id);
  EXPECT_FALSE(w_.store_->staff().FindUserById(first->id)->has_value());
  auto secret = crypto::TotpSecretFromUri(user->totp_uri);
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(
      w_.membership_->ConfirmInvitation(TokenOf(link), crypto::TotpCode(*first_secret, w_.Now()))
          .error()
          .field(),
      "totp");
  EXPECT_EQ(w_.membership_->ConfirmInvitation(TokenOf(link), "").error().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(w_.membership_->ConfirmInvitation(std::string(40, 'a'), "123456").error().code(),
            ErrorCode::kNotFound);
  const std::string confirming = crypto::TotpCode(*secret, w_.Now());
  ASSERT_TRUE(w_.membership_->ConfirmInvitation(TokenOf(link), confirming).ok());
  EXPECT_TRUE(w_.Audited("GBFXT-LANDGUARD", "invitation.confirmed"));
  EXPECT_EQ(w_.membership_->FindInvitation(TokenOf(link)).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(
      w_.membership_->AcceptInvitation(TokenOf(link), "a long enough passphrase").error().code(),
      ErrorCode::kNotFound);
  // The person signs in at once, with the code the app still shows.
  auto token = w_.auth_->Login("pfso@landguard.example", "a long enough passphrase", confirming);
  ASSERT_TRUE(token.ok()) << token.error().message();
  auto manager = w_.Session(*token);
  EXPECT_EQ(manager->role, core::Role::kPortManager);
  EXPECT_EQ(manager->facility_code, "GBFXT-LANDGUARD");
  EXPECT_TRUE(w_.membership_->FacilityFor(*manager, "GBFXT-LANDGUARD").ok());
  EXPECT_EQ(w_.membership_->FacilityFor(*manager, "GBFXT-TRINITY").error().code(),
            ErrorCode::kPermissionDenied);
}

// The token from a fresh approval's mail.
std::string InvitationToken(StaffWorld& w, service::MembershipServiceImpl* m,
                            const StaffSession& admin, const std::string& facility) {
  ApplicationForm f{"Hutchison Ports", "Felixstowe", facility,
                    "pfso@" + facility.substr(0, 5) + ".example", "12"};
  auto id = m->Apply(f);
  EXPECT_TRUE(id.ok());
  Mail sent;
  EXPECT_CALL(w.mail_, Send(_)).WillOnce(DoAll(SaveArg<0>(&sent), Return(Status::Ok())));
  EXPECT_TRUE(m->Approve(admin, *id, "").ok());
  const size_t at = sent.body.find("https://portsafe.test/invite/");
  return TokenOf(sent.body.substr(at, sent.body.find('\n', at) - at));
}

// Once the admin disables or removes an account waiting for its first code,
// its invitation is over: no code brings it back, and the link starts
// nothing over. Five wrong codes end the set-up too.
TEST_F(MembershipTest, TheAdminStopsAWaitingInviteeAndWrongCodesEndTheSetUp) {
  auto admin = Admin();
  for (const auto change : {AccountChange::kDisable, AccountChange::kRemove}) {
    const std::string name = change == AccountChange::kDisable ? "Alpha Quay" : "Bravo Quay";
    const std::string token = InvitationToken(w_, w_.membership_, *admin, name);
    auto user = w_.membership_->AcceptInvitation(token, "a long enough passphrase");
    ASSERT_TRUE(user.ok()) << user.error().message();
    auto secret = crypto::TotpSecretFromUri(user->totp_uri);
    ASSERT_TRUE(w_.team_->ChangeAccount(*admin, user->id, change, std::nullopt).ok());
    EXPECT_EQ(w_.membership_->ConfirmInvitation(token, crypto::TotpCode(*secret, w_.Now()))
                  .error()
                  .code(),
              ErrorCode::kNotFound);
    EXPECT_EQ(w_.membership_->AcceptInvitation(token, "a long enough passphrase").error().code(),
              ErrorCode::kNotFound);
  }

  const std::string token = InvitationToken(w_, w_.membership_, *admin, "Charlie Quay");
  auto user = w_.membership_->AcceptInvitation(token, "a long enough passphrase");
  ASSERT_TRUE(user.ok());
  auto secret = crypto::TotpSecretFromUri(user->totp_uri);
  const std::string right = crypto::TotpCode(*secret, w_.Now());
  const std::string wrong = right == "000000" ? "111111" : "000000";
  for (int i = 1; i < 5; ++i) {
    EXPECT_NE(w_.membership_->ConfirmInvitation(token, wrong).error().message().find("not right"),
              std::string::npos);
  }
  EXPECT_NE(w_.membership_->ConfirmInvitation(token, wrong).error().message().find("start over"),
            std::string::npos);
  EXPECT_FALSE(w_.store_->staff().FindUserById(user->id)->has_value());
  EXPECT_EQ(w_.membership_->ConfirmInvitation(token, right).error().code(), ErrorCode::kNotFound);
  // The link still starts it over, and a right code then makes it live.
  auto again = w_.membership_->AcceptInvitation(token, "a long enough passphrase");
  ASSERT_TRUE(again.ok());
  auto secret2 = crypto::TotpSecretFromUri(again->totp_uri);
  EXPECT_TRUE(w_.membership_->ConfirmInvitation(token, crypto::TotpCode(*secret2, w_.Now())).ok());
  // Live: opening the link again can no longer replace it.
  EXPECT_EQ(w_.membership_->AcceptInvitation(token, "a long enough passphrase").error().code(),
            ErrorCode::kNotFound);
  EXPECT_TRUE(w_.store_->staff().FindUserById(again->id)->has_value());
}

TEST_F(MembershipTest, WithoutAMailServerTheAdminGetsTheLinkToPassOn) {
  EXPECT_CALL(w_.mail_, Send(_)).WillOnce(Return(Status(Unavailable("refused"))));
  auto id = w_.membership_->Apply(Form());
  ASSERT_TRUE(id.ok());
  auto admin = Admin();
  auto approval = w_.membership_->Approve(*admin, *id, "GBFXT-LG2");
  ASSERT_TRUE(approval.ok());
  EXPECT_FALSE(approval->mailed);
  EXPECT_EQ(approval->facility_code, "GBFXT-LG2");
  EXPECT_TRUE(w_.membership_->FindInvitation(TokenOf(approval->invitation_link)).ok());
  // Decided once.
  EXPECT_EQ(w_.membership_->Approve(*admin, *id, "").error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(w_.membership_->Decline(*admin, *id, "late").error().code(), ErrorCode::kAlreadyExists);
}

TEST_F(MembershipTest, InvitationsExpireAfterSevenDays) {
  auto id = w_.membership_->Apply(Form());
  auto admin = Admin();
  EXPECT_CALL(w_.mail_, Send(_)).WillOnce(Return(Status(Unavailable("none"))));
  auto approval = w_.membership_->Approve(*admin, *id, "");
  ASSERT_TRUE(approval.ok());
  w_.Advance(MembershipServiceImpl::kInvitationSeconds);
  EXPECT_EQ(w_.membership_->FindInvitation(TokenOf(approval->invitation_link)).error().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(w_.membership_->FindInvitation("not-a-token").error().code(), ErrorCode::kNotFound);
}

TEST_F(MembershipTest, DeclineNeedsAReasonAndOnlyTheAdminDecides) {
  auto id = w_.membership_->Apply(Form());
  ASSERT_TRUE(id.ok());
  auto handler = w_.Session(w_.Login(core::Role::kHandler));
  EXPECT_EQ(w_.membership_->Applications(*handler).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(w_.membership_->Approve(*handler, *id, "").error().code(),
            ErrorCode::kPermissionDenied);
  auto admin = Admin();
  EXPECT_EQ(w_.membership_->Decline(*admin, *id, "  ").error().code(), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(w_.membership_->Decline(*admin, *id, "Not a port facility").ok());
  auto apps = w_.membership_->Applications(*admin);
  EXPECT_EQ(apps->at(0).status, "declined");
  EXPECT_EQ(apps->at(0).reason, "Not a port facility");
  EXPECT_TRUE(w_.Audited(*id, "application.declined"));
}

TEST_F(MembershipTest, ApplicationsAreCheckedFieldByField) {
  auto bad = [&](ApplicationForm f) { return w_.membership_->Apply(f).error().field(); };
  ApplicationForm f = Form();
  f.operator_group = "";
  EXPECT_EQ(bad(f), "operator");
  f = Form();
  f.port = "Atlantis";
  EXPECT_EQ(bad(f), "port");
  f = Form();
  f.facility_name = "x";
  EXPECT_EQ(bad(f), "facility_name");
  f = Form();
  f.email = "not an address";
  EXPECT_EQ(bad(f), "email");
  for (const char* n : {"", "0", "-3", "12a", "99999999"}) {
    f = Form();
    f.staff_count = n;
    EXPECT_EQ(bad(f), "staff_count") << n;
  }
  f = Form();
  f.facility_name = "Line\nbreak";
  EXPECT_EQ(bad(f), "facility_name");
}

TEST_F(MembershipTest, SuspendedFacilitiesAndCodes) {
  auto admin = Admin();
  EXPECT_EQ(w_.membership_->SetFacilityStatus(*admin, "GBFXT-TRINITY", "gone").error().code(),
            ErrorCode::kInvalidArgument);
  ASSERT_TRUE(w_.membership_->SetFacilityStatus(*admin, "GBFXT-TRINITY", "suspended").ok());
  auto manager = w_.Session(w_.Login(core::Role::kPortManager));
  EXPECT_EQ(w_.membership_->FacilityFor(*manager, "GBFXT-TRINITY").error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_TRUE(w_.Audited("GBFXT-TRINITY", "facility.suspended"));

  EXPECT_TRUE(IsFacilityCode("GBFXT-TRINITY"));
  EXPECT_TRUE(IsFacilityCode("GB7TR-NORTON-2"));
  for (const char* bad : {"GBFXT", "GBFXT-", "GBFXT-T", "gbfxt-trinity", "GBFXT_TRINITY",
                          "GBFXT-TRINITY-", "GBFXTX-TRINITY"}) {
    EXPECT_FALSE(IsFacilityCode(bad)) << bad;
  }
  EXPECT_EQ(SuggestFacilityCode("GBFXT", "Trinity Terminal"), "GBFXT-TRINITY");
  EXPECT_EQ(SuggestFacilityCode("GBSOU", "  Berth 201 / ro-ro"), "GBSOU-BERTH");
  EXPECT_EQ(SuggestFacilityCode("GBSOU", "Ö"), "GBSOU-SITE");
}

TEST_F(MembershipTest, TheNewsletterGoesToActiveMembersOnly) {
  auto admin = Admin();
  auto html = w_.membership_->PreviewNewsletter(
      *admin, "# Spring\n\nHello **members**. <script>alert(1)</script> [x](javascript:alert(1))");
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html->find("<h1>Spring</h1>"), std::string::npos);
  EXPECT_NE(html->find("<strong>members</strong>"), std::string::npos);
  EXPECT_EQ(html->find("<script"), std::string::npos);
  EXPECT_EQ(html->find("javascript:"), std::string::npos);

  std::vector<std::string> to;
  EXPECT_CALL(w_.mail_, Send(_)).WillRepeatedly([&to](const Mail& m) {
    to.push_back(m.to);
    return Status::Ok();
  });
  auto sent = w_.membership_->SendNewsletter(*admin, "Spring newsletter", "# Spring\n");
  ASSERT_TRUE(sent.ok()) << sent.error().message();
  EXPECT_EQ(sent->recipients, 1);
  EXPECT_EQ(to, std::vector<std::string>{"port-manager@test.invalid"});
  ASSERT_TRUE(w_.membership_->SetFacilityStatus(*admin, "GBFXT-TRINITY", "suspended").ok());
  sent = w_.membership_->SendNewsletter(*admin, "Summer", "# Summer\n");
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->recipients, 0);
  EXPECT_EQ(w_.membership_->Newsletters(*admin)->size(), 2u);
  EXPECT_EQ(w_.membership_->SendNewsletter(*admin, "", "# x").error().code(),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace portsafe::service
