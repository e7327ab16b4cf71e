#include "intel/check_digits.h"

#include <gtest/gtest.h>

#include "intel/mid_table.h"

namespace portsafe::intel {
namespace {

TEST(CheckDigitsTest, ContainerCodesOfTheStandardsExamples) {
  // ISO 6346's worked example, and codes checked by hand from the letter
  // table (A=10, B=12, ... skipping 11, 22, 33; weights 2^position).
  EXPECT_EQ(ContainerCheckDigit("CSQU305438"), '3');
  EXPECT_EQ(ContainerCheckDigit("MSKU123456"), '5');
  EXPECT_EQ(ContainerCheckDigit("CSQJ305438"), '6');
  EXPECT_EQ(ContainerCheckDigit("ABCZ000001"), '0');
  // Remainder 10 is written as 0.
  EXPECT_EQ(ContainerCheckDigit("AAAU000006"), '0');  // sum mod 11 is 10
  EXPECT_EQ(ContainerCheckDigit("csqu305438"), '\0');
  EXPECT_EQ(ContainerCheckDigit("CSQU30543"), '\0');
}

TEST(CheckDigitsTest, ImoNumbers) {
  EXPECT_EQ(ImoCheckDigit("907472"), '9');  // 9*7+0*6+7*5+4*4+7*3+2*2 = 139
  EXPECT_EQ(ImoCheckDigit("917618"), '7');  // 147
  EXPECT_EQ(ImoCheckDigit("90747a"), '\0');
}

TEST(CheckDigitsTest, NeighboursOfAMistypedContainerAreValidAndOneEditAway) {
  auto n = ContainerNeighbours("CSQU3054384");  // check digit mistyped
  ASSERT_FALSE(n.empty());
  EXPECT_NE(std::find(n.begin(), n.end(), "CSQU3054383"), n.end());
  for (const auto& c : n) {
    ASSERT_EQ(c.size(), 11u);
    EXPECT_EQ(ContainerCheckDigit(c), c[10]) << c;
    int diff = 0;
    for (size_t i = 0; i < 11; ++i) diff += c[i] != "CSQU3054384"[i];
    EXPECT_TRUE(diff == 1 || diff == 2) << c;  // replaced, or two neighbours swapped
  }
  // A transposition of two serial digits is found too.
  auto swapped = ContainerNeighbours("CSQU3504383");
  EXPECT_NE(std::find(swapped.begin(), swapped.end(), "CSQU3054383"), swapped.end());
  EXPECT_TRUE(ContainerNeighbours("short").empty());
}

TEST(MidTableTest, FlagStatesAndStations) {
  for (int mid : {232, 233, 234, 235}) EXPECT_STREQ(FlagState(mid), "United Kingdom");
  EXPECT_STREQ(FlagState(636), "Liberia");
  EXPECT_STREQ(FlagState(538), "Marshall Islands");
  EXPECT_STREQ(FlagState(775), "Venezuela");
  EXPECT_EQ(FlagState(217), nullptr);
  EXPECT_EQ(FlagState(999), nullptr);
  EXPECT_EQ(DescribeMmsi("232001234").station, "ship");
  EXPECT_EQ(DescribeMmsi("002320123").mid, 232);
  EXPECT_EQ(DescribeMmsi("023200123").station, "group");
  EXPECT_EQ(DescribeMmsi("992351234").station, "aid_to_navigation");
  EXPECT_TRUE(DescribeMmsi("972123456").valid);
  EXPECT_FALSE(DescribeMmsi("217000000").valid);
  EXPECT_FALSE(DescribeMmsi("123456789").valid);
}

}  // namespace
}  // namespace portsafe::intel
