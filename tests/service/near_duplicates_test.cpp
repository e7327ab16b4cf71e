// Near-duplicate groups on their own: near-identical open reports form one
// group named by its oldest report, different ones stay apart, closing and
// purging take reports out, an older key changes nothing, and the groups
// survive the compaction that drops closed reports.
#include "service/near_duplicates.h"

#include <gtest/gtest.h>

#include <set>

namespace portsafe::service {
namespace {

std::string Id(int n) {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%032x", n);
  return buf;
}

QueueKey Open(const std::string& day, std::int64_t version = 1) {
  return {true, core::Priority::kNormal, day, version};
}
QueueKey Closed(const std::string& day, std::int64_t version = 2) {
  return {false, core::Priority::kNormal, day, version};
}

// The same junk with a counter in it, and unrelated reports.
std::optional<intel::TextSketch> Junk(int n) {
  return intel::SketchOf(
      "URGENT the harbour master is corrupt and takes bribes from every "
      "ship, everyone knows it, look into it now, message number " +
      std::to_string(n));
}
std::optional<intel::TextSketch> Distinct(int n) {
  static const char* kTexts[] = {
      "a van parks at gate four at night and men load boxes from a reefer",
      "the crane driver was offered money to skip a seal check next week",
      "someone photographs the fuel berth from a small boat every morning",
      "a forklift driver sells pallets of cigarettes from the bonded shed",
  };
  return intel::SketchOf(kTexts[n % 4]);
}

TEST(NearDuplicatesTest, NearIdenticalReportsAreOneGroupNamedByTheOldest) {
  NearDuplicates d;
  for (int i = 0; i < 30; ++i)
    d.Set(Id(100 + i), Junk(i), Open(i < 10 ? "2026-11-02" : "2026-11-03"));
  d.Set(Id(99), Junk(99), Open("2026-11-01"));
  for (int i = 0; i < 4; ++i) d.Set(Id(i + 1), Distinct(i), Open("2026-11-01"));
  auto groups = d.Groups(10);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].reports, 31);
  EXPECT_EQ(groups[0].id, Id(99));  // the oldest
  EXPECT_EQ(groups[0].first_received_on, "2026-11-01");
  EXPECT_EQ(groups[0].last_received_on, "2026-11-03");
  ASSERT_EQ(groups[0].newest.size(), NearDuplicates::kSample);
  EXPECT_EQ(groups[0].newest[0], Id(129));  // newest first, then by id
  std::int64_t total = 0;
  std::string as_seen;
  auto members = d.Members(groups[0].id, 5, &total, &as_seen);
  EXPECT_EQ(total, 31);
  EXPECT_EQ(as_seen, groups[0].as_seen);
  EXPECT_EQ(members, (std::vector<std::string>{Id(99), Id(100), Id(101), Id(102), Id(103)}));
  // A distinct report is in no group.
  EXPECT_TRUE(d.Members(Id(1), 5, &total, &as_seen).empty());
  EXPECT_EQ(total, 0);
  EXPECT_EQ(d.size(), 35u);
}

TEST(NearDuplicatesTest, ClosingOrPurgingTakesAReportOutAndAnOlderKeyChangesNothing) {
  NearDuplicates d;
  d.Set(Id(1), Junk(1), Open("2026-11-01"));
  d.Set(Id(2), Junk(2), Open("2026-11-01"));
  d.Set(Id(3), Junk(3), Open("2026-11-01"));
  d.SetKey(Id(1), Closed("2026-11-01", 5));
  d.SetKey(Id(1), Open("2026-11-01", 4));  // read before the close: ignored (and gone anyway)
  auto groups = d.Groups(10);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].reports, 2);
  EXPECT_EQ(groups[0].id, Id(2));
  d.Set(Id(2), Junk(2), Closed("2026-11-01"));  // indexed again, closed
  EXPECT_TRUE(d.Groups(10).empty());            // one report left is no group
  // A report that arrives later still joins through the closed ones.
  d.Set(Id(4), Junk(4), Open("2026-11-02"));
  ASSERT_EQ(d.Groups(10).size(), 1u);
  EXPECT_EQ(d.Groups(10)[0].reports, 2);
  d.Remove(Id(3));
  EXPECT_TRUE(d.Groups(10).empty());
  // Not ids, no sketch: nothing kept.
  d.Set("not an id", Junk(5), Open("2026-11-02"));
  d.Set(Id(6), std::nullopt, Open("2026-11-02"));
  EXPECT_EQ(d.size(), 1u);
}

