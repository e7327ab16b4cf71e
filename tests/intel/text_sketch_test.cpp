// The text sketch: near-identical texts agree in most values and share a
// band, different texts in few and share none; case, spacing and
// punctuation do not matter; the hex form round-trips and refuses anything
// else.
#include "intel/text_sketch.h"

#include <gtest/gtest.h>

#include <random>

namespace portsafe::intel {
namespace {

bool ShareABand(const TextSketch& a, const TextSketch& b) {
  for (size_t i = 0; i < TextSketch::kBands; ++i) {
    if (a.BandKey(i) == b.BandKey(i)) return true;
  }
  return false;
}

constexpr const char* kReport =
    "A white van without markings parks by the east gate of the container terminal most "
    "nights. Two men move boxes from a reefer into the van and drive off towards the A14.";

TEST(TextSketchTest, CaseSpacingAndPunctuationDoNotChangeTheSketch) {
  auto a = SketchOf(kReport);
  auto b = SketchOf(
      "a WHITE van, without markings -- parks by the East Gate of the container terminal "
      "most nights!!  Two men move boxes from a reefer into the van and drive off towards the "
      "A14");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  EXPECT_DOUBLE_EQ(a->Similarity(*b), 1.0);
}

TEST(TextSketchTest, ATextWithAFewWordsChangedIsNearAndAnotherTextIsNot) {
  auto a = SketchOf(kReport);
  auto near = SketchOf(
      "A white van without markings parks by the east gate of the container terminal most "
      "nights. Three men move boxes from a reefer into the van and drive off towards the A12.");
  auto other = SketchOf(
      "The crane driver on the night shift was offered money to leave a seal unchecked on a "
      "box arriving from Rotterdam next week; the man who asked drives a black saloon.");
  ASSERT_TRUE(a && near && other);
  EXPECT_GE(a->Similarity(*near), 0.75);
  EXPECT_TRUE(ShareABand(*a, *near));
  EXPECT_LE(a->Similarity(*other), 0.25);
  EXPECT_FALSE(ShareABand(*a, *other));
}

TEST(TextSketchTest, RandomTextsAlmostNeverShareABand) {
  // Junk of the same length and alphabet, unrelated: a chance band in
  // common must be rare, or unrelated reports would be grouped.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> letter('a', 'z');
  std::vector<TextSketch> sketches;
  for (int i = 0; i < 300; ++i) {
    std::string t;
    for (int j = 0; j < 200; ++j) t.push_back(j % 6 == 5 ? ' ' : static_cast<char>(letter(rng)));
    sketches.push_back(*SketchOf(t));
  }
  int shared = 0;
  for (size_t i = 0; i < sketches.size(); ++i) {
    for (size_t j = i + 1; j < sketches.size(); ++j) shared += ShareABand(sketches[i], sketches[j]);
  }
  EXPECT_EQ(shared, 0);
}

TEST(TextSketchTest, LongUnrelatedTextsDoNotLookAlike) {
  // A report with a long thread is tens of thousands of five-letter runs:
  // two such texts must agree in few values (by chance, about one in
  // 65,536 each), or long reports would all be grouped.
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> letter('a', 'z');
  auto text = [&] {
    std::string t;
    for (int j = 0; j < 200000; ++j) t.push_back(j % 7 == 6 ? ' ' : static_cast<char>(letter(rng)));
    return t;
  };
  const auto a = SketchOf(text()), b = SketchOf(text());
  ASSERT_TRUE(a && b);
  EXPECT_LE(a->Similarity(*b), 1.0 / TextSketch::kMinHashes);
  EXPECT_FALSE(ShareABand(*a, *b));
}

TEST(TextSketchTest, NothingToCompareGivesNoSketch) {
  EXPECT_FALSE(SketchOf(""));
  EXPECT_FALSE(SketchOf(" ,.;- \n\t"));
  EXPECT_TRUE(SketchOf("ok"));  // shorter than a shingle: one shingle
  EXPECT_NE(*SketchOf("ok"), *SketchOf("no"));
}

TEST(TextSketchTest, HexRoundTripsAndAnythingElseIsRefused) {
  auto a = SketchOf(kReport);
  ASSERT_TRUE(a);
  const std::string hex = a->Hex();
  EXPECT_EQ(hex.size(), 128u);
  EXPECT_EQ(TextSketch::FromHex(hex), a);
  EXPECT_FALSE(TextSketch::FromHex(hex.substr(1)));
  EXPECT_FALSE(TextSketch::FromHex(hex + "0"));
  std::string upper = hex;
  upper[0] = 'A';
  EXPECT_FALSE(TextSketch::FromHex(upper));
  std::string bad = hex;
  bad[5] = 'g';
  EXPECT_FALSE(TextSketch::FromHex(bad));
}

}  // namespace
}  // namespace portsafe::intel
