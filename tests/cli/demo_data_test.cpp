// The demo's data (`portsafe demo`): what its README promises a newcomer
// finds, here the approved alert to Felixstowe's facilities.
#include "cli/demo_data.h"

#include <gtest/gtest.h>

#include <set>

#include "common/clock.h"
#include "common/fs.h"
#include "core/reference.h"
#include "crypto/totp.h"
#include "service/export_packages.h"
#include "service/instance.h"
#include "service/services.h"
#include "service/stix_bundle.h"
#include "store/sql_store.h"
#include "support/temp_dir.h"

namespace portsafe::cli {
namespace {

class DemoDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::Init();
    data_ = dir_.path() + "/data";
    recovery_ = dir_.path() + "/recovery.key";
    ASSERT_TRUE(service::InitInstance(data_, recovery_, "https://portsafe.test").ok());
    auto keys = service::LoadInstanceKeys(data_);
    ASSERT_TRUE(keys.ok());
    auto store = store::SqlStore::OpenSqlite(service::DatabasePath(data_));
    ASSERT_TRUE(store.ok());
    service::ServicesOptions options;
    options.cleaning.helper = PORTSAFE_MEDIA_HELPER;
    auto services = service::Services::Open(std::move(*store), *keys, &clock_, std::move(options));
    ASSERT_TRUE(services.ok()) << services.error().message();
    services_ = std::move(*services);
    auto demo = SeedDemoData(*services_, recovery_);
    ASSERT_TRUE(demo.ok()) << demo.error().message();
    demo_ = std::move(*demo);
    auto text = fs::ReadFile(recovery_);
    ASSERT_TRUE(text.ok());
    auto key = service::ParseRecoveryKey(*text);
    ASSERT_TRUE(key.ok());
    service_key_ = std::move(*key);
  }

  service::StaffSession Manager(const std::string& facility) {
    service::StaffSession s;
    s.user_id = "demo-test";
    s.role = core::Role::kPortManager;
    s.facility_code = facility;
    return s;
  }

  testing::TempDir dir_;
  ManualClock clock_{ManualClock::NoonOn("2026-11-26")};
  std::string data_, recovery_;
  std::unique_ptr<service::Services> services_;
  crypto::KeyPair service_key_;
  DemoData demo_;
};

TEST_F(DemoDataTest, TheDemoHasOneApprovedAlertToFelixstowesFacilities) {
  service::StaffSession handler;
  handler.user_id = "demo-test";
  handler.role = core::Role::kHandler;
  handler.service_key = service_key_;
  auto all = services_->alerts()->List(handler);
  ASSERT_TRUE(all.ok()) << all.error().message();
  ASSERT_EQ(all->size(), 1u);
  const auto& a = all->front();
  EXPECT_EQ(a.status, core::AlertStatus::kApproved);
  EXPECT_TRUE(a.live);
  EXPECT_NE(a.drafted_by, a.approved_by);  // a second person approved it
  EXPECT_EQ(a.content.targets.ports, std::vector<std::string>{"GBFXT"});

  auto trinity = services_->alerts()->ForFacility(Manager("GBFXT-TRINITY"), "GBFXT-TRINITY");
  ASSERT_TRUE(trinity.ok()) << trinity.error().message();
  ASSERT_EQ(trinity->size(), 1u);
  EXPECT_EQ(trinity->front().id, a.id);
  for (const char* other : {"GBSOU-CT", "GBDVR-EASTERN"}) {
    auto none = services_->alerts()->ForFacility(Manager(other), other);
    ASSERT_TRUE(none.ok()) << none.error().message();
    EXPECT_TRUE(none->empty()) << other;
  }
  // TLP:CLEAR, so it is also on the public site.
  auto pub = services_->alerts()->Public();
  ASSERT_TRUE(pub.ok());
  ASSERT_EQ(pub->size(), 1u);
  EXPECT_EQ(pub->front().id, a.id);
}

