// The membership half of SqlStore: facilities, applications, invitations,
// settings, and the figures' tallies that follow reports, reclassification,
// packages and outcomes, and outlive the reports themselves.
#include <gtest/gtest.h>

#include <future>
#include <map>

#include "store/sql_store.h"
#include "store/store_fixture.h"
#include "support/temp_dir.h"

namespace portsafe::store {
namespace {

class MembershipStoreTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    Reopen();
  }
  void Reopen() {
    store_.reset();
    auto s = Open();
    ASSERT_TRUE(s.ok()) << s.error().message();
    store_ = std::move(*s);
    ASSERT_TRUE(
        store_->reports()
            .PutPorts({{"GBFXT", "Felixstowe", "SFK", "AF"}, {"GBDVR", "Dover", "KEN", "AF"}})
            .ok());
  }
  void Report(const std::string& id, const std::string& facility, const std::string& category,
              const std::string& on) {
    ReportRow r = TestReport(id);
    r.facility_code = facility;
    r.category = category;
    r.received_on = on;
    ASSERT_TRUE(FileReport(*store_, std::move(r)).ok());
  }
  // metric/facility/month/key -> count
  std::map<std::string, std::int64_t> Tallies() {
    auto rows = store_->membership().ListTallies();
    EXPECT_TRUE(rows.ok());
    std::map<std::string, std::int64_t> out;
    for (const auto& t : *rows) {
      EXPECT_EQ(t.port_code, "GBFXT");
      out[t.metric + "/" + t.facility_code + "/" + t.month + "/" + t.key] = t.count;
    }
    return out;
  }
};
PORTSAFE_ON_EVERY_STORE(MembershipStoreTest);

TEST_P(MembershipStoreTest, TalliesFollowReportsAndOutliveThem) {
  ASSERT_TRUE(store_->reports()
                  .PutFacility({"GBFXT-TRINITY", "GBFXT", "Trinity", "", "active", "2026-01-01"})
                  .ok());
  Report("r1", "GBFXT-TRINITY", "drugs", "2026-09-03");
  Report("r2", "GBFXT-TRINITY", "drugs", "2026-09-20");
  Report("r3", "", "cargo_theft", "2026-10-01");
  EXPECT_EQ(Tallies(),
            (std::map<std::string, std::int64_t>{{"reports/GBFXT-TRINITY/2026-09/drugs", 2},
                                                 {"reports//2026-10/cargo_theft", 1}}));

  // Reclassified: the report moves from one category to the other; the
  // insider type comes from the service (it is sealed).
  auto h = store_->staff().FindHandling("r1");
  ASSERT_TRUE(h.ok());
  h->category = "firearms";
  h->tallies.push_back({"insider", "2026-09", "exploited", 1});
  ASSERT_TRUE(store_->staff().SaveHandling(*h).ok());
  ASSERT_TRUE(store_->staff().PutAgency({"NCA", "National Crime Agency", "nca", "pk", ""}).ok());
  h = store_->staff().FindHandling("r1");
  PackageRow p;
  p.id = "p1";
  p.report_id = "r1";
  p.agency_code = "NCA";
  p.sent_on = "2026-10-02";
  ASSERT_TRUE(store_->staff().Disseminate(*h, {p}).ok());
  p.outcome = "arrest";
  p.outcome_on = "2026-10-30";
  ASSERT_TRUE(store_->staff().UpdatePackage(p).ok());
  p.outcome = "seizure";  // changed its mind: moves, not added
  p.seizure_type = "drugs";
  ASSERT_TRUE(store_->staff().UpdatePackage(p).ok());
  const std::map<std::string, std::int64_t> expected = {
      {"reports/GBFXT-TRINITY/2026-09/drugs", 1},
      {"reports/GBFXT-TRINITY/2026-09/firearms", 1},
      {"insider/GBFXT-TRINITY/2026-09/exploited", 1},
      {"disseminations/GBFXT-TRINITY/2026-10/nca", 1},
      {"outcomes/GBFXT-TRINITY/2026-10/seizure", 1},
      {"reports//2026-10/cargo_theft", 1}};
  EXPECT_EQ(Tallies(), expected);

  // The retention purge deletes the reports; the counts stay.
  ASSERT_TRUE(store_->staff().DeleteReports({"r1", "r2", "r3"}).ok());
  EXPECT_EQ(Tallies(), expected);
}

TEST_P(MembershipStoreTest, SchemaMigratesOnceAndSurvivesReopening) {
  ASSERT_TRUE(store_->reports()
                  .PutFacility({"GBFXT-TRINITY", "GBFXT", "Trinity", "Hutchison Ports", "active",
                                "2026-01-01"})
                  .ok());
  Report("r1", "GBFXT-TRINITY", "drugs", "2026-09-03");
  Reopen();
  Reopen();
  auto f = store_->reports().FindFacility("GBFXT-TRINITY");
  ASSERT_TRUE(f.ok() && f->has_value());
  EXPECT_EQ((*f)->operator_group, "Hutchison Ports");
  EXPECT_EQ(Tallies().at("reports/GBFXT-TRINITY/2026-09/drugs"), 1);
}

