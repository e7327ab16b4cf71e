#include "intel/blind_index.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "crypto/sealed_box.h"
#include "intel/check_digits.h"

namespace portsafe::intel {
namespace {

const std::string kId = "0123456789abcdef0123456789abcdef";
const std::string kOtherId = "fedcba9876543210fedcba9876543210";

// The terms of an entry as byte strings.
std::vector<std::string> Terms(const BlindIndex& index, const Entry& e) {
  std::vector<BlindIndex::TermBytes> raw;
  index.PostingTerms(e, &raw);
  std::vector<std::string> out;
  for (const auto& t : raw) out.emplace_back(t.data(), t.size());
  return out;
}

// A report id sealed to a term, as a byte string.
std::string Seal(const BlindIndex& index, std::string_view term, const std::string& id) {
  BlindIndex::TermBytes t{};
  std::copy(term.begin(), term.begin() + std::min(term.size(), t.size()), t.begin());
  BlindIndex::IdBytes bytes;
  EXPECT_TRUE(BlindIndex::ParseId(id, &bytes));
  BlindIndex::RefBytes ref;
  index.SealRef(t, bytes, &ref);
  return std::string(ref.data(), ref.size());
}

class BlindIndexTest : public ::testing::Test {
 protected:
  crypto::KeyPair service_ = crypto::GenerateKeyPair();
  BlindIndex index_{service_.private_key};
};

TEST_F(BlindIndexTest, RefsOpenOnlyUnderTheirTermAndKey) {
  const Entry van{Kind::kVrmGb, "AB12CDE", true};
  const std::string term = Terms(index_, van)[0];
  ASSERT_EQ(term.size(), BlindIndex::kTermBytes);
  const std::string ref = Seal(index_, term, kId);
  ASSERT_EQ(ref.size(), BlindIndex::kRefBytes);
  EXPECT_EQ(index_.OpenRef(term, ref), kId);
  // Deterministic, so the ref can be found again and deleted...
  EXPECT_EQ(Seal(index_, term, kId), ref);
  // ...but unrelated across terms and reports.
  const std::string other_term = Terms(index_, {Kind::kVrmGb, "AB12CDF", true})[0];
  EXPECT_NE(Seal(index_, other_term, kId), ref);
  EXPECT_NE(Seal(index_, term, kOtherId).substr(0, 12), ref.substr(0, 12));
  EXPECT_EQ(index_.OpenRef(other_term, ref), std::nullopt);
  std::string tampered = ref;
  tampered[20] ^= 1;
  EXPECT_EQ(index_.OpenRef(term, tampered), std::nullopt);
  EXPECT_EQ(index_.OpenRef(term, ref.substr(1)), std::nullopt);
  // Another service key: other terms, and nothing opens.
  BlindIndex other(crypto::GenerateKeyPair().private_key);
  EXPECT_NE(Terms(other, van)[0], term);
  EXPECT_EQ(other.OpenRef(term, ref), std::nullopt);
  // The ref does not hold the report id in clear.
  EXPECT_EQ(ref.find(kId.substr(0, 8)), std::string::npos);
}

TEST_F(BlindIndexTest, TheSameValueOfAnotherKindIsAnotherTerm) {
  EXPECT_NE(Terms(index_, {Kind::kImo, "9074729", true})[0],
            Terms(index_, {Kind::kPhone, "9074729", true})[0]);
}

TEST_F(BlindIndexTest, AMistypedContainerPostsWhereTheValidCodeLooks) {
  const Entry typo{Kind::kContainer, "CSQU3054384", false};
  const Entry right{Kind::kContainer, "CSQU3054383", true};
  auto posted = Terms(index_, typo);
  // The code, its owner, and each valid code one edit away.
  EXPECT_EQ(posted.size(), 2 + ContainerNeighbours(typo.value).size());
  bool found = false;
  for (const auto& p : index_.LookupProbes(right)) {
    if (p.match == MatchKind::kNear) {
      found = std::find(posted.begin(), posted.end(), p.term) != posted.end();
      EXPECT_EQ(p.shared, "CSQU3054383");
    }
  }
  EXPECT_TRUE(found);
  // And the mistyped code looks where the valid one is posted.
  const std::string exact_right = Terms(index_, right)[0];
  bool looks = false;
  for (const auto& p : index_.LookupProbes(typo)) looks = looks || p.term == exact_right;
  EXPECT_TRUE(looks);
  // A valid code posts no near terms.
  EXPECT_EQ(Terms(index_, right).size(), 2u);
}

TEST_F(BlindIndexTest, EntriesAreSealedToTheirReport) {
  std::vector<Entry> entries = {{Kind::kContainer, "CSQU3054383", true},
                                {Kind::kPhone, "+447700900123", true}};
  const std::string sealed = index_.SealEntries(kId, entries);
  EXPECT_EQ(sealed.find("CSQU"), std::string::npos);
  auto opened = index_.OpenEntries(kId, sealed);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, entries);
  EXPECT_FALSE(index_.OpenEntries(kOtherId, sealed).ok());  // moved to another report
}

TEST(EntriesCodecTest, RoundTripAndRejects) {
  std::vector<Entry> entries = {{Kind::kUrl, "example.com/a?b=1", true},
                                {Kind::kContainer, "CSQU3054384", false}};
  auto back = DecodeEntries(EncodeEntries(entries));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, entries);
  EXPECT_TRUE(DecodeEntries("v1\n")->empty());
  for (const char* bad : {"", "v2\n", "v1\ncontainer\tX\n", "v1\nboat\tX\t1\n",
                          "v1\ncontainer\t\t1\n", "v1\ncontainer\tX\t2\n", "v1\ncontainer\tX\t1"}) {
    EXPECT_FALSE(DecodeEntries(bad).ok()) << bad;
  }
}