// The demo's package, downloaded by its officer as STIX 2.1 and as a MISP
// event, passes the validators (the OASIS schemas; the MISP templates) and
// carries the grade, the TLP marking and what was found in its text.
TEST_F(DemoDataTest, TheDemosPackageExportsToStixAndMispThatValidate) {
  const DemoLogin* officer = nullptr;
  for (const auto& l : demo_.logins) {
    if (l.role == "agency") officer = &l;
  }
  ASSERT_NE(officer, nullptr);
  auto secret = crypto::TotpSecretFromUri(officer->totp_uri);
  ASSERT_TRUE(secret.ok());
  clock_.Advance(std::chrono::seconds(30));
  auto token = services_->auth()->Login(officer->email, officer->password,
                                        crypto::TotpCode(*secret, clock_.UnixSeconds()));
  ASSERT_TRUE(token.ok()) << token.error().message();
  auto session = services_->auth()->Authenticate(*token);
  ASSERT_TRUE(session.ok());
  auto inbox = services_->agency()->Inbox(**session, {});
  ASSERT_TRUE(inbox.ok());
  ASSERT_EQ(inbox->items.size(), 1u);
  const std::string id = inbox->items[0].package_id;

  auto stix = services_->agency()->Export(**session, id, service::PackageFormat::kStix);
  ASSERT_TRUE(stix.ok()) << stix.error().message();
  EXPECT_EQ(stix->content_type, "application/stix+json;version=2.1");
  EXPECT_EQ(stix->name, "portsafe-" + core::ReferenceOf(id) + ".stix.json");
  const std::string stix_path = dir_.path() + "/demo.stix.json";
  ASSERT_TRUE(fs::ReplaceFile(stix_path, stix->body, 0600).ok());
  auto run = service::export_testing::RunValidator("validate_stix.py", stix_path);
  EXPECT_EQ(run.status, 0) << run.output;
  const boost::json::value bundle = boost::json::parse(stix->body);
  bool grade = false, marking = false, observed = false, report = false;
  std::set<std::string> types;
  for (const auto& o : bundle.at("objects").as_array()) {
    const auto& obj = o.as_object();
    const std::string type(obj.at("type").as_string());
    if (type == "report") {
      report = true;
      EXPECT_NE(std::string(obj.at("description").as_string()).find("release PIN"),
                std::string::npos);
      EXPECT_EQ(obj.at("confidence").as_int64(), 70);  // graded 2B
      const auto& ext = obj.at("extensions").as_object().at(service::kGradeExtension).as_object();
      grade = ext.at("code").as_string() == "2BP";
      EXPECT_EQ(obj.at("object_marking_refs").as_array().at(0).as_string(),
                service::kTlpGreenMarking);  // handling P
    }
    if (type == "marking-definition" && obj.at("id").as_string() == service::kTlpGreenMarking) {
      marking = true;
    }
    if (type == "observed-data") observed = true;
    if (type == "x-portsafe-container") {
      EXPECT_EQ(obj.at("owner_code").as_string(), "MSC");
      types.insert(type);
    }
    if (type == "x-portsafe-vehicle") types.insert(type);
  }
  EXPECT_TRUE(report && grade && marking && observed) << stix->body;
  // The container and the car the sanitised text names.
  EXPECT_EQ(types, (std::set<std::string>{"x-portsafe-container", "x-portsafe-vehicle"}));

  auto misp = services_->agency()->Export(**session, id, service::PackageFormat::kMisp);
  ASSERT_TRUE(misp.ok());
  const std::string misp_path = dir_.path() + "/demo.misp.json";
  ASSERT_TRUE(fs::ReplaceFile(misp_path, misp->body, 0600).ok());
  run = service::export_testing::RunValidator("validate_misp.py", misp_path);
  EXPECT_EQ(run.status, 0) << run.output;
  EXPECT_NE(misp->body.find("\"tlp:green\""), std::string::npos);
  // Both are audited.
  auto entries = services_->audit()->EntriesFor(id);
  ASSERT_TRUE(entries.ok());
  std::set<std::string> actions;
  for (const auto& e : *entries) actions.insert(e.event.action);
  EXPECT_TRUE(actions.count("package.exported_stix") && actions.count("package.exported_misp"));
}

}  // namespace
}  // namespace portsafe::cli
