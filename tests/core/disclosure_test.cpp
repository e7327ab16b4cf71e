// The disclosure control of linked tables, on the differences that broke
// the figures before: a freeport minus its big port, an operator minus a
// port, a table's small cell hidden alone.
#include "core/disclosure.h"

#include <gtest/gtest.h>

#include "core/figures.h"

namespace portsafe::core {
namespace {

// Felixstowe (16) and Harwich (2) make up Freeport East (18); Hutchison
// Ports runs both; the national total also holds Dover (30).
LinkedCounts FreeportEast() {
  LinkedCounts c;
  c.atoms = 3;  // 0 Felixstowe, 1 Harwich, 2 Dover
  c.cells = {
      {{0}, 16},        // 0 Felixstowe
      {{1}, 2},         // 1 Harwich
      {{2}, 30},        // 2 Dover
      {{0, 1}, 18},     // 3 Freeport East
      {{0, 1}, 18},     // 4 Hutchison Ports
      {{0, 1, 2}, 48},  // 5 all reports
  };
  return c;
}

// Every hidden cell keeps at least kMinCount possible values.
void ExpectProtected(const LinkedCounts& c, const std::vector<Disclosure>& d) {
  for (size_t i = 0; i < c.cells.size(); ++i) {
    // A cell of no atoms is 0 by its definition.
    if (d[i] == Disclosure::kShown || c.cells[i].atoms.empty()) continue;
    const CellRange r = DeducibleRange(c, d, static_cast<int>(i));
    EXPECT_GE(r.Width(), kMinCount)
        << "cell " << i << ": " << r.lo << " to " << (r.hi ? std::to_string(*r.hi) : "more");
    // A count below 5 relabelled as protecting is read as 5 or more: the
    // reader's range then misses it, which is the point.
    if (d[i] == Disclosure::kProtectsAnother && c.cells[i].value < kMinCount) continue;
    EXPECT_LE(r.lo, c.cells[i].value) << "cell " << i;
    if (r.hi) EXPECT_GE(*r.hi, c.cells[i].value) << "cell " << i;
  }
}

TEST(DisclosureTest, AFreeportMinusItsBigPortNoLongerGivesTheSmallOne) {
  const LinkedCounts c = FreeportEast();
  // Hiding Harwich alone: Freeport East minus Felixstowe gives 2 exactly.
  std::vector<Disclosure> naive(c.cells.size(), Disclosure::kShown);
  naive[1] = Disclosure::kBelowMinimum;
  const CellRange broken = DeducibleRange(c, naive, 1);
  EXPECT_EQ(broken.lo, 2);
  EXPECT_EQ(broken.hi, 2);

  const auto d = ProtectCells(c);
  EXPECT_EQ(d[1], Disclosure::kBelowMinimum);
  EXPECT_EQ(d[2], Disclosure::kShown) << "Dover needs no hiding";
  int protecting = 0;
  for (auto x : d) protecting += x == Disclosure::kProtectsAnother;
  EXPECT_GE(protecting, 1);
  ExpectProtected(c, d);
}

TEST(DisclosureTest, CellsOfFiveOrMoreAreShownWhenNothingSmallIsNear) {
  LinkedCounts c;
  c.atoms = 2;
  c.cells = {{{0}, 9}, {{1}, 14}, {{0, 1}, 23}};
  EXPECT_EQ(ProtectCells(c), std::vector<Disclosure>(3, Disclosure::kShown));
}

TEST(DisclosureTest, AProtectingCellIsNotNarrowedEither) {
  // 2 + 6 = 8 with the total shown: hiding 2 and 6 (read as 5 or more)
  // leaves the 2 at most 3, so the total goes too.
  LinkedCounts c;
  c.atoms = 2;
  c.cells = {{{0}, 2}, {{1}, 6}, {{0, 1}, 8}};
  const auto d = ProtectCells(c);
  EXPECT_EQ(d, (std::vector<Disclosure>{Disclosure::kBelowMinimum, Disclosure::kProtectsAnother,
                                        Disclosure::kProtectsAnother}));
  ExpectProtected(c, d);
}

TEST(DisclosureTest, TwoSmallCountsUnderAHiddenSumAreNotProvedNonZero) {
  // An operator of two ports, 4 and 2. Shown, the 6 gives the 2 as 2 to 4;
  // hidden (read as 5 or more) with both ports "fewer than 5", each port
  // would be proved to have had a report. One port is relabelled as
  // protecting the other, and read as 5 or more, which proves nothing.
  LinkedCounts c;
  c.atoms = 2;
  c.cells = {{{0}, 4}, {{1}, 2}, {{0, 1}, 6}};
  const auto d = ProtectCells(c);
  EXPECT_EQ(d[2], Disclosure::kProtectsAnother);
  EXPECT_EQ((d[0] == Disclosure::kProtectsAnother) + (d[1] == Disclosure::kProtectsAnother), 1);
  ExpectProtected(c, d);
  const int small = d[0] == Disclosure::kBelowMinimum ? 0 : 1;
  EXPECT_EQ(DeducibleRange(c, d, small).lo, 0);
}

TEST(DisclosureTest, TwinCellsBelowFiveAreNotRelabelledIntoNonsense) {
  // Found by the membership fuzz target: two cells of the same atoms, both
  // 4. Relabelling one as "5 or more" while its twin says "fewer than 5"
  // leaves no counts at all, and the check could then prove nothing.
  LinkedCounts c;
  c.atoms = 6;  // 4, 1, 3, 0, 7, 4
  const std::vector<std::int64_t> v = {4, 1, 3, 0, 7, 4};
  for (const std::vector<int>& atoms : std::vector<std::vector<int>>{
           {2}, {}, {}, {1, 2}, {0}, {0, 3, 4, 5}, {1, 2}, {0, 3, 4, 5}, {0, 1}, {}}) {
    std::int64_t sum = 0;
    for (int a : atoms) sum += v[a];
    c.cells.push_back({atoms, sum});
  }
  const auto d = ProtectCells(c);
  for (size_t i = 0; i < c.cells.size(); ++i) {
    if (d[i] == Disclosure::kShown) EXPECT_GE(c.cells[i].value, kMinCount) << i;
  }
  ExpectProtected(c, d);
}

TEST(DisclosureTest, ARelabelledCountTakesItsTwinWithIt) {
  // Found by the membership fuzz target: an operator of two ports, 4 and 3,
  // hidden as 5 or more; each port is also a cell of its own twice over
  // (a national and a facility row). Relabelling one row of the 4 alone
  // contradicts its twin's "fewer than 5", so both rows are relabelled.
  LinkedCounts c;
  c.atoms = 2;
  c.cells = {{{0}, 4}, {{0}, 4}, {{1}, 3}, {{1}, 3}, {{0, 1}, 7}, {{0, 1}, 7}};
  const auto d = ProtectCells(c);
  EXPECT_EQ(d[0], d[1]);
  EXPECT_EQ(d[2], d[3]);
  EXPECT_TRUE(d[0] == Disclosure::kProtectsAnother || d[2] == Disclosure::kProtectsAnother);
  ExpectProtected(c, d);
}

TEST(DisclosureTest, TheAnswerIsTheSameEveryTime) {
  const LinkedCounts c = FreeportEast();
  EXPECT_EQ(ProtectCells(c), ProtectCells(c));
}

TEST(DisclosureTest, ACellOfNoAtomsIsLeftAlone) {
  LinkedCounts c;
  c.atoms = 1;
  c.cells = {{{}, 0}, {{0}, 9}};
  EXPECT_EQ(ProtectCells(c),
            (std::vector<Disclosure>{Disclosure::kBelowMinimum, Disclosure::kShown}));
}

}  // namespace
}  // namespace portsafe::core
