// AlertServiceImpl on a real SQLite store (StaffWorld): who may draft,
// approve, read and acknowledge an alert, and what reaches whom.
#include "service/alert_service_impl.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/fs.h"
#include "service/staff_world.h"

namespace portsafe::service {
namespace {

using ::testing::_;
using ::testing::Invoke;
using ::testing::Return;
using testing::StaffWorld;

class AlertServiceTest : public ::testing::Test {
 protected:
  AlertServiceTest() {
    // A second facility at another port (Southampton: DP World's, in the
    // Solent freeport), with its own manager.
    auto st =
        w_.store_->reports().PutFacility({"GBSOU-CT", "GBSOU", "Southampton Container Terminal",
                                          "DP World", "active", "2026-02-03"});
    EXPECT_TRUE(st.ok());
    w_.AddUser(core::Role::kPortManager, false, "sou@test.invalid", "", false, "GBSOU-CT");
    w_.AddUser(core::Role::kSupervisor, true, "sup2@test.invalid");
  }

  std::shared_ptr<const StaffSession> As(core::Role role, const std::string& email = "") {
    return w_.Session(w_.Login(role, email));
  }

  core::AlertContent Alert(core::AlertTargets targets, core::Tlp tlp = core::Tlp::kAmber) {
    core::AlertContent a;
    a.title = "Release PINs offered for cash";
    a.text = "Hauliers at the port have been offered cash for container release PINs.";
    a.look_for = {"Anyone asking for a release PIN", "Cars waiting near the gates after dark"};
    a.tlp = tlp;
    a.targets = std::move(targets);
    a.expires_on = core::AddDays(w_.Today(), 30);
    return a;
  }

  // Drafted by the handler and approved by the first supervisor: its id.
  std::string Approved(core::AlertContent a) {
    auto handler = As(core::Role::kHandler);
    auto d = w_.alerts_->Draft(*handler, std::move(a), {});
    EXPECT_TRUE(d.ok()) << d.error().message();
    EXPECT_FALSE(d->id.empty());
    auto sup = As(core::Role::kSupervisor);
    auto v = w_.alerts_->Approve(*sup, d->id);
    EXPECT_TRUE(v.ok()) << v.error().message();
    return d->id;
  }

  std::vector<std::string> TitlesFor(const std::string& manager, const std::string& facility) {
    auto s = As(core::Role::kPortManager, manager);
    auto got = w_.alerts_->ForFacility(*s, facility);
    EXPECT_TRUE(got.ok()) << got.error().message();
    std::vector<std::string> out;
    for (const auto& a : *got) out.push_back(a.id);
    return out;
  }

  StaffWorld w_;
};

TEST_F(AlertServiceTest, AnAlertToOnePortReachesOnlyThatPortsManagersAndTheirAcknowledgement) {
  std::vector<Mail> sent;
  EXPECT_CALL(w_.mail_, Send(_)).WillRepeatedly(Invoke([&sent](const Mail& m) {
    sent.push_back(m);
    return Status::Ok();
  }));
  core::AlertTargets to;
  to.ports = {"gbfxt"};  // any case
  const std::string id = Approved(Alert(to));

  EXPECT_THAT(TitlesFor("port-manager@test.invalid", "GBFXT-TRINITY"), ::testing::ElementsAre(id));
  EXPECT_TRUE(TitlesFor("sou@test.invalid", "GBSOU-CT").empty());
  // Only Trinity's manager was mailed, and an AMBER alert's text is not in
  // the mail.
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, "port-manager@test.invalid");
  EXPECT_THAT(sent[0].body, ::testing::HasSubstr("https://portsafe.test/facility/GBFXT-TRINITY"));
  EXPECT_THAT(sent[0].body, ::testing::Not(::testing::HasSubstr("release PINs")));
  EXPECT_THAT(sent[0].body, ::testing::HasSubstr("TLP:AMBER"));