TEST(EntriesCodecTest, ASketchRidesAtTheEndAndListsWithoutOneStillRead) {
  std::vector<Entry> entries = {{Kind::kPhone, "+447700900123", true}};
  const auto sketch = SketchOf("a van at the east gate every night");
  ASSERT_TRUE(sketch);
  auto back = DecodeRecord(EncodeEntries(entries, &*sketch));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->entries, entries);
  EXPECT_EQ(back->sketch, sketch);
  // What was sealed before sketches: entries alone, no sketch.
  auto old = DecodeRecord("v1\nphone\t+447700900123\t1\n");
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->entries, entries);
  EXPECT_FALSE(old->sketch);
  const std::string line = "=sketch\t" + sketch->Hex() + "\n";
  for (const std::string& bad :
       {std::string("v1\n=sketch\tzz\n"), "v1\n" + line + "phone\t+447700900123\t1\n",
        "v1\n" + line + line}) {
    EXPECT_FALSE(DecodeRecord(bad).ok()) << bad;
  }
}

TEST_F(BlindIndexTest, ASketchIsSealedWithTheEntries) {
  const auto sketch = SketchOf("a van at the east gate every night");
  const std::string sealed = index_.SealEntries(kId, {}, &*sketch);
  EXPECT_EQ(sealed.find(sketch->Hex().substr(0, 8)), std::string::npos);
  auto opened = index_.OpenRecord(kId, sealed);
  ASSERT_TRUE(opened.ok());
  EXPECT_TRUE(opened->entries.empty());
  EXPECT_EQ(opened->sketch, sketch);
  EXPECT_FALSE(index_.OpenRecord(kOtherId, sealed).ok());
}

TEST(EntriesOfTest, DistinctAndSorted) {
  std::vector<Identifier> ids = {{Kind::kVrmGb, 0, 7, "AB12CDE", true},
                                 {Kind::kContainer, 9, 20, "CSQU3054383", true},
                                 {Kind::kVrmGb, 30, 38, "AB12CDE", true}};
  auto e = EntriesOf(ids);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].kind, Kind::kContainer);
  EXPECT_EQ(e[1].value, "AB12CDE");
}

}  // namespace
}  // namespace portsafe::intel