TEST_P(MembershipStoreTest, FacilitiesListAndSuspend) {
  ASSERT_TRUE(
      store_->reports().PutFacility({"GBFXT-B", "GBFXT", "B", "", "active", "2026-01-01"}).ok());
  ASSERT_TRUE(
      store_->reports().PutFacility({"GBDVR-A", "GBDVR", "A", "", "active", "2026-01-01"}).ok());
  EXPECT_EQ(
      store_->reports().PutFacility({"GBXXX-A", "GBXXX", "A", "", "active", ""}).error().code(),
      ErrorCode::kInvalidArgument);
  ASSERT_TRUE(store_->membership().SetFacilityStatus("GBFXT-B", "suspended").ok());
  EXPECT_EQ(store_->membership().SetFacilityStatus("GBFXT-NONE", "suspended").error().code(),
            ErrorCode::kNotFound);
  auto list = store_->membership().ListFacilities();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].code, "GBDVR-A");
  EXPECT_EQ((*list)[1].status, "suspended");
}

TEST_P(MembershipStoreTest, AnApplicationIsDecidedOnceWithItsFacilityAndInvitation) {
  ApplicationRow a;
  a.id = "a1";
  a.operator_group = "Op";
  a.port_code = "GBFXT";
  a.facility_name = "Trinity";
  a.email = "pfso@example.invalid";
  a.staff_count = 40;
  a.submitted_on = "2026-11-20";
  ASSERT_TRUE(store_->membership().PutApplication(a).ok());
  EXPECT_EQ(store_->membership().PutApplication(a).error().code(), ErrorCode::kAlreadyExists);

  // A facility code that is taken undoes the whole decision.
  ASSERT_TRUE(
      store_->reports().PutFacility({"GBFXT-TRINITY", "GBFXT", "T", "", "active", ""}).ok());
  Facility f{"GBFXT-TRINITY", "GBFXT", "Trinity", "Op", "active", "2026-11-26"};
  InvitationRow inv{"hash", a.email, "port-manager", f.code, "", 2000000000};
  ApplicationRow decided = a;
  decided.status = "approved";
  decided.facility_code = f.code;
  EXPECT_EQ(store_->membership().DecideApplication(decided, &f, &inv).error().code(),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(store_->membership().FindApplication("a1")->status, "pending");
  EXPECT_FALSE(store_->membership().FindInvitation("hash")->has_value());

  f.code = decided.facility_code = inv.facility_code = "GBFXT-TRINITY2";
  ASSERT_TRUE(store_->membership().DecideApplication(decided, &f, &inv).ok());
  EXPECT_EQ(store_->membership().FindApplication("a1")->status, "approved");
  EXPECT_TRUE(store_->reports().FindFacility("GBFXT-TRINITY2")->has_value());
  auto found = store_->membership().FindInvitation("hash");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->email, a.email);
  // Decided already: a second decision is refused.
  decided.status = "declined";
  EXPECT_EQ(store_->membership().DecideApplication(decided, nullptr, nullptr).error().code(),
            ErrorCode::kAlreadyExists);
  ASSERT_TRUE(store_->membership().DeleteInvitation("hash").ok());
  EXPECT_EQ(store_->membership().DeleteInvitation("hash").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store_->membership().FindApplication("nope").error().code(), ErrorCode::kNotFound);
}

TEST_P(MembershipStoreTest, SettingsAndNewsletters) {
  EXPECT_EQ(*store_->membership().GetSetting("public_url"), "");
  ASSERT_TRUE(store_->membership().PutSetting("public_url", "https://a.example").ok());
  ASSERT_TRUE(store_->membership().PutSetting("public_url", "https://b.example").ok());
  EXPECT_EQ(*store_->membership().GetSetting("public_url"), "https://b.example");
  ASSERT_TRUE(
      store_->membership().PutNewsletter({"n1", "Spring", "# Hello", "2026-03-01", 3}).ok());
  ASSERT_TRUE(store_->membership().PutNewsletter({"n2", "Summer", "# Hi", "2026-06-01", 4}).ok());
  auto list = store_->membership().ListNewsletters();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].subject, "Summer");
}

TEST_P(MembershipStoreTest, AMonthOfFiguresIsStoredOnceAndNeverReplaced) {
  auto first = store_->membership().PublishFigureMonth({"2026-09", "{\"a\":1}"});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, "{\"a\":1}");
  // A second node publishing the same month gets the first one's body.
  auto second = store_->membership().PublishFigureMonth({"2026-09", "{\"a\":2}"});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, "{\"a\":1}");
  ASSERT_TRUE(store_->membership().PublishFigureMonth({"2026-08", "{}"}).ok());
  auto months = store_->membership().ListFigureMonths();
  ASSERT_TRUE(months.ok());
  ASSERT_EQ(months->size(), 2u);
  EXPECT_EQ((*months)[0].month, "2026-08");
  EXPECT_EQ((*months)[1].body, "{\"a\":1}");
}

}  // namespace
}  // namespace portsafe::store
