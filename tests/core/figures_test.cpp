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

std::vector<std::string> Shown(const FigureTable& t) {
  std::vector<std::string> out;
  for (const auto& r : t.rows) out.push_back(r.key + "=" + CountText(r));
  return out;
}

TEST(FiguresTest, CountsBelowFiveAreShownAsFewerThanFive) {
  auto t = PublishTable("t", "T", Dimension::kCategory,
                        {{"a", "", 12}, {"b", "", 5}, {"c", "", 0}, {"d", "", 9}});
  EXPECT_EQ(Shown(t), (std::vector<std::string>{"a=12", "b=5", "c=fewer than 5", "d=9"}));
  EXPECT_EQ(t.id, "t");
  EXPECT_EQ(t.dimension, Dimension::kCategory);
}

TEST(FiguresTest, HiddenCellsThatAddUpToFewerThanFiveHideTheSmallestShownOne) {
  // 3 hidden: a total elsewhere (20) minus 17 shown would reveal it, so the
  // smallest shown cell (6) goes too, and the hidden cells add up to 9.
  auto t = PublishTable("t", "T", Dimension::kMonth,
                        {{"m1", "", 11}, {"m2", "", 3}, {"m3", "", 6}, {"m4", "", 0}});
  EXPECT_EQ(Shown(t), (std::vector<std::string>{"m1=11", "m2=fewer than 5", "m3=fewer than 5",
                                                "m4=fewer than 5"}));
}

TEST(FiguresTest, ATinyTableIsHiddenWhole) {
  auto t = PublishTable("t", "T", Dimension::kMonth, {{"m1", "", 4}, {"m2", "", 0}});
  for (const auto& r : t.rows) EXPECT_FALSE(r.count.has_value()) << r.key;
  auto one = PublishTable("t", "T", Dimension::kMonth, {{"m1", "", 1}, {"m2", "", 6}});
  for (const auto& r : one.rows) EXPECT_FALSE(r.count.has_value()) << r.key;
}

TEST(FiguresTest, ZerosAloneNeedNoSecondHiddenCell) {
  // Hidden cells adding up to nothing reveal no one.
  auto t = PublishTable("t", "T", Dimension::kOutcome, {{"a", "", 7}, {"b", "", 0}});
  EXPECT_EQ(Shown(t), (std::vector<std::string>{"a=7", "b=fewer than 5"}));
}

TEST(FiguresTest, DimensionNames) {
  EXPECT_EQ(ToString(Dimension::kFreeport), "freeport");
  EXPECT_EQ(ToString(Dimension::kInsiderType), "insider_type");
  EXPECT_EQ(FewerThanText(), "fewer than 5");
}

}  // namespace
}  // namespace portsafe::core
