#include "core/reference.h"

#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <set>

namespace portsafe::core {
namespace {

std::string RandomHexId(std::mt19937_64& rng) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(64, '0');
  for (char& c : id) c = kHex[rng() % 16];
  return id;
}

TEST(ReferenceTest, TheLastFortyBitsInCrockfordsBase32) {
  EXPECT_EQ(ReferenceOf(std::string(54, 'a') + "0000000000"), "0000-0000");
  EXPECT_EQ(ReferenceOf(std::string(54, '0') + "ffffffffff"), "ZZZZ-ZZZZ");
  EXPECT_EQ(ReferenceOf(std::string(54, '7') + "0123456789"), "04HM-ASW9");
  // Anything that is no lower-hex id is shown as it is.
  EXPECT_EQ(ReferenceOf("abc"), "abc");
  EXPECT_EQ(ReferenceOf("ABCDEF0123456789"), "ABCDEF0123456789");
}

TEST(ReferenceTest, ReportsSharingTheirFirstCharactersHaveReferencesApart) {
  // Report ids begin with their receipt's lookup bucket: many share it.
  std::mt19937_64 rng(20261205);
  const std::string bucket = RandomHexId(rng).substr(0, 16);
  std::set<std::string> refs;
  const std::regex shape("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
  for (int i = 0; i < 2000; ++i) {
    const std::string ref = ReferenceOf(bucket + RandomHexId(rng).substr(16));
    EXPECT_TRUE(std::regex_match(ref, shape)) << ref;
    refs.insert(ref);
  }
  EXPECT_EQ(refs.size(), 2000u);
}

TEST(ReferenceTest, EveryCharacterIsUsedInEveryPlace) {
  // Random ids give references with no position fixed: nothing in them
  // counts up or follows the time.
  std::mt19937_64 rng(7);
  std::vector<std::set<char>> seen(9);
  for (int i = 0; i < 4000; ++i) {
    const std::string ref = ReferenceOf(RandomHexId(rng));
    for (size_t at = 0; at < ref.size(); ++at) seen[at].insert(ref[at]);
  }
  for (size_t at = 0; at < 9; ++at) EXPECT_EQ(seen[at].size(), at == 4 ? 1u : 32u) << at;
}

TEST(ReferenceTest, ATypedReferenceIsReadAsAPersonMeantIt) {
  EXPECT_EQ(ParseReference("k7mq 4rpx"), "K7MQ-4RPX");
  EXPECT_EQ(ParseReference("K7MQ4RPX"), "K7MQ-4RPX");
  EXPECT_EQ(ParseReference("o4hm-asw9"), "04HM-ASW9");  // O for zero
  EXPECT_EQ(ParseReference("I1L1-0000"), "1111-0000");
  EXPECT_EQ(ParseReference("K7MQ-4RPU"), std::nullopt);  // U is not a symbol
  EXPECT_EQ(ParseReference("K7MQ-4RP"), std::nullopt);
  EXPECT_EQ(ParseReference("K7MQ-4RPXX"), std::nullopt);
  EXPECT_EQ(ParseReference(""), std::nullopt);
  std::mt19937_64 rng(3);
  for (int i = 0; i < 200; ++i) {
    const std::string ref = ReferenceOf(RandomHexId(rng));
    EXPECT_EQ(ParseReference(ref), ref);
  }
}

TEST(ReferenceTest, AReferenceLeadsBackToTheEndOfItsId) {
  std::mt19937_64 rng(5122026);
  for (int i = 0; i < 1000; ++i) {
    const std::string id = RandomHexId(rng);
    auto tail = ReferenceIdTail(ReferenceOf(id));
    ASSERT_TRUE(tail.has_value()) << id;
    EXPECT_EQ(*tail, id.substr(54)) << id;
  }
  EXPECT_EQ(ReferenceIdTail("04HM-ASW9"), "0123456789");
  // Only the written form: what a person typed is parsed first.
  EXPECT_EQ(ReferenceIdTail("04hm asw9"), std::nullopt);
  EXPECT_EQ(ReferenceIdTail("04HM-ASWU"), std::nullopt);
  EXPECT_EQ(ReferenceIdTail(""), std::nullopt);
}

}  // namespace
}  // namespace portsafe::core