  // The other port's manager can neither acknowledge it nor read it through
  // the other facility.
  auto sou = As(core::Role::kPortManager, "sou@test.invalid");
  EXPECT_EQ(w_.alerts_->Acknowledge(*sou, "GBSOU-CT", id).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(w_.alerts_->ForFacility(*sou, "GBFXT-TRINITY").error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(w_.alerts_->Acknowledge(*sou, "GBFXT-TRINITY", id).error().code(),
            ErrorCode::kPermissionDenied);

  auto pfso = As(core::Role::kPortManager);
  ASSERT_TRUE(w_.alerts_->Acknowledge(*pfso, "GBFXT-TRINITY", id).ok());
  const std::string first = w_.Today();
  w_.Advance(3 * 86400);
  ASSERT_TRUE(w_.alerts_->Acknowledge(*pfso, "GBFXT-TRINITY", id).ok());  // keeps the first date
  auto mine = w_.alerts_->ForFacility(*pfso, "GBFXT-TRINITY");
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->at(0).acknowledged_on, first);

  auto handler = As(core::Role::kHandler);
  auto v = w_.alerts_->Get(*handler, id);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->acknowledgements.size(), 1u);
  EXPECT_EQ(v->acknowledgements[0].facility_code, "GBFXT-TRINITY");
  EXPECT_EQ(v->acknowledgements[0].by, "port-manager@test.invalid");
  EXPECT_EQ(v->acknowledgements[0].on, first);
  EXPECT_TRUE(w_.Audited(id, "alert.drafted"));
  EXPECT_TRUE(w_.Audited(id, "alert.approved"));
  EXPECT_TRUE(w_.Audited(id, "alert.acknowledged"));
}

TEST_F(AlertServiceTest, ADrafterCannotApproveTheirOwnAlertAndOnlyASupervisorApproves) {
  auto sup = As(core::Role::kSupervisor);
  core::AlertTargets to;
  to.facilities = {"GBFXT-TRINITY"};
  auto d = w_.alerts_->Draft(*sup, Alert(to), {});
  ASSERT_TRUE(d.ok());
  ASSERT_FALSE(d->id.empty());
  auto self = w_.alerts_->Approve(*sup, d->id);
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(w_.Audited(d->id, "alert.self_approval_refused"));
  EXPECT_EQ(w_.alerts_->Approve(*As(core::Role::kHandler), d->id).error().code(),
            ErrorCode::kPermissionDenied);
  // Refused approvals leave it waiting: no manager sees it.
  EXPECT_TRUE(TitlesFor("port-manager@test.invalid", "GBFXT-TRINITY").empty());
  auto other = As(core::Role::kSupervisor, "sup2@test.invalid");
  auto v = w_.alerts_->Approve(*other, d->id);
  ASSERT_TRUE(v.ok()) << v.error().message();
  EXPECT_EQ(v->approved_by, "sup2@test.invalid");
  EXPECT_EQ(w_.alerts_->Approve(*other, d->id).error().code(), ErrorCode::kAlreadyExists);
  EXPECT_THAT(TitlesFor("port-manager@test.invalid", "GBFXT-TRINITY"),
              ::testing::ElementsAre(d->id));
}

TEST_F(AlertServiceTest, OnlyStaffWhoReadReportsDraftAndList) {
  core::AlertTargets to;
  to.ports = {"GBFXT"};
  for (core::Role r : {core::Role::kAgency, core::Role::kPortManager, core::Role::kAdmin}) {
    auto s = As(r);
    EXPECT_EQ(w_.alerts_->Draft(*s, Alert(to), {}).error().code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(w_.alerts_->List(*s).error().code(), ErrorCode::kPermissionDenied);
  }
  // The programme admin sees a facility's page, not its alerts.
  EXPECT_EQ(w_.alerts_->ForFacility(*As(core::Role::kAdmin), "GBFXT-TRINITY").error().code(),
            ErrorCode::kPermissionDenied);
}

TEST_F(AlertServiceTest, FreeportsAndOperatorsReachTheFacilitiesOfTheirPorts) {
  core::AlertTargets solent;
  solent.freeports = {"solent"};  // as the port groups spell it, in any case
  const std::string a = Approved(Alert(solent));
  core::AlertTargets hutchison;
  hutchison.operators = {"Hutchison Ports"};
  const std::string b = Approved(Alert(hutchison));
  EXPECT_THAT(TitlesFor("sou@test.invalid", "GBSOU-CT"), ::testing::ElementsAre(a));
  EXPECT_THAT(TitlesFor("port-manager@test.invalid", "GBFXT-TRINITY"), ::testing::ElementsAre(b));
  auto v = w_.alerts_->Get(*As(core::Role::kHandler), a);
  ASSERT_TRUE(v.ok());
  EXPECT_THAT(v->content.targets.freeports, ::testing::ElementsAre("Solent"));
}

TEST_F(AlertServiceTest, TheIdentifyingCheckRunsAndEveryWarningMustBeAcknowledged) {
  auto handler = As(core::Role::kHandler);
  core::AlertTargets to;
  to.ports = {"GBFXT"};
  core::AlertContent a = Alert(to);
  a.text = "I saw John Smith take the PIN at 23:15 on Tuesday.";
  auto d = w_.alerts_->Draft(*handler, a, {});
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->id.empty());
  ASSERT_GE(d->warnings.size(), 3u);
  std::vector<std::string> kinds, ids;
  for (const auto& f : d->warnings) {
    kinds.push_back(f.kind);
    ids.push_back(f.id);
  }
  EXPECT_THAT(kinds, ::testing::IsSupersetOf({"first_person", "name", "time"}));
  auto all = w_.alerts_->List(*handler);
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());  // nothing was stored
  // One left out: still refused.
  auto partial = w_.alerts_->Draft(*handler, a, {ids.begin() + 1, ids.end()});
  ASSERT_TRUE(partial.ok());
  EXPECT_TRUE(partial->id.empty());
  auto ok = w_.alerts_->Draft(*handler, a, ids);
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(ok->id.empty());
  // The supervisor who approves sees what the drafter waved through.
  auto v = w_.alerts_->Get(*As(core::Role::kSupervisor), ok->id);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->content.waived.size(), ids.size());
  EXPECT_THAT(v->content.waived, ::testing::Contains(::testing::HasSubstr("John Smith")));
}

