// The demo's data (`portsafe demo`): what its README promises a newcomer
// finds, here the approved alert to Felixstowe's facilities.
#include "cli/demo_data.h"

#include <gtest/gtest.h>

#include "common/clock.h"
#include "common/fs.h"
#include "service/instance.h"
#include "service/services.h"
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

}  // namespace
}  // namespace portsafe::cli