TEST(NearDuplicatesTest, AReportWhoseTextChangesMovesToItsNewGroup) {
  NearDuplicates d;
  d.Set(Id(1), Junk(1), Open("2026-11-01"));
  d.Set(Id(2), Junk(2), Open("2026-11-01"));
  d.Set(Id(3), Distinct(0), Open("2026-11-01"));
  d.Set(Id(4), Distinct(0), Open("2026-11-01"));
  ASSERT_EQ(d.Groups(10).size(), 2u);
  // Report 2's reporter wrote more: its sketch now matches the other group.
  d.Set(Id(2), Distinct(0), Open("2026-11-01", 2));
  auto groups = d.Groups(10);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].reports, 3);
  EXPECT_EQ(groups[0].id, Id(2));  // same day: the smallest id
}

TEST(NearDuplicatesTest, LargestGroupsComeFirstAndTheLimitHolds) {
  NearDuplicates d;
  for (int i = 0; i < 5; ++i) d.Set(Id(10 + i), Junk(i), Open("2026-11-01"));
  for (int i = 0; i < 3; ++i) d.Set(Id(20 + i), Distinct(1), Open("2026-11-02"));
  for (int i = 0; i < 3; ++i) d.Set(Id(30 + i), Distinct(2), Open("2026-11-03"));
  auto groups = d.Groups(10);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].reports, 5);
  EXPECT_EQ(groups[1].id, Id(30));  // of two the same size, the newer first
  EXPECT_EQ(groups[2].id, Id(20));
  EXPECT_EQ(d.Groups(1).size(), 1u);
}

TEST(NearDuplicatesTest, GroupsSurviveTheCompactionThatDropsClosedReports) {
  NearDuplicates d;
  // An open group, then many closed reports joined to it, then more open.
  for (int i = 0; i < 3; ++i) d.Set(Id(1 + i), Junk(i), Open("2026-09-01"));
  for (int i = 0; i < 3000; ++i) {
    d.Set(Id(10000 + i), Junk(100 + i), Open("2026-10-01"));
    d.SetKey(Id(10000 + i), Closed("2026-10-01"));
  }
  d.Set(Id(4), Junk(4), Open("2026-11-01"));
  d.Set(Id(50), Distinct(3), Open("2026-11-01"));
  const auto before = d.Groups(10);
  ASSERT_EQ(before.size(), 1u);
  d.Compact();
  const auto after = d.Groups(10);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].id, Id(1));
  EXPECT_EQ(after[0].reports, 4);
  EXPECT_EQ(after[0].as_seen, before[0].as_seen);  // the same reports
  std::int64_t total = 0;
  std::string as_seen;
  EXPECT_EQ(d.Members(Id(4), 10, &total, &as_seen),
            (std::vector<std::string>{Id(1), Id(2), Id(3), Id(4)}));
  EXPECT_EQ(d.size(), 5u);
  // Still joined as reports come.
  d.Set(Id(5), Junk(5), Open("2026-11-02"));
  EXPECT_EQ(d.Groups(10)[0].reports, 5);
}

TEST(NearDuplicatesTest, AReadFromBeforeAReportClosedCannotBringItBack) {
  NearDuplicates d;
  d.Set(Id(1), Junk(1), Open("2026-11-01", 3));
  d.Set(Id(2), Junk(2), Open("2026-11-01", 3));
  // The link worker read report 2 as open at version 3; a handler closes
  // it (version 4) before the worker's Set arrives.
  d.SetKey(Id(2), Closed("2026-11-01", 4));
  d.Set(Id(2), Junk(2), Open("2026-11-01", 3));
  EXPECT_TRUE(d.Groups(10).empty());
  // Closed before it was ever kept: the same.
  d.SetKey(Id(3), Closed("2026-11-01", 7));
  d.Set(Id(3), Junk(3), Open("2026-11-01", 6));
  EXPECT_TRUE(d.Groups(10).empty());
  // Reopened later (a newer version): it comes back.
  d.Set(Id(2), Junk(2), Open("2026-11-01", 5));
  ASSERT_EQ(d.Groups(10).size(), 1u);
  EXPECT_EQ(d.Groups(10)[0].reports, 2);
}

TEST(NearDuplicatesTest, TheTokenChangesWhenAReportJoinsOrLeaves) {
  NearDuplicates d;
  for (int i = 0; i < 3; ++i) d.Set(Id(1 + i), Junk(i), Open("2026-11-01"));
  const std::string three = d.Groups(1)[0].as_seen;
  d.Set(Id(4), Junk(4), Open("2026-11-01"));
  const std::string four = d.Groups(1)[0].as_seen;
  EXPECT_NE(three, four);
  d.SetKey(Id(4), Closed("2026-11-01"));
  EXPECT_EQ(d.Groups(1)[0].as_seen, three);
  d.SetKey(Id(3), Closed("2026-11-01"));
  EXPECT_NE(d.Groups(1)[0].as_seen, three);
  EXPECT_EQ(d.Groups(1)[0].reports, 2);
}

}  // namespace
}  // namespace portsafe::service
