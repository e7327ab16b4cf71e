// Figures from real reports through the real store: what port security
// managers and the public see, and what they must never see.
#include "service/figures_service_impl.h"

#include <gtest/gtest.h>

#include "service/staff_world.h"

namespace portsafe::service {
namespace {

using portsafe::testing::StaffWorld;

const core::FigureTable& Table(const std::vector<core::FigureTable>& tables,
                               const std::string& id) {
  for (const auto& t : tables) {
    if (t.id == id) return t;
  }
  ADD_FAILURE() << "no table " << id;
  static core::FigureTable none;
  return none;
}

const core::FigureCell* Cell(const core::FigureTable& t, const std::string& key) {
  for (const auto& r : t.rows) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

class FiguresTest : public ::testing::Test {
 protected:
  StaffWorld w_;
  std::string month_ = w_.Today().substr(0, 7);
};

TEST_F(FiguresTest, AFacilitysManagerSeesItsCountsOnceTheMonthIsPublished) {
  for (int i = 0; i < 6; ++i) w_.Submit("report " + std::to_string(i), "drugs");
  auto handler = w_.Session(w_.Login(core::Role::kHandler));
  ASSERT_TRUE(w_.handling_->Classify(*handler, w_.LastReportId(), "drugs", "exploited").ok());
  auto manager = w_.Session(w_.Login(core::Role::kPortManager));

  // The month has not ended (plus 14 days): nothing of it is shown.
  auto early = w_.figures_->ForFacility(*manager, "GBFXT-TRINITY");
  ASSERT_TRUE(early.ok());
  EXPECT_TRUE(Table(*early, "reports-by-month").rows.empty());
  EXPECT_FALSE(Cell(Table(*early, "reports-by-category"), "drugs")->count.has_value());

  w_.AdvanceMonths(2);
  auto figures = w_.figures_->ForFacility(*manager, "GBFXT-TRINITY");
  ASSERT_TRUE(figures.ok());
  const auto& by_month = Table(*figures, "reports-by-month");
  ASSERT_FALSE(by_month.rows.empty());
  EXPECT_EQ(by_month.rows.front().key, month_);
  EXPECT_EQ(by_month.rows.front().count, 6);
  EXPECT_EQ(Cell(Table(*figures, "reports-by-category"), "drugs")->count, 6);
  // One exploited insider among six: shown only as "fewer than 5".
  const auto* exploited = Cell(Table(*figures, "reports-by-insider-type"), "exploited");
  ASSERT_NE(exploited, nullptr);
  EXPECT_FALSE(exploited->count.has_value());
  for (const char* id : {"disseminations-by-agency", "outcomes-by-kind"}) {
    EXPECT_FALSE(Table(*figures, id).rows.empty()) << id;
  }
}

TEST_F(FiguresTest, NobodyElseSeesAFacilitysFigures) {
  auto handler = w_.Session(w_.Login(core::Role::kHandler));
  EXPECT_EQ(w_.figures_->ForFacility(*handler, "GBFXT-TRINITY").error().code(),
            ErrorCode::kPermissionDenied);
  auto manager = w_.Session(w_.Login(core::Role::kPortManager));
  EXPECT_EQ(w_.figures_->ForFacility(*manager, "GBDVR-EASTERN").error().code(),
            ErrorCode::kPermissionDenied);
  auto admin = w_.Session(w_.Login(core::Role::kAdmin));
  EXPECT_TRUE(w_.figures_->ForFacility(*admin, "GBFXT-TRINITY").ok());
  EXPECT_EQ(w_.figures_->ForFacility(*admin, "GBXXX-NONE").error().code(), ErrorCode::kNotFound);
  // A suspended facility's manager sees nothing until it is resumed.
  ASSERT_TRUE(w_.store_->membership().SetFacilityStatus("GBFXT-TRINITY", "suspended").ok());
  EXPECT_EQ(w_.figures_->ForFacility(*manager, "GBFXT-TRINITY").error().code(),
            ErrorCode::kPermissionDenied);
}

TEST_F(FiguresTest, NationalFiguresGroupByFreeportOperatorAndPort) {
  for (int i = 0; i < 7; ++i) w_.Submit("report " + std::to_string(i), "cargo_theft");
  w_.AdvanceMonths(2);  // the month is published
  auto national = w_.figures_->National();
  ASSERT_TRUE(national.ok());
  EXPECT_EQ(Cell(Table(*national, "reports-by-freeport"), "Freeport East")->count, 7);
  EXPECT_EQ(Cell(Table(*national, "reports-by-operator"), "Hutchison Ports")->count, 7);
  const auto* felixstowe = Cell(Table(*national, "reports-by-port"), "GBFXT");
  ASSERT_NE(felixstowe, nullptr);
  EXPECT_EQ(felixstowe->count, 7);
  EXPECT_EQ(felixstowe->label, "Felixstowe (GBFXT)");
  EXPECT_EQ(Cell(Table(*national, "reports-by-category"), "cargo_theft")->count, 7);
  EXPECT_EQ(Table(*national, "reports-by-month").rows.front().count, 7);
  // Every freeport has a row, so a row says nothing by being there, and each
  // table adds up to every report (the rest in a row of its own).
  EXPECT_NE(Cell(Table(*national, "reports-by-freeport"), "Solent"), nullptr);
  EXPECT_NE(Cell(Table(*national, "reports-by-freeport"), "none"), nullptr);
  EXPECT_NE(Cell(Table(*national, "reports-by-operator"), "other"), nullptr);
  EXPECT_NE(Cell(Table(*national, "reports-by-port"), "other"), nullptr);
}

}  // namespace
}  // namespace portsafe::service