TEST_F(AlertServiceTest, BadDraftsNameTheirField) {
  auto handler = As(core::Role::kHandler);
  core::AlertTargets port;
  port.ports = {"GBFXT"};
  auto field = [&](core::AlertContent a) {
    auto d = w_.alerts_->Draft(*handler, std::move(a), {});
    return d.ok() ? std::string("stored") : d.error().field();
  };
  core::AlertContent a = Alert(port);
  a.title = "  ";
  EXPECT_EQ(field(a), "title");
  a = Alert(port);
  a.title = "two\nlines";
  EXPECT_EQ(field(a), "title");
  a = Alert(port);
  a.text = "";
  EXPECT_EQ(field(a), "text");
  a = Alert({});
  EXPECT_EQ(field(a), "targets");
  core::AlertTargets nowhere;
  nowhere.ports = {"XXNOP"};
  EXPECT_EQ(field(Alert(nowhere)), "targets");
  nowhere = {};
  nowhere.facilities = {"GBFXT-NOBODY"};
  EXPECT_EQ(field(Alert(nowhere)), "targets");
  nowhere = {};
  nowhere.freeports = {"Atlantis"};
  EXPECT_EQ(field(Alert(nowhere)), "targets");
  a = Alert(port);
  a.expires_on = core::AddDays(w_.Today(), -1);
  EXPECT_EQ(field(a), "expires_on");
  a.expires_on = core::AddDays(w_.Today(), 400);
  EXPECT_EQ(field(a), "expires_on");
  a.expires_on = "soon";
  EXPECT_EQ(field(a), "expires_on");
  a = Alert(port, core::Tlp::kGreen);
  a.public_site = true;
  EXPECT_EQ(field(a), "public_site");
  a = Alert(port);
  a.look_for.clear();
  for (int i = 0; i < 13; ++i) a.look_for.push_back("thing " + std::to_string(i));
  EXPECT_EQ(field(a), "look_for");
  a.look_for.resize(12);
  a.look_for[0] = std::string(201, 'x');
  EXPECT_EQ(field(a), "look_for");
  a = Alert(port);
  a.from_package = "not-an-id";
  EXPECT_EQ(field(a), "from_package");
}

TEST_F(AlertServiceTest, ClearAlertsForThePublicSiteAreMailedInFullAndVanishWhenTheyExpire) {
  std::vector<Mail> sent;
  EXPECT_CALL(w_.mail_, Send(_)).WillRepeatedly(Invoke([&sent](const Mail& m) {
    sent.push_back(m);
    return Status::Ok();
  }));
  core::AlertTargets to;
  to.ports = {"GBFXT"};
  core::AlertContent clear = Alert(to, core::Tlp::kClear);
  clear.public_site = true;
  clear.expires_on = core::AddDays(w_.Today(), 2);
  const std::string id = Approved(clear);
  Approved(Alert(to, core::Tlp::kClear));  // CLEAR, but not for the public site
  Approved(Alert(to, core::Tlp::kGreen));
  auto pub = w_.alerts_->Public();
  ASSERT_TRUE(pub.ok());
  ASSERT_EQ(pub->size(), 1u);
  EXPECT_EQ(pub->at(0).id, id);
  ASSERT_GE(sent.size(), 1u);
  EXPECT_THAT(sent[0].body, ::testing::HasSubstr("container release PINs"));
  EXPECT_THAT(sent[0].body, ::testing::HasSubstr("Anyone asking for a release PIN"));

  w_.SetDate(core::AddDays(w_.Today(), 3));
  pub = w_.alerts_->Public();
  ASSERT_TRUE(pub.ok());
  EXPECT_TRUE(pub->empty());
  EXPECT_EQ(TitlesFor("port-manager@test.invalid", "GBFXT-TRINITY").size(), 2u);
  auto pfso = As(core::Role::kPortManager);
  EXPECT_EQ(w_.alerts_->Acknowledge(*pfso, "GBFXT-TRINITY", id).error().code(),
            ErrorCode::kNotFound);
}

