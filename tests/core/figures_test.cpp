#include "core/figures.h"

#include <gtest/gtest.h>

namespace portsafe::core {
namespace {

TEST(FiguresTest, AMonthIsShownFourteenDaysAfterItEnds) {
  EXPECT_FALSE(MonthPublished("2026-10", "2026-10-31"));
  EXPECT_FALSE(MonthPublished("2026-10", "2026-11-01"));
  EXPECT_FALSE(MonthPublished("2026-10", "2026-11-14"));
  EXPECT_TRUE(MonthPublished("2026-10", "2026-11-15"));
  EXPECT_TRUE(MonthPublished("2026-12", "2027-01-15"));  // across the year
  EXPECT_FALSE(MonthPublished("2026-12", "2027-01-14"));
  EXPECT_FALSE(MonthPublished("2026-11", "2026-11-26"));  // the current month, never
  EXPECT_FALSE(MonthPublished("2026-13", "2030-01-01"));
  EXPECT_FALSE(MonthPublished("2026-1", "2030-01-01"));
  EXPECT_FALSE(MonthPublished("2026-10", "not a date"));
}

FigureCell Shown(std::int64_t n) { return {"k", "", CellState::kShown, n}; }
FigureCell Hidden(CellState s) { return {"k", "", s, 0}; }

TEST(FiguresTest, AMonthCellSaysWhyItIsHidden) {
  EXPECT_EQ(CountText(MonthCell("a", "", 12, Disclosure::kShown)), "12");
  EXPECT_EQ(CountText(MonthCell("a", "", 3, Disclosure::kBelowMinimum)), "fewer than 5");
  const FigureCell protecting = MonthCell("a", "", 8, Disclosure::kProtectsAnother);
  EXPECT_EQ(CountText(protecting), "not shown, to protect another count");
  // The hidden count itself is never kept in the cell.
  EXPECT_EQ(protecting.count, 0);
  EXPECT_FALSE(protecting.shown());
}

TEST(FiguresTest, MonthsAddUpOnlyWhatTheyPublished) {
  const FigureCell a = Shown(12), b = Shown(7), below = Hidden(CellState::kBelowMinimum),
                   protecting = Hidden(CellState::kProtectsAnother);
  auto sum = [](std::vector<const FigureCell*> months) { return SumOverMonths("k", "", months); };
  const FigureCell exact = sum({&a, &b});
  EXPECT_EQ(exact.state, CellState::kShown);
  EXPECT_EQ(exact.count, 19);
  // A month below 5 adds nothing known: "at least" the rest.
  const FigureCell partial = sum({&a, &below});
  EXPECT_EQ(CountText(partial), "at least 12");
  // A protecting count may be of any size: it adds nothing known.
  EXPECT_EQ(CountText(sum({&a, &protecting, &below})), "at least 12");
  EXPECT_EQ(CountText(sum({&below, &below, nullptr})), "fewer than 5 in each month");
  EXPECT_EQ(sum({&below, &protecting}).state, CellState::kProtectsAnother);
  EXPECT_EQ(sum({}).state, CellState::kBelowMinimum);
}

TEST(FiguresTest, CellStatesHaveStableNames) {
  for (CellState s : {CellState::kShown, CellState::kBelowMinimum, CellState::kProtectsAnother,
                      CellState::kAtLeast, CellState::kBelowMinimumEachMonth}) {
    EXPECT_EQ(ParseCellState(ToString(s)), s);
  }
  EXPECT_EQ(ToString(CellState::kProtectsAnother), "protects_another");
  EXPECT_FALSE(ParseCellState("hidden").has_value());
}

TEST(FiguresTest, DimensionNames) {
  EXPECT_EQ(ToString(Dimension::kFreeport), "freeport");
  EXPECT_EQ(ToString(Dimension::kInsiderType), "insider_type");
  EXPECT_EQ(FewerThanText(), "fewer than 5");
}

}  // namespace
}  // namespace portsafe::core