TEST_F(AlertServiceTest, AnOfficerAsksForAnAlertInAPackagesThreadAndTheHandlerDraftsItFromThere) {
  // A package to Suffolk.
  w_.Submit("A driver was offered cash for a release PIN.");
  const std::string report = w_.LastReportId();
  auto handler = As(core::Role::kHandler);
  ASSERT_TRUE(w_.handling_->SaveSanitised(*handler, report, "Cash offered for a PIN.").ok());
  ASSERT_TRUE(w_.handling_->Grade(*handler, report, {"2", "B", "P", ""}).ok());
  ASSERT_TRUE(w_.handling_->SubmitForApproval(*handler, report, {"SUFFOLK-POLICE"}, {}).ok());
  ASSERT_TRUE(w_.handling_->Approve(*As(core::Role::kSupervisor), report).ok());
  auto packages = w_.store_->staff().ListPackagesForReport(report);
  ASSERT_TRUE(packages.ok() && packages->size() == 1u);
  const std::string package = packages->front().id;

  auto officer = As(core::Role::kAgency);
  EXPECT_EQ(w_.alerts_->List(*officer).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(w_.agency_->RequestAlert(*officer, package, "").error().field(), "text");
  ASSERT_TRUE(w_.agency_->RequestAlert(*officer, package, "Warn Felixstowe about PIN offers").ok());
  EXPECT_TRUE(w_.Audited(package, "package.alert_requested"));
  auto seen = w_.handling_->Open(*handler, report);
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->packages.size(), 1u);
  ASSERT_EQ(seen->packages[0].messages.size(), 1u);
  EXPECT_EQ(seen->packages[0].messages[0].text,
            std::string(kAlertRequestPrefix) + "Warn Felixstowe about PIN offers");

  core::AlertTargets to;
  to.ports = {"GBFXT"};
  core::AlertContent a = Alert(to);
  a.from_package = std::string(32, 'f');  // no such package
  auto wrong = w_.alerts_->Draft(*handler, a, {});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().field(), "from_package");
  a.from_package = package;
  auto d = w_.alerts_->Draft(*handler, a, {});
  ASSERT_TRUE(d.ok() && !d->id.empty());
  auto v = w_.alerts_->Get(*handler, d->id);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->content.from_package, package);
}

TEST_F(AlertServiceTest, AlertsAreSealedAtRest) {
  core::AlertTargets to;
  to.ports = {"GBFXT"};
  core::AlertContent a = Alert(to);
  a.title = "Zebracrossing alert title";
  a.text = "Quokkamarker text of the alert.";
  a.look_for = {"Wombatline to look for"};
  Approved(a);
  auto db = fs::ReadFile(service::DatabasePath(w_.data_));
  ASSERT_TRUE(db.ok());
  std::string all = *db;
  if (auto wal = fs::ReadFile(service::DatabasePath(w_.data_) + "-wal"); wal.ok()) all += *wal;
  for (const char* marker : {"Zebracrossing", "Quokkamarker", "Wombatline"}) {
    EXPECT_EQ(all.find(marker), std::string::npos) << marker;
  }
  // The row's content moved to another alert does not open there.
  auto rows = w_.store_->alerts().ListAlerts("");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  store::AlertRow moved = rows->front();
  moved.id = "00000000000000aa";
  ASSERT_TRUE(w_.store_->alerts().PutAlert(moved).ok());
  EXPECT_EQ(w_.alerts_->Get(*As(core::Role::kHandler), moved.id).error().code(),
            ErrorCode::kInternal);
}

}  // namespace
}  // namespace portsafe::service
